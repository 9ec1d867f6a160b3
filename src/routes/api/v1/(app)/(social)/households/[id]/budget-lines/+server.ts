import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { addBudgetLine, checkHousehold, openHouseholdFile } from '$lib/server/households/households';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Resources and charges, with the file's budget figures (reste à vivre, threshold, grid budget): audited as an opening, like the screen. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const f = await openHouseholdFile(getDb(), locals.actor!, params.id);
		return json(
			{
				items: f.lines,
				resourcesCents: f.resourcesCents,
				chargesCents: f.chargesCents,
				persons: f.persons,
				resteAVivreCents: f.resteAVivreCents,
				thresholdCents: f.thresholdCents,
				underThreshold: f.underThreshold,
				gridBudgetCents: f.gridBudgetCents
			},
			{ headers: { 'cache-control': 'no-store' } }
		);
	});

const body = z.object({ kind: z.enum(['resource', 'charge']), type: z.string().max(40), monthlyCents: z.number().int() });

/** Adds a resource or a charge a month ("line_add"). */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkHousehold(db, locals.actor!, params.id);
		const b = await readJson(request, body);
		return json(await addBudgetLine(db, locals.actor!, params.id, b), { status: 201 });
	});
