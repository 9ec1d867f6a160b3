import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { getParcelSettings, updateParcelSettings } from '$lib/server/parcels/settingsService';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json(await getParcelSettings(getDb(), locals.actor!)));

const body = z.object({ participationCents: z.number(), nearDays: z.number(), defaultFrequency: z.string().max(20) });

/** Replaces the parcels' settings (the /reglages-colis page); audited with before and after. */
export const PUT: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const db = getDb();
		await updateParcelSettings(db, locals.actor!, input);
		return json(await getParcelSettings(db, locals.actor!));
	});
