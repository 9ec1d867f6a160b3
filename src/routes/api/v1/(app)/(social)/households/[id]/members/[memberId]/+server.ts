import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { removeMember } from '$lib/server/households/households';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Removes a member ("member_remove"). */
export const DELETE: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		await removeMember(getDb(), locals.actor!, params.id, params.memberId);
		return json({ ok: true });
	});
