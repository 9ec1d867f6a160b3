import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { getSettings, updateSettings } from '$lib/server/households/privacy';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The households' rules: eligibility threshold, participation rates, rights' length and renewals, budget grid, retention. */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json(await getSettings(getDb(), locals.actor!)));

const n = z.number();
const body = z.object({
	thresholdCents: n,
	rateMinBp: n,
	rateMaxBp: n,
	rateDefaultBp: n,
	durationMonths: n,
	maxRenewals: n,
	grid: z.object({ singleCents: n, coupleCents: n, perDependantCents: n, capCents: n }),
	budgetBasis: z.string().max(40),
	anonymousCommittee: z.boolean(),
	retentionMonths: n
});

/** Replaces the households' rules, checked whole (the settings page's form); audited with before and after. */
export const PUT: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const db = getDb();
		await updateSettings(db, locals.actor!, input as never);
		return json(await getSettings(db, locals.actor!));
	});
