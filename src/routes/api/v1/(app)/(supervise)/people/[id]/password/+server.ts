import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { checkMayChange, setPassword } from '$lib/server/people/people';
import type { RequestHandler } from './$types';

const body = z.object({ password: z.string().max(1000), current: z.string().max(1000).optional() });

/**
 * Sets a temporary password (managers and admins): the person changes it at their next sign-in, their
 * sessions end. On one's own account, the current password is needed (`current`), as on the screen.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkMayChange(db, locals.actor!, params.id, 'password');
		const b = await readJson(request, body);
		await setPassword(db, locals.actor!, params.id, b.password, b.current ?? '');
		return json({ ok: true, temporary: params.id !== locals.actor!.userId });
	});
