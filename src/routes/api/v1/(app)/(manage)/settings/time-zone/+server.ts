import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { organisationZone, updateTimeZone } from '$lib/server/timeZone';
import type { RequestHandler } from './$types';

/** The organisation's time zone (IANA name), in which days and times are shown and counted. */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json({ timeZone: await organisationZone(getDb(), locals.actor!.organisationId) }));

const body = z.object({ timeZone: z.string().max(100) });

/** Changes the organisation's time zone (the time zone page); audited with before and after. */
export const PUT: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const { timeZone } = await readJson(request, body);
		const db = getDb();
		await updateTimeZone(db, locals.actor!, timeZone);
		return json({ timeZone: await organisationZone(db, locals.actor!.organisationId) });
	});
