import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { checkHousehold, openHouseholdFile, updateHousehold } from '$lib/server/households/households';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The full file (audited as an opening). */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const { settings: _s, ...file } = await openHouseholdFile(getDb(), locals.actor!, params.id);
		return json(file, { headers: { 'cache-control': 'no-store' } });
	});

const body = z.object({
	firstName: z.string().max(200),
	lastName: z.string().max(200),
	birthDate: z.string().max(20),
	phone: z.string().max(100).optional(),
	commune: z.string().max(200).optional(),
	orientingStructure: z.string().max(200).optional(),
	rgpdInformedOn: z.string().max(20).optional(),
	consent: z.boolean().optional(),
	notes: z.string().max(2000).optional()
});

/** Replaces the file's fields, as the file's form does ("save"): a field left out is emptied. Audited with the names of the fields changed. */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkHousehold(db, locals.actor!, params.id);
		const b = await readJson(request, body);
		await updateHousehold(db, locals.actor!, params.id, {
			firstName: b.firstName,
			lastName: b.lastName,
			birthDate: b.birthDate,
			phone: b.phone ?? '',
			commune: b.commune ?? '',
			orientingStructure: b.orientingStructure ?? '',
			rgpdInformedOn: b.rgpdInformedOn ?? '',
			consent: b.consent ?? false,
			notes: b.notes ?? ''
		});
		return json({ ok: true });
	});
