import { z } from 'zod';
import { MANAGE_ORGANISATION, ROLES } from '$lib/permissions';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { listPeople } from '$lib/server/people/people';
import type { PageServerLoad } from './$types';

const query = z.object({
	q: z.string().max(100).catch(''),
	status: z.enum(['active', 'inactive', 'all']).catch('active'),
	role: z.enum(ROLES).or(z.literal('')).catch(''),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = query.parse(Object.fromEntries(url.searchParams));
	const actor = locals.actor!;
	const result = await listPeople(getDb(), actor, q);
	return { ...result, query: q, canManage: hasAnyRole(actor.roles, MANAGE_ORGANISATION) };
};
