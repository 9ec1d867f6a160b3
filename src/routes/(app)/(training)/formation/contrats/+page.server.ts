import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { pageParam } from '$lib/server/http/paging';
import { listContracts } from '$lib/server/training/contracts';
import { hasAnyRole } from '$lib/server/auth/roles';
import { MANAGE_CONTRACTS } from '$lib/permissions';
import type { PageServerLoad } from './$types';

/** The organisation's contracts (issue 13, item 6): by default those ending in the next 60 days. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = locals.actor!;
	const list = await orHttpError(() =>
		listContracts(getDb(), actor, { filter: url.searchParams.get('filtre') ?? undefined, sort: url.searchParams.get('tri') ?? undefined, page: pageParam(url) })
	);
	return { list, manager: hasAnyRole(actor.roles, MANAGE_CONTRACTS) };
};
