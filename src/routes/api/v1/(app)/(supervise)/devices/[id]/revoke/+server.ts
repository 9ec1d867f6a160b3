import { json } from '@sveltejs/kit';
import { revokeDevice } from '$lib/server/auth/devices';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Revokes a tablet (a lost or stolen one): its cookie stops working and every session on it ends. */
export const POST: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		await revokeDevice(getDb(), locals.actor!, params.id);
		return json({ ok: true });
	});
