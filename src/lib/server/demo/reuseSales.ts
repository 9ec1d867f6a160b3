import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { lineWeight, publicLinePrice } from '$lib/till/publicBasket';
import { addDays } from '$lib/stock/dates';
import type { Tx } from '../db';
import {
	contracts,
	devices,
	reuseCategories,
	reuseItemMovements,
	reuseItems,
	saleLines,
	salePayments,
	sales,
	sites,
	tillCounters,
	tillSessions,
	workEvents
} from '../db/schema';
import { nextSaleNumber } from '../till/saleCore';
import { computeTotals } from '../till/sessions';

/**
 * The demo's public sales (issue 15, docs/ressourcerie.md « The ressourcerie's till »): eight past opening
 * days of the ressourcerie (Wednesdays and Saturdays over the last two months, never today), each one
 * closed till session on a revoked tablet « Tablette ressourcerie (historique) » at the ressourcerie site,
 * opened and closed by Karim or Léa (one in post that day, else Nadia), with 3 to 8 sales to the public: items of the demo sold by their label
 * (one piece, made before that day; at most six in all, a batch never emptied: the `sale` movement at the
 * sale's time, `on_hand` lowered) and quick-key lines (a category, a price from its grid, its average
 * weight), now and then a discount with its reason; paid cash (with change) or card. Sale numbers and Z
 * numbers from `till_counters`; each session's Z report is `computeTotals` of its rows (counted = expected).
 * Work events `till.open`, `reuse.sale`, `till.close` (the training record is seeded before). Called from
 * seed.ts after the items and before the exits; returns how many sales were made.
 */

const DAYS = 8;
const MAX_ITEMS_SOLD = 6;
const FLOAT_CENTS = 3000;
const DISCOUNT_REASONS = ['Petit défaut', 'Fin de journée', 'Client fidèle'];

/** A UTC instant on a Paris day (09:00 UTC is 10:00 or 11:00 in Paris: the same day). */
const at = (day: string, minutes: number) => new Date(new Date(`${day}T08:00:00Z`).getTime() + minutes * 60_000);

/** The opening days: every other Wednesday or Saturday going back from yesterday (about two months). */
export function reuseSaleDays(today: string, count = DAYS): string[] {
	const days: string[] = [];
	let seen = 0;
	for (let d = addDays(today, -1); days.length < count; d = addDays(d, -1)) {
		const dow = new Date(`${d}T12:00:00Z`).getUTCDay();
		if (dow !== 3 && dow !== 6) continue;
		if (seen++ % 2 === 0) days.push(d);
	}
	return days.reverse();
}

export async function seedReuseSales(tx: Tx, organisationId: string, ids: Map<string, string>, today: string): Promise<number> {
	const [site] = await tx
		.select({ id: sites.id })
		.from(sites)
		.where(and(eq(sites.organisationId, organisationId), eq(sites.kind, 'ressourcerie'), eq(sites.name, 'Ressourcerie La Deuxième Vie')));
	const people = [ids.get('karim'), ids.get('lea')].filter((x): x is string => !!x);
	const fallback = ids.get('nadia') ?? people[0];
	if (!site || !fallback) return 0;
	// The till goes to an operator in post that day (their contract, issue 13), else to Nadia, as in the history.
	const posts = people.length
		? await tx
				.select({ userId: contracts.userId, from: contracts.startDate, to: sql<string>`coalesce(${contracts.exitDate}, ${contracts.endDate})::text` })
				.from(contracts)
				.where(and(eq(contracts.organisationId, organisationId), inArray(contracts.userId, people)))
		: [];
	const tillPerson = (day: string, d: number) => {
		const inPost = people.filter((u) => posts.some((p) => p.userId === u && p.from <= day && day <= p.to));
		return inPost.length ? inPost[d % inPost.length]! : fallback;
	};
	const keys = await tx
		.select({
			id: reuseCategories.id,
			name: reuseCategories.name,
			averageWeightGrams: reuseCategories.averageWeightGrams,
			priceGrid: reuseCategories.priceGrid
		})
		.from(reuseCategories)
		.where(and(eq(reuseCategories.organisationId, organisationId), eq(reuseCategories.active, true)))
		.orderBy(asc(reuseCategories.flux), asc(reuseCategories.position), asc(reuseCategories.name));
	const quickKeys = keys.filter((k) => (k.priceGrid ?? []).length > 0 && k.averageWeightGrams > 0);
	if (quickKeys.length === 0) return 0;

	const days = reuseSaleDays(today);
	const [device] = await tx
		.insert(devices)
		.values({
			organisationId,
			siteId: site.id,
			name: 'Tablette ressourcerie (historique)',
			tokenHash: `history:reuse:${crypto.randomUUID()}`,
			enrolledBy: fallback,
			createdAt: at(days[0]!, 0),
			revokedAt: at(days[days.length - 1]!, 600),
			revokedBy: fallback
		})
		.returning({ id: devices.id });
	const deviceId = device!.id;

	let made = 0;
	let itemsSold = 0;
	let n = 0;
	for (const [d, day] of days.entries()) {
		const userId = tillPerson(day, d);
		const openedAt = at(day, 45);
		const closedAt = at(day, 9 * 60);
		const [z] = await tx
			.insert(tillCounters)
			.values({ organisationId, lastZ: 1 })
			.onConflictDoUpdate({ target: tillCounters.organisationId, set: { lastZ: sql`${tillCounters.lastZ} + 1` } })
			.returning({ n: tillCounters.lastZ });
		const [session] = await tx
			.insert(tillSessions)
			.values({
				organisationId,
				deviceId,
				status: 'closed',
				floatCents: FLOAT_CENTS,
				openedBy: userId,
				openedAt,
				closedBy: userId,
				closedAt,
				zNumber: z!.n,
				note: 'historique ressourcerie'
			})
			.returning({ id: tillSessions.id });
		const sessionId = session!.id;
		await tx.insert(workEvents).values({ organisationId, userId, type: 'till.open', at: openedAt, deviceId, entityType: 'till_session', entityId: sessionId });

		const count = 3 + ((d * 5 + 2) % 6);
		for (let j = 0; j < count; j++, n++) {
			const saleAt = at(day, 75 + j * Math.floor(420 / count) + ((n * 7) % 20));
			const lines: {
				itemId: string | null;
				locationId: string | null;
				categoryId: string;
				description: string;
				unitPriceCents: number;
				quantity: number;
				weightGrams: number;
				discountCents: number;
				discountReason: string | null;
			}[] = [];
			// Every other sale starts with a labelled item made before the day (a batch keeps at least one piece).
			if (itemsSold < MAX_ITEMS_SOLD && n % 2 === 1) {
				const [item] = await tx
					.select()
					.from(reuseItems)
					.where(
						and(
							eq(reuseItems.organisationId, organisationId),
							eq(reuseItems.siteId, site.id),
							gt(reuseItems.onHand, 0),
							sql`${reuseItems.createdAt} < ${openedAt.toISOString()}::timestamptz`,
							sql`(${reuseItems.quantity} = 1 or ${reuseItems.onHand} > 1)`
						)
					)
					.orderBy(sql`(${reuseItems.quantity} > 1)`, sql`md5(${reuseItems.code} || ${String(n)})`)
					.limit(1);
				if (item) {
					lines.push({
						itemId: item.id,
						locationId: item.locationId,
						categoryId: item.categoryId,
						description: item.description,
						unitPriceCents: item.priceCents,
						quantity: 1,
						weightGrams: lineWeight(item.unitWeightGrams, 1),
						discountCents: 0,
						discountReason: null
					});
					itemsSold++;
				}
			}
			const quick = 1 + ((n * 3) % 3) - (lines.length ? 1 : 0);
			for (let k = 0; k < Math.max(lines.length ? 0 : 1, quick); k++) {
				const key = quickKeys[(n * 7 + k * 11) % quickKeys.length]!;
				const grid = key.priceGrid!;
				const price = grid[(n + k) % grid.length]!.priceCents;
				const quantity = 1 + ((n + k) % 4 === 0 ? 1 : 0);
				// One line in seven gets a discount of a fifth (within the default 50 % allowed), to the ten cents.
				const discountCents = (n + k) % 7 === 3 ? Math.floor((price * quantity) / 50) * 10 : 0;
				lines.push({
					itemId: null,
					locationId: null,
					categoryId: key.id,
					description: key.name,
					unitPriceCents: price,
					quantity,
					weightGrams: lineWeight(key.averageWeightGrams, quantity),
					discountCents,
					discountReason: discountCents > 0 ? DISCOUNT_REASONS[n % DISCOUNT_REASONS.length]! : null
				});
			}
			const priced = lines.map((l) => {
				const p = publicLinePrice(l, 50);
				if (!p.ok) throw new Error(`seedReuseSales: ${p.problem}`);
				return { ...l, ...p.price };
			});
			const referenceCents = priced.reduce((s, l) => s + l.referenceCents, 0);
			const paidCents = priced.reduce((s, l) => s + l.paidCents, 0);
			const number = await nextSaleNumber(tx, organisationId);
			const saleId = crypto.randomUUID();
			await tx.insert(sales).values({
				id: saleId,
				organisationId,
				number,
				sessionId,
				idempotencyKey: `historique-ressourcerie-${saleId}`,
				requestHash: `historique-${saleId}`,
				kind: 'public',
				householdId: null,
				rightId: null,
				day,
				rateBp: 10_000,
				budgetBasis: 'none',
				referenceCents,
				paidCents,
				fseCents: 0,
				budgetCents: 0,
				budgetLeftCents: 0,
				userId,
				deviceId,
				at: saleAt
			});
			const lineIds = priced.map(() => crypto.randomUUID());
			await tx.insert(saleLines).values(
				priced.map((l, i) => ({
					id: lineIds[i]!,
					organisationId,
					saleId,
					lineNo: i + 1,
					itemId: l.itemId,
					reuseCategoryId: l.categoryId,
					weightGrams: l.weightGrams,
					description: l.description,
					discountCents: l.discountCents,
					discountReason: l.discountReason,
					quantity: l.quantity,
					unitPriceCents: l.unitPriceCents,
					referenceCents: l.referenceCents,
					paidCents: l.paidCents,
					fse: false
				}))
			);
			for (const [i, l] of priced.entries()) {
				if (!l.itemId) continue;
				await tx.insert(reuseItemMovements).values({
					organisationId,
					itemId: l.itemId,
					kind: 'sale',
					quantity: -l.quantity,
					fromLocationId: l.locationId,
					toLocationId: l.locationId,
					saleLineId: lineIds[i]!,
					userId,
					deviceId,
					reason: number,
					at: saleAt
				});
				await tx
					.update(reuseItems)
					.set({ onHand: sql`${reuseItems.onHand} - ${l.quantity}` })
					.where(and(eq(reuseItems.organisationId, organisationId), eq(reuseItems.id, l.itemId)));
			}
			// Cash rounded up to the next 5 € handed over (the change given back), or card.
			const cash = n % 3 !== 1;
			const tendered = Math.ceil(paidCents / 500) * 500;
			await tx.insert(salePayments).values({
				organisationId,
				sessionId,
				saleId,
				method: cash ? 'cash' : 'card',
				amountCents: paidCents,
				seq: 1,
				tenderedCents: cash ? tendered : null,
				changeCents: cash ? tendered - paidCents : null,
				at: saleAt
			});
			await tx.insert(workEvents).values({
				organisationId,
				userId,
				type: 'reuse.sale',
				at: saleAt,
				deviceId,
				entityType: 'sale',
				entityId: saleId,
				details: {
					number,
					lines: priced.length,
					paidCents,
					discountCents: referenceCents - paidCents,
					weightGrams: priced.reduce((s, l) => s + l.weightGrams, 0)
				}
			});
			made++;
		}
		// The Z report as the till keeps it at closing: the session's figures, counted = expected.
		const expected = await computeTotals(tx, organisationId, { id: sessionId, floatCents: FLOAT_CENTS });
		const zReport = await computeTotals(tx, organisationId, { id: sessionId, floatCents: FLOAT_CENTS }, expected.expected);
		await tx.update(tillSessions).set({ zReport }).where(eq(tillSessions.id, sessionId));
		await tx.insert(workEvents).values({
			organisationId,
			userId,
			type: 'till.close',
			at: closedAt,
			deviceId,
			entityType: 'till_session',
			entityId: sessionId,
			signal: 0
		});
	}
	return made;
}
