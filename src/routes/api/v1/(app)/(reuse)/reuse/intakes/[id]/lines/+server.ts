import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { intakeLineBody, intakeLineJson } from '$lib/server/reuse/apiViews';
import { addIntakeLine, getIntake } from '$lib/server/reuse/intakes';
import type { RequestHandler } from './$types';

/** Adds a weighing (grossGrams, containerId) or a count (count, categoryId) to an intake. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await getIntake(db, locals.actor!, params.id);
		const body = await readJson(request, intakeLineBody);
		return json(intakeLineJson(await addIntakeLine(db, locals.actor!, params.id, body)), { status: 201 });
	});
