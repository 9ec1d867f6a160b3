import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { getTillSettings, updateTillSettings } from '$lib/server/till/settings';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json(await getTillSettings(getDb(), locals.actor!)));

const body = z.object({ ddmGraceMonths: z.number() });

/** Replaces the till's settings (the till settings page); audited with before and after. */
export const PUT: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const db = getDb();
		await updateTillSettings(db, locals.actor!, input);
		return json(await getTillSettings(db, locals.actor!));
	});
