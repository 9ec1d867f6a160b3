import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { checkMayChange, setPin } from '$lib/server/people/people';
import type { RequestHandler } from './$types';

const body = z.object({ pin: z.string().max(20), current: z.string().max(20).optional() });

/** Sets a PIN (supervisors and up, for people they may manage; clears a lock). On one's own account, the current PIN is needed. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkMayChange(db, locals.actor!, params.id, 'pin');
		const b = await readJson(request, body);
		await setPin(db, locals.actor!, params.id, b.pin, b.current ?? '');
		return json({ ok: true });
	});
