import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { checkMayChange, setPersonActive } from '$lib/server/people/people';
import type { RequestHandler } from './$types';

const body = z.object({ active: z.boolean() });

/** Deactivates (their sessions end) or reactivates a person; nobody deactivates themselves. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkMayChange(db, locals.actor!, params.id, 'active');
		const { active } = await readJson(request, body);
		await setPersonActive(db, locals.actor!, params.id, active);
		return json({ ok: true, active });
	});
