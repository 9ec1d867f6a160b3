import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { closedSession } from '$lib/server/till/sessions';
import type { PageServerLoad } from './$types';
import { READ_Z_REPORTS } from '$lib/permissions';

/**
 * After closing: the figures of the session this person closed (expected, counted, difference), so
 * that the drawer can be checked. Z reports themselves (their list, others', the export) are for
 * supervisors, managers and admins, who also get the link to the printable report.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = locals.actor!;
	const session = await orHttpError(() => closedSession(getDb(), actor, params.id));
	return { session, organisationName: actor.organisationName, canReadZ: hasAnyRole(actor.roles, READ_Z_REPORTS) };
};
