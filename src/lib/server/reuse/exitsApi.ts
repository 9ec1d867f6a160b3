import { z } from 'zod';

/**
 * The exits API's bodies (issue 15, features/reuseExits.ts): shapes only — the exits' service
 * (server/reuse/exits.ts) judges every value and answers in French.
 */
const id = z.string().max(100).nullish();

export const exitBody = z.object({
	siteId: id,
	channel: z.string().max(40),
	recipient: z.string().max(1000).nullish(),
	note: z.string().max(5000).nullish()
});

export const exitLineBody = z.object({
	method: z.string().max(40),
	flux: z.string().max(40).nullish(),
	categoryId: id,
	containerId: id,
	grossGrams: z.number().nullish(),
	count: z.number().nullish(),
	code: z.string().max(300).nullish(),
	quantity: z.number().nullish()
});
