// Ressourcerie rows inserted directly (issue 15, the reports' tests): intakes and their lines, exits and
// their lines, items and their movements, public sales with lines and their returns, at chosen instants.
// The services (intakes, items, public sale, exits) are written beside the reports; these rows are what
// they write (the schema's CHECKs hold: a weighed line's net = gross − tare, a cancellation's net ≤ 0).
import { and, eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db';
import {
	reuseCategories,
	reuseExitLines,
	reuseExits,
	reuseIntakeLines,
	reuseIntakes,
	reuseItemMovements,
	reuseItems,
	saleLines,
	saleReturnLines,
	saleReturns,
	sales,
	sites,
	tillSessions
} from '$lib/server/db/schema';
import { ensureReuseCategories } from '$lib/server/reuse/categories';
import { enrolDevice } from '$lib/server/auth/devices';
import { uniq, type OrgFixture } from './fixtures';

export interface ReuseShop {
	siteId: string;
	/** A closed till session on a tablet of the ressourcerie site. */
	sessionId: string;
	/** Category ids by name (DEFAULT_REUSE_CATEGORIES). */
	cat: (name: string) => string;
}

/** A ressourcerie site with the default categories and a till session on one of its tablets. */
export async function makeReuseShop(db: Database, org: OrgFixture, name = 'Ressourcerie'): Promise<ReuseShop> {
	const [site] = await db
		.insert(sites)
		.values({ organisationId: org.organisationId, name: `${name} ${uniq()}`, kind: 'ressourcerie' })
		.returning({ id: sites.id });
	await db.transaction((tx) => ensureReuseCategories(tx, org.organisationId));
	const cats = await db
		.select({ id: reuseCategories.id, name: reuseCategories.name })
		.from(reuseCategories)
		.where(eq(reuseCategories.organisationId, org.organisationId));
	const device = await enrolDevice(db, org.actors.supervisor, { name: `Caisse ressourcerie ${uniq()}`, siteId: site!.id });
	const [s] = await db
		.insert(tillSessions)
		.values({ organisationId: org.organisationId, deviceId: device.device.id, status: 'closed', floatCents: 0, openedBy: org.users.supervisor.id })
		.returning({ id: tillSessions.id });
	return {
		siteId: site!.id,
		sessionId: s!.id,
		cat: (n: string) => {
			const c = cats.find((x) => x.name === n);
			if (!c) throw new Error(`no reuse category ${n}`);
			return c.id;
		}
	};
}

let seq = 0;
const number = (p: string) => `${p}-T${++seq}${uniq()}`;

type Flux = (typeof reuseIntakeLines.$inferInsert)['flux'];

/** An intake with weighed lines (net grams, at an instant); returns the intake and its line ids. */
export async function intakeWith(
	db: Database,
	org: OrgFixture,
	siteId: string,
	lines: { flux: Flux; categoryId?: string | null; grams: number; at: Date }[]
): Promise<{ intakeId: string; lineIds: number[] }> {
	const [i] = await db
		.insert(reuseIntakes)
		.values({ organisationId: org.organisationId, number: number('A'), siteId, source: 'apport', createdBy: org.users.operator.id, createdAt: lines[0]?.at })
		.returning({ id: reuseIntakes.id });
	const lineIds: number[] = [];
	for (const l of lines) {
		const [row] = await db
			.insert(reuseIntakeLines)
			.values({
				organisationId: org.organisationId,
				intakeId: i!.id,
				flux: l.flux,
				categoryId: l.categoryId ?? null,
				method: 'weighed',
				grossGrams: l.grams + 2500,
				tareGrams: 2500,
				netGrams: l.grams,
				userId: org.users.operator.id,
				at: l.at
			})
			.returning({ id: reuseIntakeLines.id });
		lineIds.push(row!.id);
	}
	return { intakeId: i!.id, lineIds };
}

/** Cancels an intake line by a reversing line at `at`. */
export async function cancelIntakeLine(db: Database, org: OrgFixture, intakeId: string, lineId: number, at: Date): Promise<void> {
	const [l] = await db
		.select()
		.from(reuseIntakeLines)
		.where(and(eq(reuseIntakeLines.organisationId, org.organisationId), eq(reuseIntakeLines.id, lineId)));
	await db.insert(reuseIntakeLines).values({
		organisationId: org.organisationId,
		intakeId,
		flux: l!.flux,
		categoryId: l!.categoryId,
		method: l!.method,
		grossGrams: l!.grossGrams === null ? null : -l!.grossGrams,
		tareGrams: -l!.tareGrams,
		netGrams: -l!.netGrams,
		correctionOf: lineId,
		userId: org.users.supervisor.id,
		at
	});
}

type Channel = (typeof reuseExits.$inferInsert)['channel'];

/** An exit by a channel with weighed lines, or item lines (`itemId`, `count` pieces × the item's unit weight). */
export async function exitWith(
	db: Database,
	org: OrgFixture,
	siteId: string,
	channel: Channel,
	lines: { flux: Flux; categoryId?: string | null; grams: number; at: Date; itemId?: string; count?: number }[]
): Promise<string> {
	const [x] = await db
		.insert(reuseExits)
		.values({ organisationId: org.organisationId, number: number('S'), siteId, channel, recipient: 'Test', createdBy: org.users.operator.id })
		.returning({ id: reuseExits.id });
	for (const l of lines) {
		const [row] = await db
			.insert(reuseExitLines)
			.values({
				organisationId: org.organisationId,
				exitId: x!.id,
				flux: l.flux,
				categoryId: l.categoryId ?? null,
				method: l.itemId ? 'item' : 'weighed',
				itemId: l.itemId ?? null,
				grossGrams: l.itemId ? null : l.grams,
				count: l.itemId ? (l.count ?? 1) : null,
				netGrams: l.grams,
				userId: org.users.operator.id,
				at: l.at
			})
			.returning({ id: reuseExitLines.id });
		if (l.itemId) await itemMovement(db, org, l.itemId, 'exit', -(l.count ?? 1), l.at, { exitLineId: row!.id });
	}
	return x!.id;
}

/** An item (one object or a batch) made at `at`, with its creation movement. */
export async function itemAt(
	db: Database,
	org: OrgFixture,
	siteId: string,
	i: { categoryId: string; quantity?: number; priceCents: number; unitWeightGrams: number; at: Date }
): Promise<string> {
	const quantity = i.quantity ?? 1;
	const [row] = await db
		.insert(reuseItems)
		.values({
			organisationId: org.organisationId,
			code: number('O'),
			siteId,
			categoryId: i.categoryId,
			description: 'Objet test',
			quantity,
			onHand: quantity,
			priceCents: i.priceCents,
			unitWeightGrams: i.unitWeightGrams,
			weightSource: 'weighed',
			createdBy: org.users.operator.id,
			createdAt: i.at
		})
		.returning({ id: reuseItems.id });
	await db
		.insert(reuseItemMovements)
		.values({ organisationId: org.organisationId, itemId: row!.id, kind: 'creation', quantity, userId: org.users.operator.id, at: i.at });
	return row!.id;
}

/** An item movement at `at`, its on_hand moved with it (as recordItemMovement does). */
export async function itemMovement(
	db: Database,
	org: OrgFixture,
	itemId: string,
	kind: 'sale' | 'return' | 'exit' | 'correction',
	quantity: number,
	at: Date,
	link: { saleLineId?: string; exitLineId?: number } = {}
): Promise<void> {
	await db.insert(reuseItemMovements).values({ organisationId: org.organisationId, itemId, kind, quantity, userId: org.users.operator.id, at, ...link });
	const [it] = await db
		.select({ onHand: reuseItems.onHand })
		.from(reuseItems)
		.where(and(eq(reuseItems.organisationId, org.organisationId), eq(reuseItems.id, itemId)));
	await db
		.update(reuseItems)
		.set({ onHand: it!.onHand + quantity })
		.where(and(eq(reuseItems.organisationId, org.organisationId), eq(reuseItems.id, itemId)));
}

export interface PublicLine {
	categoryId: string;
	itemId?: string;
	quantity: number;
	unitPriceCents: number;
	discountCents?: number;
	/** The line's weight (all its pieces). */
	weightGrams: number;
}

/** A public sale (no household) on shop day `day` at instant `at`; returns the sale and its line ids. Item lines move their item. */
export async function publicSaleAt(
	db: Database,
	org: OrgFixture,
	sessionId: string,
	s: { day: string; at: Date; lines: PublicLine[] }
): Promise<{ saleId: string; lineIds: string[] }> {
	const key = number('ps');
	const ref = (l: PublicLine) => l.unitPriceCents * l.quantity;
	const paid = (l: PublicLine) => ref(l) - (l.discountCents ?? 0);
	const [sale] = await db
		.insert(sales)
		.values({
			organisationId: org.organisationId,
			number: `V-${key}`,
			sessionId,
			idempotencyKey: key,
			requestHash: key,
			kind: 'public',
			day: s.day,
			rateBp: 10_000,
			budgetBasis: 'none',
			referenceCents: s.lines.reduce((a, l) => a + ref(l), 0),
			paidCents: s.lines.reduce((a, l) => a + paid(l), 0),
			fseCents: 0,
			budgetCents: 0,
			budgetLeftCents: 0,
			userId: org.users.operator.id,
			at: s.at
		})
		.returning({ id: sales.id });
	const lineIds: string[] = [];
	for (const [n, l] of s.lines.entries()) {
		const [row] = await db
			.insert(saleLines)
			.values({
				organisationId: org.organisationId,
				saleId: sale!.id,
				lineNo: n + 1,
				itemId: l.itemId ?? null,
				reuseCategoryId: l.categoryId,
				weightGrams: l.weightGrams,
				description: l.itemId ? null : 'Petit objet',
				discountCents: l.discountCents ?? 0,
				discountReason: l.discountCents ? 'Défaut' : null,
				quantity: l.quantity,
				unitPriceCents: l.unitPriceCents,
				referenceCents: ref(l),
				paidCents: paid(l),
				fse: false
			})
			.returning({ id: saleLines.id });
		lineIds.push(row!.id);
		if (l.itemId) await itemMovement(db, org, l.itemId, 'sale', -l.quantity, s.at, { saleLineId: row!.id });
	}
	return { saleId: sale!.id, lineIds };
}

/** A return of some pieces of a public sale's line at `at`, refunded `refundCents`. */
export async function publicReturnAt(
	db: Database,
	org: OrgFixture,
	sessionId: string,
	r: { saleId: string; saleLineId: string; quantity: number; refundCents: number; at: Date; itemId?: string }
): Promise<void> {
	const key = number('ret');
	const [ret] = await db
		.insert(saleReturns)
		.values({
			organisationId: org.organisationId,
			saleId: r.saleId,
			sessionId,
			idempotencyKey: key,
			reason: 'Ne convient pas',
			refundCents: r.refundCents,
			referenceCents: r.refundCents,
			budgetRestoredCents: 0,
			userId: org.users.supervisor.id,
			at: r.at
		})
		.returning({ id: saleReturns.id });
	await db.insert(saleReturnLines).values({
		organisationId: org.organisationId,
		returnId: ret!.id,
		saleLineId: r.saleLineId,
		quantity: r.quantity,
		disposition: 'stock',
		refundCents: r.refundCents,
		referenceCents: r.refundCents,
		budgetCents: 0
	});
	if (r.itemId) await itemMovement(db, org, r.itemId, 'return', r.quantity, r.at, { saleLineId: r.saleLineId });
}
