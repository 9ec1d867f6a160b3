import { MANAGE_ORGANISATION } from '$lib/permissions';
import { hasAnyRole } from '$lib/server/auth/roles';
import { backupWarning } from '$lib/server/backup/requests';
import type { PageServerLoad } from './$types';

/** Managers and admins are warned on their home page when the last good backup is older than a day (or there is none). */
export const load: PageServerLoad = ({ locals }) => ({
	backupWarning: hasAnyRole(locals.actor!.roles, MANAGE_ORGANISATION) ? backupWarning(locals.actor!) : null
});
