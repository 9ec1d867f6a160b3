import { z } from 'zod';

/**
 * Shapes of the JSON bodies of the managers' endpoints (issue 11, item 6): types and sizes only, so that
 * junk is refused before the service; the services check every value and say what is wrong in French.
 */

const text = (max: number) => z.string().max(max);
const int = z.number();

/** A product, as the catalogue's form: every field (PUT replaces the product, its codes included). */
export const productBody = z.object({
	name: text(200),
	categoryId: text(100).nullable().optional(),
	unit: text(20),
	referencePriceCents: int,
	netWeightGrams: int.nullable().optional(),
	zone: text(20),
	dateType: text(20),
	limitPerVisit: int.nullable().optional(),
	limitPerMonth: int.nullable().optional(),
	gtins: z.array(text(40)).max(100).optional(),
	active: z.boolean().optional()
});

/** Puts a thing in or out of use (origins, sites, locations). */
export const activeBody = z.object({ active: z.boolean() });

export const gtinBody = z.object({ gtin: text(40) });
