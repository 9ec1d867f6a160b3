import { json } from '@sveltejs/kit';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Who is calling: the signed-in person, or the creator of the API token (with the token's roles). */
export const GET: RequestHandler = ({ locals }) =>
	apiHandle(async () => {
		const a = locals.actor!;
		return json({
			id: a.userId,
			username: a.username,
			firstName: a.firstName,
			lastName: a.lastName,
			organisation: { id: a.organisationId, name: a.organisationName },
			roles: a.roles,
			via: a.kind === 'api' ? 'api_token' : 'session'
		});
	});
