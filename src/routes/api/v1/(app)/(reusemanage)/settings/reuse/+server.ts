import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { reuseSettingsBody } from '$lib/server/reuse/apiViews';
import { getReuseSettings, updateReuseSettings } from '$lib/server/reuse/manage';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json(await getReuseSettings(getDb(), locals.actor!)));

/** Replaces the scale's maximum (grams) and the largest discount (percent); audited `reuse.settings`. */
export const PUT: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const body = await readJson(request, reuseSettingsBody);
		return json(await updateReuseSettings(getDb(), locals.actor!, body));
	});
