import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { issueRight } from '$lib/server/households/rights';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

const body = z.object({
	validFrom: z.string().max(20).optional(),
	rateBp: z.number().int().optional(),
	monthlyBudgetCents: z.number().int().optional(),
	overrideReason: z.string().max(500).optional(),
	categoryLimits: z.record(z.string(), z.number().int()).optional()
});

/** Issues a right (period from the settings; rate and budget checked by the service). */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => json(await issueRight(getDb(), locals.actor!, params.id, await readJson(request, body)), { status: 201 }));
