import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { getSession } from '$lib/server/till/sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const session = await orHttpError(() => getSession(getDb(), locals.actor!, params.id));
	return { session, organisationName: locals.actor!.organisationName };
};
