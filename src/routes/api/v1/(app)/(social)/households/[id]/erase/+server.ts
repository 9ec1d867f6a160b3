import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { checkHousehold } from '$lib/server/households/households';
import { eraseHousehold } from '$lib/server/households/privacy';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

const body = z.object({ confirm: z.string().max(40) });

/** Erases the file on the person's request (RGPD), as the screen does: `confirm` must be the file's reference. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkHousehold(db, locals.actor!, params.id);
		const { confirm } = await readJson(request, body);
		await eraseHousehold(db, locals.actor!, params.id, confirm);
		return json({ ok: true });
	});
