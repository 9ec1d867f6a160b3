import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { runRetention } from '$lib/server/households/privacy';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Anonymises now the files whose retention period has passed (the settings page's button). Answers how many: counted, never named. */
export const POST: RequestHandler = ({ locals }) =>
	apiHandle(async () => {
		const r = await runRetention(getDb(), locals.actor!);
		return json({ anonymised: r.anonymised.length });
	});
