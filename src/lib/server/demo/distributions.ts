import { and, asc, count, eq, sql } from 'drizzle-orm';
import { addDays } from '$lib/stock/dates';
import type { Actor } from '../auth/actor';
import { demoActorOf } from './actor';
import type { Tx } from '../db';
import {
	distributionDays,
	locations,
	lots,
	origins,
	parcelLines,
	parcelRights,
	parcels,
	parcelTemplateLines,
	parcelTemplates,
	categories,
	products,
	sites
} from '../db/schema';
import { closeDayTx, expectedHouseholds, findDay, nextParcelCodes } from '../parcels/days';
import { giveParcelLots } from '../parcels/handover';
import { squigglePng } from '../parcels/png';
import { createLot, splitLot } from '../stock/lots';
import { parcelPlace } from '../parcels/prepare';

/**
 * The demo's distributions (issue 14): six past days every two weeks at the stockroom "Réserve", closed, with
 * parcels handed over (a generated squiggle as signature) and one not collected each, and a day planned today
 * with its expected households, two of them prepared. Built on the parcel rights and templates already seeded
 * (nothing when there are none). Its stock comes from NEW products and lots received for it (FSE+ and food
 * bank): the other demo lots are left as they are.
 */

const SLOTS = ['09:00-10:00', '10:00-11:00', '11:00-12:00'];
type Zone = 'ambient' | 'chilled' | 'frozen';

/** A line's quantity for a number of persons (the demo's own reading of a template line: fixed, per person, bands). */
function lineQuantity(
	l: { scaling: string; quantity: number | null; band1: number | null; band2: number | null; band3: number | null; band5: number | null },
	persons: number
): number {
	if (l.scaling === 'fixed') return l.quantity ?? 0;
	if (l.scaling === 'per_person') return (l.quantity ?? 0) * persons;
	return (persons <= 1 ? l.band1 : persons === 2 ? l.band2 : persons <= 4 ? l.band3 : l.band5) ?? 0;
}

/**
 * Puts `quantity` of a lot into a parcel as preparing does (the demo's and the tests' shortcut past the
 * scans): the quantity is split off into a child lot in the prepared-parcels place (`splitLot`, on the ledger),
 * and the parcel line records it.
 */
export async function packIntoParcel(
	tx: Tx,
	actor: Actor,
	input: { parcelId: string; templateLineId: string; sourceLotId: string; quantity: number; placeId: string; substitute?: boolean }
): Promise<{ parcelLotId: string }> {
	const [src] = await tx
		.select()
		.from(lots)
		.where(and(eq(lots.organisationId, actor.organisationId), eq(lots.id, input.sourceLotId)));
	const child = await splitLot(tx, actor, src!.id, input.quantity, input.placeId, { note: 'parcel' });
	await tx.insert(parcelLines).values({
		organisationId: actor.organisationId,
		parcelId: input.parcelId,
		templateLineId: input.templateLineId,
		sourceLotId: src!.id,
		parcelLotId: child.id,
		productId: src!.productId,
		fromLocationId: src!.locationId,
		quantity: input.quantity,
		substitute: input.substitute ?? false,
		pickedBy: actor.userId
	});
	return { parcelLotId: child.id };
}

/** The product made for a template line's category (name, unit, zone). */
function demoProductFor(category: string, unit: 'piece' | 'kg', cold: boolean): { name: string; zone: Zone; dateType: 'dlc' | 'ddm' } {
	const c = category.toLowerCase();
	if (c.includes('surgel')) return { name: 'Légumes surgelés 1 kg (colis)', zone: 'frozen', dateType: 'ddm' };
	if (c.includes('lait')) return { name: 'Lait UHT demi-écrémé 1 L (colis)', zone: cold ? 'chilled' : 'ambient', dateType: cold ? 'dlc' : 'ddm' };
	if (c.includes('viande') || c.includes('poisson'))
		return { name: 'Thon au naturel 140 g (colis)', zone: cold ? 'chilled' : 'ambient', dateType: cold ? 'dlc' : 'ddm' };
	if (c.includes('conserve')) return { name: 'Haricots verts 800 g (colis)', zone: 'ambient', dateType: 'ddm' };
	if (c.includes('pâtes') || c.includes('riz'))
		return { name: unit === 'kg' ? 'Lentilles vrac (colis)' : 'Pâtes penne 1 kg (colis)', zone: 'ambient', dateType: 'ddm' };
	return { name: `${category} (colis)`, zone: cold ? 'chilled' : 'ambient', dateType: cold ? 'dlc' : 'ddm' };
}

export async function seedDistributions(tx: Tx, organisationId: string, ids: Map<string, string>, today: string): Promise<void> {
	const [template] = await tx
		.select({ id: parcelTemplates.id })
		.from(parcelTemplates)
		.where(and(eq(parcelTemplates.organisationId, organisationId), eq(parcelTemplates.active, true)))
		.orderBy(asc(parcelTemplates.createdAt), asc(parcelTemplates.name))
		.limit(1);
	const [anyRight] = await tx.select({ id: parcelRights.id }).from(parcelRights).where(eq(parcelRights.organisationId, organisationId)).limit(1);
	const nadiaId = ids.get('nadia');
	const [reserve] = await tx
		.select({ id: sites.id })
		.from(sites)
		.where(and(eq(sites.organisationId, organisationId), eq(sites.name, 'Réserve')));
	if (!template || !anyRight || !nadiaId || !reserve) return;
	const actor = await demoActorOf(tx, organisationId, nadiaId);

	const lines = await tx
		.select({
			id: parcelTemplateLines.id,
			categoryId: parcelTemplateLines.categoryId,
			category: categories.name,
			unit: parcelTemplateLines.unit,
			scaling: parcelTemplateLines.scaling,
			quantity: parcelTemplateLines.quantity,
			band1: parcelTemplateLines.band1,
			band2: parcelTemplateLines.band2,
			band3: parcelTemplateLines.band3,
			band5: parcelTemplateLines.band5,
			cold: parcelTemplateLines.cold
		})
		.from(parcelTemplateLines)
		.innerJoin(categories, and(eq(categories.organisationId, parcelTemplateLines.organisationId), eq(categories.id, parcelTemplateLines.categoryId)))
		.where(and(eq(parcelTemplateLines.organisationId, organisationId), eq(parcelTemplateLines.templateId, template.id)))
		.orderBy(asc(parcelTemplateLines.position));
	if (lines.length === 0) return;
	const cold = lines.some((l) => l.cold);
	const days = [6, 5, 4, 3, 2, 1].map((k) => addDays(today, -14 * k));
	// Who is expected, day after day (each past day's handovers make the next day's list), is only known by
	// planning in order: plan first, then receive the stock they need, then pack, give and close.
	const [fse] = await tx
		.select({ id: origins.id })
		.from(origins)
		.where(and(eq(origins.organisationId, organisationId), eq(origins.fse, true)))
		.limit(1);
	const [bank] = await tx
		.select({ id: origins.id })
		.from(origins)
		.where(and(eq(origins.organisationId, organisationId), eq(origins.fse, false), eq(origins.kind, 'food_bank')))
		.limit(1);
	if (!fse || !bank) return;
	const reserveLocs = await tx
		.select({ id: locations.id, zone: locations.zone })
		.from(locations)
		.where(and(eq(locations.organisationId, organisationId), eq(locations.siteId, reserve.id), sql`${locations.kind} <> 'colis'`, eq(locations.active, true)))
		.orderBy(asc(locations.code));
	const shelfFor = (zone: Zone) => reserveLocs.find((l) => l.zone === zone)?.id ?? null;

	// One new product and one new lot per template line, enough for every parcel of the demo (at most 8 persons a parcel).
	const rights = await tx.select({ n: count() }).from(parcelRights).where(eq(parcelRights.organisationId, organisationId));
	const households = Number(rights[0]!.n);
	const sourceOf = new Map<string, string>();
	const names = new Set<string>();
	for (const [i, l] of lines.entries()) {
		const p = demoProductFor(l.category, l.unit, l.cold);
		if (names.has(p.name)) p.name = `${p.name} ${i + 1}`;
		names.add(p.name);
		const [prod] = await tx
			.insert(products)
			.values({
				organisationId,
				categoryId: l.categoryId,
				name: p.name,
				unit: l.unit === 'kg' ? 'kg' : 'piece',
				referencePriceCents: l.unit === 'kg' ? 300 : 150,
				netWeightGrams: l.unit === 'kg' ? null : 500,
				zone: p.zone,
				dateType: p.dateType
			})
			.onConflictDoNothing()
			.returning({ id: products.id });
		if (!prod) continue;
		const perParcel = Math.max(1, lineQuantity(l, 8));
		const isFse = i % 2 === 0;
		const lot = await createLot(tx, actor, {
			productId: prod.id,
			originId: isFse ? fse.id : bank.id,
			date: addDays(today, p.dateType === 'dlc' ? 21 : 240),
			dateType: p.dateType,
			lotNumber: isFse ? `FSE-${today.slice(0, 4)}-${String(i + 1).padStart(3, '0')}` : `BA-${String(i + 1).padStart(4, '0')}`,
			locationId: shelfFor(p.zone),
			quantity: perParcel * (households + 2) * (days.length + 1)
		});
		sourceOf.set(l.id, lot.id);
	}
	const places = new Map<Zone, string>();
	const placeFor = async (lotId: string) => {
		const [z] = await tx.select({ zone: products.zone }).from(lots).innerJoin(products, eq(products.id, lots.productId)).where(eq(lots.id, lotId));
		const zone = z!.zone as Zone;
		if (!places.has(zone)) places.set(zone, (await parcelPlace(tx, actor, reserve.id, zone)).id);
		return places.get(zone)!;
	};
	const pack = async (parcelId: string, persons: number) => {
		for (const l of lines) {
			const src = sourceOf.get(l.id);
			const q = lineQuantity(l, persons);
			if (!src || q <= 0) continue;
			await packIntoParcel(tx, actor, { parcelId, templateLineId: l.id, sourceLotId: src, quantity: q, placeId: await placeFor(src) });
		}
	};
	const plan = async (day: string) => {
		const expected = await expectedHouseholds(tx, organisationId, day);
		const [row] = await tx
			.insert(distributionDays)
			.values({ organisationId, siteId: reserve.id, day, templateId: template.id, slots: SLOTS, createdBy: nadiaId })
			.onConflictDoNothing()
			.returning({ id: distributionDays.id });
		if (!row) return null;
		const codes = await nextParcelCodes(tx, organisationId, expected.length);
		const made = expected.length
			? await tx
					.insert(parcels)
					.values(
						expected.map((r, i) => ({
							organisationId,
							dayId: row.id,
							householdId: r.householdId,
							parcelRightId: r.id,
							code: codes[i]!,
							persons: r.persons,
							slot: SLOTS[i % SLOTS.length]!,
							cold
						}))
					)
					.returning({ id: parcels.id, code: parcels.code, persons: parcels.persons, rightId: parcels.parcelRightId })
			: [];
		return { id: row.id, parcels: made };
	};

	for (const [k, day] of days.entries()) {
		const planned = await plan(day);
		if (!planned) continue;
		const list = planned.parcels;
		// The last household of the day did not come although its parcel was ready: returned at the closing.
		for (const [i, p] of list.entries()) {
			await pack(p.id, p.persons);
			const at = new Date(`${day}T08:${String(5 + ((i * 7) % 50)).padStart(2, '0')}:00Z`);
			await tx
				.update(parcels)
				.set({ status: 'prepared', preparedBy: nadiaId, preparedAt: new Date(`${day}T07:30:00Z`) })
				.where(eq(parcels.id, p.id));
			if (list.length > 1 && i === list.length - 1) continue;
			await giveParcelLots(tx, actor, p.id, p.code);
			const [right] = await tx.select({ c: parcelRights.participationCents }).from(parcelRights).where(eq(parcelRights.id, p.rightId));
			const signed = i % 5 !== 3;
			await tx
				.update(parcels)
				.set({
					status: 'handed_over',
					handedBy: nadiaId,
					handedAt: at,
					signaturePng: signed ? squigglePng(k * 31 + i) : null,
					noSignatureReason: signed ? null : 'Bras dans le plâtre : a confirmé à voix haute',
					participationCents: right?.c ?? 0
				})
				.where(eq(parcels.id, p.id));
		}
		await closeDayTx(tx, actor, await findDay(tx, actor, planned.id), new Date(`${day}T11:30:00Z`));
	}

	// Today: the day planned, its households expected, the first two parcels prepared.
	const todays = await plan(today);
	if (!todays) return;
	for (const p of todays.parcels.slice(0, 2)) {
		await pack(p.id, p.persons);
		await tx.update(parcels).set({ status: 'prepared', preparedBy: nadiaId, preparedAt: new Date() }).where(eq(parcels.id, p.id));
	}
}
