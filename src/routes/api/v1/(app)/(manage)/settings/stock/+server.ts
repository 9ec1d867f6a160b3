import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { setDlcAlertDays, stockSettings } from '$lib/server/stock/settings';
import type { RequestHandler } from './$types';

/** The stock's settings: the DLC alerts' window (days), the counts' check thresholds, the DDM grace (months). */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json(await stockSettings(getDb(), locals.actor!)));

const body = z.object({ dlcAlertDays: z.number() });

/** Changes the DLC alerts' window (the stock alerts page's setting); audited with before and after. */
export const PATCH: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const { dlcAlertDays } = await readJson(request, body);
		const db = getDb();
		await setDlcAlertDays(db, locals.actor!, dlcAlertDays);
		return json(await stockSettings(db, locals.actor!));
	});
