import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { ROLES } from '$lib/permissions';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { createPerson, listPeople } from '$lib/server/people/people';
import type { RequestHandler } from './$types';

const query = z.object({
	q: z.string().max(100).catch(''),
	status: z.enum(['active', 'inactive', 'all']).catch('active'),
	role: z.enum(ROLES).or(z.literal('')).catch(''),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});

/** The organisation's people, 25 a page (?q=, ?status=active|inactive|all, ?role=, ?page=), as the people page lists them: no secret, only whether one is set. */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await listPeople(getDb(), locals.actor!, query.parse(Object.fromEntries(url.searchParams)));
		return json({ items: r.rows, total: r.total, page: r.page, pages: r.pages });
	});

// Types only: what each field must be is the service's (its French messages), after its role check — so a
// supervisor is refused (403) whatever the body.
const body = z.object({
	username: z.string().max(100).optional(),
	firstName: z.string().max(200).optional(),
	lastName: z.string().max(200).optional(),
	email: z.string().max(300).optional(),
	roles: z.array(z.string().max(40)).max(10).optional(),
	password: z.string().max(1000).optional(),
	pin: z.string().max(20).optional()
});

/** Creates a person (managers and admins, as "new person"): roles among those the caller covers; a password given is temporary. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const b = await readJson(request, body);
		const person = await createPerson(getDb(), locals.actor!, {
			...b,
			username: b.username ?? '',
			firstName: b.firstName ?? '',
			roles: (b.roles ?? []) as never[]
		});
		return json(person, { status: 201, headers: { location: `/api/v1/people/${person.id}` } });
	});
