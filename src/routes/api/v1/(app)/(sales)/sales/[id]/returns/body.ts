import { z } from 'zod';

/** The body of a return (POST /sales/{id}/returns and its preview). Shapes only: the service checks every value in French. */
export const returnBody = z.object({
	idempotencyKey: z.string().max(200).optional(),
	reason: z.string().max(1000),
	lines: z.array(z.object({ saleLineId: z.string().max(100), quantity: z.number(), disposition: z.string().max(20) })).max(1000)
});
