import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { unlockPin } from '$lib/server/people/people';
import type { RequestHandler } from './$types';

/** Unlocks a PIN locked after too many wrong tries. */
export const POST: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		await unlockPin(getDb(), locals.actor!, params.id);
		return json({ ok: true });
	});
