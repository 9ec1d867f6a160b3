import { json } from '@sveltejs/kit';
import { listApiTokens, revokeApiToken } from '$lib/server/auth/apiTokens';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Revokes a token of the organisation, at once (the next call with it is refused); answers it, revoked. Already revoked or not the organisation's: 404. */
export const DELETE: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const db = getDb();
		await revokeApiToken(db, locals.actor!, params.id);
		return json((await listApiTokens(db, locals.actor!)).find((t) => t.id === params.id)!);
	});
