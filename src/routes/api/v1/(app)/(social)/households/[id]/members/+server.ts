import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { addMember, checkHousehold, openHouseholdFile } from '$lib/server/households/households';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The household's other members (birth year and relation), read from the file: audited as an opening, like the screen. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const file = await openHouseholdFile(getDb(), locals.actor!, params.id);
		return json({ items: file.members, persons: file.persons }, { headers: { 'cache-control': 'no-store' } });
	});

const body = z.object({ birthYear: z.number().int(), relation: z.string().max(40) });

/** Adds a member ("member_add"). */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkHousehold(db, locals.actor!, params.id);
		const b = await readJson(request, body);
		return json(await addMember(db, locals.actor!, params.id, b), { status: 201 });
	});
