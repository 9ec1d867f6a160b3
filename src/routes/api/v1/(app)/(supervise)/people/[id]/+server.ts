import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { checkMayChange, getPerson, personHistory, updatePerson } from '$lib/server/people/people';
import type { RequestHandler } from './$types';

/** A person (no secret: only whether a password, a PIN or a badge is set) and what was done to their account. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const db = getDb();
		const person = await getPerson(db, locals.actor!, params.id);
		return json({ ...person, history: await personHistory(db, locals.actor!, params.id) });
	});

const body = z.object({
	firstName: z.string().max(200),
	lastName: z.string().max(200),
	email: z.string().max(300),
	roles: z.array(z.string().max(40)).max(10)
});

/** Replaces names, e-mail and roles (managers and admins, for people they may manage; nobody changes their own roles). */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkMayChange(db, locals.actor!, params.id, 'update');
		const b = await readJson(request, body);
		return json(await updatePerson(db, locals.actor!, params.id, { ...b, roles: b.roles as never[] }));
	});
