import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { checkApplication, decideApplication } from '$lib/server/households/rights';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

const body = z.object({
	outcome: z.enum(['accepted', 'refused', 'postponed']),
	decidedOn: z.string().max(20).optional(),
	reason: z.string().max(2000).optional(),
	right: z
		.object({
			validFrom: z.string().max(20).optional(),
			rateBp: z.number().int().optional(),
			monthlyBudgetCents: z.number().int().optional(),
			overrideReason: z.string().max(500).optional(),
			categoryLimits: z.record(z.string(), z.number().int()).optional()
		})
		.optional(),
	grants: z
		.object({
			epicerie: z.boolean().optional(),
			parcel: z
				.union([
					z.boolean(),
					z.object({
						validFrom: z.string().max(20).optional(),
						frequency: z.string().max(20).optional(),
						persons: z.number().int().nullable().optional(),
						free: z.boolean().optional()
					})
				])
				.optional()
		})
		.optional()
});

/** Records the committee's decision on an application; accepted issues the right in the same transaction (the committee screen's form). */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkApplication(db, locals.actor!, params.id);
		const b = await readJson(request, body);
		return json(
			await decideApplication(db, locals.actor!, params.id, {
				outcome: b.outcome,
				decidedOn: b.decidedOn ?? '',
				reason: b.reason ?? '',
				right: b.right ?? {},
				grants: b.grants
			}),
			{
				status: 201
			}
		);
	});
