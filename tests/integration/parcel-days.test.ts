import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import {
	categories,
	distributionDays,
	households,
	locations,
	lots,
	parcelLines,
	parcelRights,
	parcels,
	parcelTemplateLines,
	parcelTemplates,
	stockMovements,
	workEvents
} from '$lib/server/db/schema';
import { AppError } from '$lib/server/errors';
import { packIntoParcel } from '$lib/server/demo/distributions';
import { parcelPlace } from '$lib/server/parcels/prepare';
import { createHousehold } from '$lib/server/households/households';
import { issueCard } from '$lib/server/households/rights';
import { eraseHousehold, ERASED_SIGNATURE } from '$lib/server/households/privacy';
import { addHousehold, closeDay, dayView, listDays, markAbsent, parseSlots, planDay, unmarkAbsent } from '$lib/server/parcels/days';
import { findParcelsForHandover, handOver } from '$lib/server/parcels/handover';
import { squigglePng } from '$lib/server/parcels/png';
import { signoffCsv, signoffSheet } from '$lib/server/parcels/signoff';
import { pngDataUrl } from '$lib/parcels/signature';
import { addDays } from '$lib/stock/dates';
import { recordMovement } from '$lib/server/stock/ledger';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg, uniq, type OrgFixture } from '../helpers/fixtures';
import { makeOrigin, makeProduct } from '../helpers/stock';
import { makeLot, TODAY } from '../helpers/till';
import { expectLedgerBalanced } from '../helpers/till-state';

/*
 * Distribution days, handover and closing (issue 14, items 3, 5, 6) on both databases. Parcels are
 * "prepared" here with packIntoParcel (the demo's preparing: a split into the prepared-parcels place, on the
 * ledger), so that handing over and closing move real lots.
 */
const t = useTestDatabase();
const SIGNATURE = pngDataUrl(squigglePng(3));

interface Setup {
	org: OrgFixture;
	templateId: string;
	lineId: string;
	fseOrigin: string;
	bankOrigin: string;
	productId: string;
	categoryId: string;
}

async function setup(db: Database): Promise<Setup> {
	const org = await makeOrg(db);
	const [cat] = await db
		.insert(categories)
		.values({ organisationId: org.organisationId, name: `Conserves ${uniq()}` })
		.returning({ id: categories.id });
	const product = await makeProduct(db, org, { categoryId: cat!.id, netWeightGrams: 400 });
	const fseOrigin = await makeOrigin(db, org, { kind: 'fse', fse: true, name: 'FSE+ test' });
	const bankOrigin = await makeOrigin(db, org, { name: 'Banque test' });
	const [tpl] = await db
		.insert(parcelTemplates)
		.values({ organisationId: org.organisationId, name: `Colis ${uniq()}`, createdBy: org.users.manager.id })
		.returning({ id: parcelTemplates.id });
	const [line] = await db
		.insert(parcelTemplateLines)
		.values({ organisationId: org.organisationId, templateId: tpl!.id, position: 1, categoryId: cat!.id, unit: 'piece', scaling: 'per_person', quantity: 1 })
		.returning({ id: parcelTemplateLines.id });
	return { org, templateId: tpl!.id, lineId: line!.id, fseOrigin: fseOrigin.id, bankOrigin: bankOrigin.id, productId: product.id, categoryId: cat!.id };
}

/** A household with a parcel right (inserted directly, as the rights helper's service would) and a card. */
async function household(
	db: Database,
	org: OrgFixture,
	right: {
		frequency?: 'weekly' | 'biweekly' | 'monthly';
		persons?: number;
		validFrom?: string;
		validTo?: string;
		status?: 'active' | 'suspended';
		participationCents?: number;
	} | null = {}
) {
	const sw = org.actors.social_worker;
	const r = await createHousehold(
		db,
		sw,
		{ firstName: `Prénom${uniq()}`, lastName: `Nom-${uniq()}`, birthDate: '1980-01-01', consent: true, rgpdInformedOn: TODAY },
		{ today: TODAY }
	);
	if (!('created' in r)) throw new Error('duplicate');
	const card = await issueCard(db, sw, r.created.id);
	let rightId: string | null = null;
	if (right) {
		const [row] = await db
			.insert(parcelRights)
			.values({
				organisationId: org.organisationId,
				householdId: r.created.id,
				validFrom: right.validFrom ?? addDays(TODAY, -30),
				validTo: right.validTo ?? addDays(TODAY, 120),
				frequency: right.frequency ?? 'biweekly',
				persons: right.persons ?? 2,
				participationCents: right.participationCents ?? 0,
				status: right.status ?? 'active',
				issuedBy: sw.userId
			})
			.returning({ id: parcelRights.id });
		rightId = row!.id;
	}
	return { id: r.created.id, reference: r.created.reference, card: card.token, rightId };
}

/** A parcel handed over on `day` (a closed day of its own at another site-less day): the household's "last parcel". */
async function pastHandover(db: Database, s: Setup, h: { id: string; rightId: string | null }, day: string) {
	const org = s.org.organisationId;
	const [d] = await db
		.insert(distributionDays)
		.values({
			organisationId: org,
			siteId: s.org.siteIds.epicerie,
			day,
			templateId: s.templateId,
			slots: ['09:00-10:00'],
			createdBy: s.org.users.supervisor.id
		})
		.onConflictDoNothing()
		.returning({ id: distributionDays.id });
	const dayId =
		d?.id ??
		(
			await db
				.select({ id: distributionDays.id })
				.from(distributionDays)
				.where(and(eq(distributionDays.organisationId, org), eq(distributionDays.siteId, s.org.siteIds.epicerie), eq(distributionDays.day, day)))
		)[0]!.id;
	await db.insert(parcels).values({
		organisationId: org,
		dayId,
		householdId: h.id,
		parcelRightId: h.rightId!,
		code: `OLD-${uniq()}`,
		persons: 1,
		status: 'handed_over',
		handedAt: new Date(`${day}T09:00:00Z`),
		noSignatureReason: 'ancien colis'
	});
}

/** Prepares a parcel as the preparing screens do: `quantity` of a lot split into the prepared-parcels place. */
async function prepare(db: Database, s: Setup, parcelId: string, lotId: string, quantity: number) {
	const actor = s.org.actors.operator;
	await db.transaction(async (tx) => {
		const place = (await parcelPlace(tx, actor, s.org.siteIds.reserve, 'ambient')).id;
		await packIntoParcel(tx, actor, { parcelId, templateLineId: s.lineId, sourceLotId: lotId, quantity, placeId: place });
		await tx.update(parcels).set({ status: 'prepared', preparedBy: actor.userId, preparedAt: new Date() }).where(eq(parcels.id, parcelId));
	});
}

/** A lot on the stockroom's shelf (EMP-0001). */
async function shelfLot(db: Database, s: Setup, originId: string, quantity: number, date?: { date: string; dateType: 'dlc' | 'ddm' }) {
	const lot = await makeLot(db, s.org.actors.manager, s.productId, originId, quantity, date);
	await db
		.update(lots)
		.set({ lotNumber: `N-${uniq()}` })
		.where(eq(lots.id, lot.id));
	await db.transaction((tx) => recordMovement(tx, s.org.actors.manager, { lotId: lot.id, quantity: 0, kind: 'move', toLocationId: s.org.locationId }));
	return lot;
}

const plan = (s: Setup, day: string, slots = '09:00-10:00, 10:00-11:00') =>
	planDay(t.db, s.org.actors.supervisor, { siteId: s.org.siteIds.reserve, day, templateId: s.templateId, slots }, { today: TODAY });

const parcelOf = async (dayId: string, householdId: string) =>
	(
		await t.db
			.select()
			.from(parcels)
			.where(and(eq(parcels.dayId, dayId), eq(parcels.householdId, householdId)))
	)[0]!;

const movementCount = async (org: string) =>
	Number((await t.db.select({ n: count() }).from(stockMovements).where(eq(stockMovements.organisationId, org)))[0]!.n);

describe('slots', () => {
	test('reads typed slots, sorted, and refuses an unreadable or reversed one', () => {
		expect(parseSlots('10:00-11:00, 9h-10h')).toEqual(['09:00-10:00', '10:00-11:00']);
		expect(parseSlots(['09:00 - 10:00', '09:00-10:00'])).toEqual(['09:00-10:00']);
		expect(parseSlots('11:00-10:00')).toBeNull();
		expect(parseSlots('midi')).toBeNull();
	});
});

describe('planning a day', () => {
	test('lists the households with a right covering the day and due by their frequency, in turn on the slots', async () => {
		const s = await setup(t.db);
		// A day of next month's 20th: every frequency can be told apart.
		const month = addDays(TODAY, 40).slice(0, 7);
		const D = `${month}-20`;
		const weeklyDue = await household(t.db, s.org, { frequency: 'weekly', persons: 3, validTo: addDays(D, 30) });
		await pastHandover(t.db, s, weeklyDue, addDays(D, -7));
		const biweeklyNotDue = await household(t.db, s.org, { frequency: 'biweekly', validTo: addDays(D, 30) });
		await pastHandover(t.db, s, biweeklyNotDue, addDays(D, -7));
		const biweeklyDue = await household(t.db, s.org, { frequency: 'biweekly', validTo: addDays(D, 30) });
		await pastHandover(t.db, s, biweeklyDue, addDays(D, -14));
		const monthlyNotDue = await household(t.db, s.org, { frequency: 'monthly', validTo: addDays(D, 30) });
		await pastHandover(t.db, s, monthlyNotDue, `${month}-02`);
		const never = await household(t.db, s.org, { frequency: 'monthly', persons: 5, validTo: addDays(D, 30) });
		await household(t.db, s.org, null); // no parcel right
		await household(t.db, s.org, { status: 'suspended', validTo: addDays(D, 30) });
		await household(t.db, s.org, { validTo: addDays(D, -1) }); // ended before the day

		const r = await plan(s, D);
		expect(r.expected).toBe(3);
		const view = await dayView(t.db, s.org.actors.supervisor, r.id);
		expect(view.parcels.map((p) => p.reference).sort()).toEqual([weeklyDue.reference, biweeklyDue.reference, never.reference].sort());
		expect(view.parcels.every((p) => p.status === 'expected' && /^COLIS-\d{6}$/.test(p.code))).toBe(true);
		expect(new Set(view.parcels.map((p) => p.code)).size).toBe(3);
		expect(view.parcels.find((p) => p.reference === never.reference)!.persons).toBe(5);
		// Slots in turn: two on the first, one on the second.
		const slots = view.parcels.map((p) => p.slot).sort();
		expect(slots).toEqual(['09:00-10:00', '09:00-10:00', '10:00-11:00']);
		expect(view.counts.expected).toBe(3);
		// Only the reference and the first name leave the service.
		expect(Object.keys(view.parcels[0]!).sort()).toEqual([
			'addedByHand',
			'code',
			'cold',
			'firstName',
			'handedAt',
			'id',
			'persons',
			'reference',
			'slot',
			'status'
		]);
		const [a] = await auditRows(t.db, s.org.organisationId, 'distribution.plan');
		expect(a!.details).toMatchObject({ day: D, expected: 3 });

		const list = await listDays(t.db, s.org.actors.manager, {});
		expect(list.rows.map((d) => d.id)).toContain(r.id);
	});

	test('refuses a second day at the same site, a past day, bad slots, an inactive template — nothing created', async () => {
		const s = await setup(t.db);
		await household(t.db, s.org);
		const D = addDays(TODAY, 3);
		await plan(s, D);
		const before = Number((await t.db.select({ n: count() }).from(parcels).where(eq(parcels.organisationId, s.org.organisationId)))[0]!.n);
		const e = await expectAppError(plan(s, D), 'dd_day_exists', 409);
		expect(e.message).toContain('déjà prévue');
		const past = await expectAppError(plan(s, addDays(TODAY, -1)), 'invalid_input', 400);
		expect(past.field).toBe('day');
		const slots = await expectAppError(plan(s, addDays(TODAY, 4), '25:00-26:00'), 'invalid_input', 400);
		expect(slots.errors).toHaveProperty('slots');
		await t.db.update(parcelTemplates).set({ active: false }).where(eq(parcelTemplates.id, s.templateId));
		await expectAppError(plan(s, addDays(TODAY, 5)), 'dd_template_unknown', 400);
		const after = Number((await t.db.select({ n: count() }).from(parcels).where(eq(parcels.organisationId, s.org.organisationId)))[0]!.n);
		expect(after).toBe(before);
		// An operator does not plan.
		await expectAppError(
			planDay(t.db, s.org.actors.operator, { siteId: s.org.siteIds.reserve, day: addDays(TODAY, 6), templateId: s.templateId, slots: '09:00-10:00' }),
			'forbidden',
			403
		);
	});
});

describe('households on the list', () => {
	test('adds by card or reference; refuses without a parcel right and twice; absent and present again', async () => {
		const s = await setup(t.db);
		const { id: dayId } = await plan(s, addDays(TODAY, 2));
		const noRight = await household(t.db, s.org, null);
		const e = await expectAppError(addHousehold(t.db, s.org.actors.supervisor, dayId, noRight.card), 'dd_no_right', 409);
		expect(e.message).toContain('Pas de droit colis');
		expect((await dayView(t.db, s.org.actors.supervisor, dayId)).parcels).toHaveLength(0);

		const h = await household(t.db, s.org, { persons: 4 });
		// planned before the household existed: added by hand.
		const added = await addHousehold(t.db, s.org.actors.supervisor, dayId, h.card);
		expect(added.reference).toBe(h.reference);
		await expectAppError(addHousehold(t.db, s.org.actors.supervisor, dayId, h.reference), 'dd_already_listed', 409);
		const p = await parcelOf(dayId, h.id);
		expect(p).toMatchObject({ addedByHand: true, persons: 4, status: 'expected', slot: '09:00-10:00' });

		await markAbsent(t.db, s.org.actors.supervisor, p.id);
		expect((await parcelOf(dayId, h.id)).status).toBe('absent');
		await expectAppError(markAbsent(t.db, s.org.actors.supervisor, p.id), 'dd_already_absent', 409);
		await unmarkAbsent(t.db, s.org.actors.supervisor, p.id);
		expect((await parcelOf(dayId, h.id)).status).toBe('expected');
		expect((await auditRows(t.db, s.org.organisationId)).map((a) => a.action)).toEqual(
			expect.arrayContaining(['distribution.add_household', 'distribution.absent', 'distribution.present'])
		);
	});

	test('a prepared parcel is not marked absent: the closing will return it', async () => {
		const s = await setup(t.db);
		const h = await household(t.db, s.org);
		const { id: dayId } = await plan(s, TODAY);
		const lot = await shelfLot(t.db, s, s.bankOrigin, 10);
		const p = await parcelOf(dayId, h.id);
		await prepare(t.db, s, p.id, lot.id, 2);
		const e = await expectAppError(markAbsent(t.db, s.org.actors.supervisor, p.id), 'dd_absent_prepared', 409);
		expect(e.message).toContain('clôture');
		expect((await parcelOf(dayId, h.id)).status).toBe('prepared');
	});
});

describe('handover', () => {
	test('hands a prepared parcel over with a signature: distribution movements, participation, audit and work event', async () => {
		const s = await setup(t.db);
		const h = await household(t.db, s.org, { participationCents: 150 });
		const { id: dayId } = await plan(s, TODAY);
		const lot = await shelfLot(t.db, s, s.fseOrigin, 10);
		const p = await parcelOf(dayId, h.id);
		const op = s.org.actors.operator;

		const found0 = await findParcelsForHandover(t.db, op, h.card, { today: TODAY });
		expect(found0.parcels[0]).toMatchObject({ code: p.code, ready: false });
		expect(found0.parcels[0]!.why).toContain('Pas encore');
		await expectAppError(handOver(t.db, op, p.id, { signaturePng: SIGNATURE }, { today: TODAY }), 'dd_not_ready', 409);

		await prepare(t.db, s, p.id, lot.id, 2);
		const found = await findParcelsForHandover(t.db, op, h.card, { today: TODAY });
		expect(found).toMatchObject({ reference: h.reference, parcels: [{ id: p.id, ready: true, why: null }] });
		expect(await auditRows(t.db, s.org.organisationId, 'till.lookup')).toHaveLength(1);

		await expectAppError(handOver(t.db, op, p.id, {}, { today: TODAY }), 'dd_signature_missing', 400);
		await expectAppError(handOver(t.db, op, p.id, { signaturePng: 'data:image/png;base64,AAAA' }, { today: TODAY }), 'dd_signature_invalid', 400);
		await expectAppError(handOver(t.db, op, p.id, { noSignatureReason: 'x' }, { today: TODAY }), 'dd_reason_length', 400);
		expect((await parcelOf(dayId, h.id)).status).toBe('prepared');

		const r = await handOver(t.db, op, p.id, { signaturePng: SIGNATURE }, { today: TODAY });
		expect(r.participationCents).toBe(150);
		const after = await parcelOf(dayId, h.id);
		expect(after).toMatchObject({ status: 'handed_over', handedBy: op.userId, participationCents: 150, noSignatureReason: null });
		expect(Buffer.compare(after.signaturePng!, squigglePng(3))).toBe(0);
		const [line] = await t.db.select().from(parcelLines).where(eq(parcelLines.parcelId, p.id));
		const [child] = await t.db.select().from(lots).where(eq(lots.id, line!.parcelLotId));
		expect(child!.onHand).toBe(0);
		const moves = await t.db
			.select()
			.from(stockMovements)
			.where(and(eq(stockMovements.lotId, child!.id), eq(stockMovements.kind, 'distribution')));
		expect(moves).toMatchObject([{ quantity: -2, reason: 'parcel', note: p.code }]);
		const [a] = await auditRows(t.db, s.org.organisationId, 'parcel.handover');
		expect(a!.details).toMatchObject({ code: p.code, reference: h.reference, signed: true });
		const work = await t.db
			.select()
			.from(workEvents)
			.where(and(eq(workEvents.organisationId, s.org.organisationId), eq(workEvents.type, 'parcel.handover')));
		expect(work).toHaveLength(1);
		expect(work[0]!.userId).toBe(op.userId);
		await expectLedgerBalanced(t.db, s.org.organisationId);

		// Twice: refused, nothing changed.
		const moved = await movementCount(s.org.organisationId);
		const e = await expectAppError(handOver(t.db, op, p.id, { noSignatureReason: 'ne peut pas signer' }, { today: TODAY }), 'dd_already_handed', 409);
		expect(e.message).toContain('déjà été remis');
		expect(await movementCount(s.org.organisationId)).toBe(moved);
		expect((await parcelOf(dayId, h.id)).noSignatureReason).toBeNull();

		// The household's file erased (RGPD): the signature goes with it; the sign-off sheet keeps that it was signed.
		await eraseHousehold(t.db, s.org.actors.social_worker, h.id, h.reference, { today: TODAY });
		expect(await parcelOf(dayId, h.id)).toMatchObject({ status: 'handed_over', signaturePng: null, noSignatureReason: ERASED_SIGNATURE });
		const sheet = await signoffSheet(t.db, s.org.actors.supervisor, dayId);
		expect(JSON.stringify(sheet)).not.toContain(SIGNATURE.slice(30, 80));
	});

	test('a double tap on "Remis": one handover, the other refused in French; the same key again answers the first', async () => {
		const s = await setup(t.db);
		const h = await household(t.db, s.org);
		const { id: dayId } = await plan(s, TODAY);
		const lot = await shelfLot(t.db, s, s.bankOrigin, 10);
		const p = await parcelOf(dayId, h.id);
		await prepare(t.db, s, p.id, lot.id, 3);
		const op = s.org.actors.operator;
		const results = await Promise.allSettled([
			handOver(t.db, op, p.id, { signaturePng: SIGNATURE }, { today: TODAY }),
			handOver(t.db, s.org.actors.supervisor, p.id, { signaturePng: SIGNATURE }, { today: TODAY })
		]);
		const ok = results.filter((r) => r.status === 'fulfilled');
		const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
		expect(ok).toHaveLength(1);
		expect(refused).toHaveLength(1);
		expect(refused[0]).toBeInstanceOf(AppError);
		expect((refused[0] as AppError).code).toBe('dd_already_handed');
		const distributions = await t.db
			.select({ n: count() })
			.from(stockMovements)
			.where(and(eq(stockMovements.organisationId, s.org.organisationId), eq(stockMovements.kind, 'distribution')));
		expect(Number(distributions[0]!.n)).toBe(1);
		expect(await auditRows(t.db, s.org.organisationId, 'parcel.handover')).toHaveLength(1);
		await expectLedgerBalanced(t.db, s.org.organisationId);

		// A retry with the key of a handover answers it again.
		const h2 = await household(t.db, s.org);
		const added = await addHousehold(t.db, s.org.actors.supervisor, dayId, h2.reference);
		await prepare(t.db, s, added.parcelId, lot.id, 1);
		const first = await handOver(t.db, op, added.parcelId, { noSignatureReason: 'Main blessée', idempotencyKey: 'k-1' }, { today: TODAY });
		const again = await handOver(t.db, op, added.parcelId, { noSignatureReason: 'Main blessée', idempotencyKey: 'k-1' }, { today: TODAY });
		expect(again).toMatchObject({ id: first.id, replayed: true });
		await expectAppError(
			handOver(t.db, op, added.parcelId, { noSignatureReason: 'Main blessée', idempotencyKey: 'k-2' }, { today: TODAY }),
			'dd_already_handed',
			409
		);
	});

	test('a DLC past at the handover is refused with a clear message, nothing moves', async () => {
		const s = await setup(t.db);
		const h = await household(t.db, s.org);
		const { id: dayId } = await plan(s, TODAY);
		const lot = await shelfLot(t.db, s, s.bankOrigin, 5, { date: addDays(TODAY, -1), dateType: 'dlc' });
		const p = await parcelOf(dayId, h.id);
		await prepare(t.db, s, p.id, lot.id, 1);
		const moved = await movementCount(s.org.organisationId);
		const e = await expectAppError(handOver(t.db, s.org.actors.operator, p.id, { signaturePng: SIGNATURE }, { today: TODAY }), 'dd_dlc_past', 409);
		expect(e.message).toContain('DLC');
		expect(await movementCount(s.org.organisationId)).toBe(moved);
		expect((await parcelOf(dayId, h.id)).status).toBe('prepared');
	});

	test('a parcel of another day is not handed over today', async () => {
		const s = await setup(t.db);
		const h = await household(t.db, s.org);
		const { id: dayId } = await plan(s, addDays(TODAY, 1));
		const lot = await shelfLot(t.db, s, s.bankOrigin, 5);
		const p = await parcelOf(dayId, h.id);
		await prepare(t.db, s, p.id, lot.id, 1);
		await expectAppError(handOver(t.db, s.org.actors.operator, p.id, { signaturePng: SIGNATURE }, { today: TODAY }), 'dd_not_today', 409);
		expect((await findParcelsForHandover(t.db, s.org.actors.operator, h.reference, { today: TODAY })).parcels).toHaveLength(0);
	});
});

describe('closing a day', () => {
	test('returns exactly what was not collected, marks the others absent, writes the summary once; closing twice changes nothing', async () => {
		const s = await setup(t.db);
		const given = await household(t.db, s.org, { persons: 3, participationCents: 100 });
		const notCollected = await household(t.db, s.org, { persons: 2 });
		const absent = await household(t.db, s.org);
		const { id: dayId } = await plan(s, TODAY);
		const fse = await shelfLot(t.db, s, s.fseOrigin, 20);
		const bank = await shelfLot(t.db, s, s.bankOrigin, 20);
		const shelf = async () =>
			(await t.db.select({ id: lots.id, onHand: lots.onHand, locationId: lots.locationId }).from(lots).where(eq(lots.organisationId, s.org.organisationId)))
				.filter((l) => l.locationId === s.org.locationId)
				.reduce((sum, l) => sum + l.onHand, 0);
		expect(await shelf()).toBe(40);

		const pg = await parcelOf(dayId, given.id);
		await prepare(t.db, s, pg.id, fse.id, 3);
		const pn = await parcelOf(dayId, notCollected.id);
		await prepare(t.db, s, pn.id, bank.id, 2);
		await prepare(t.db, s, pn.id, fse.id, 1);
		expect(await shelf()).toBe(34);
		await handOver(t.db, s.org.actors.operator, pg.id, { signaturePng: SIGNATURE }, { today: TODAY });

		const { summary, returned } = await closeDay(t.db, s.org.actors.supervisor, dayId);
		expect(returned).toBe(1);
		// Back on the shelf: all but the 3 handed over.
		expect(await shelf()).toBe(37);
		const lines = await t.db.select().from(parcelLines).where(eq(parcelLines.parcelId, pn.id));
		for (const l of lines) {
			const [child] = await t.db.select().from(lots).where(eq(lots.id, l.parcelLotId));
			expect(child!.locationId).toBe(l.fromLocationId);
			const back = await t.db
				.select()
				.from(stockMovements)
				.where(and(eq(stockMovements.lotId, child!.id), eq(stockMovements.reason, 'parcel_return')));
			expect(back).toMatchObject([{ kind: 'move', quantity: 0, toLocationId: l.fromLocationId }]);
		}
		const colis = await t.db
			.select({ id: locations.id })
			.from(locations)
			.where(and(eq(locations.organisationId, s.org.organisationId), eq(locations.kind, 'colis')));
		const stillInColis = await t.db
			.select({ n: sql<number>`coalesce(sum(${lots.onHand}), 0)::int` })
			.from(lots)
			.where(and(eq(lots.organisationId, s.org.organisationId), eq(lots.locationId, colis[0]!.id)));
		expect(Number(stillInColis[0]!.n)).toBe(0);
		await expectLedgerBalanced(t.db, s.org.organisationId);

		expect((await parcelOf(dayId, notCollected.id)).status).toBe('not_collected');
		expect((await parcelOf(dayId, absent.id)).status).toBe('absent');
		expect(summary).toMatchObject({ given: 1, notCollected: 1, absent: 1, households: 1, persons: 3, participationCents: 100, fseKg: 1.2, otherKg: 0 });
		expect(summary.byOrigin).toEqual([{ origin: 'FSE+ test', fse: true, kg: 1.2 }]);
		const [stored] = await t.db.select().from(distributionDays).where(eq(distributionDays.id, dayId));
		expect(stored).toMatchObject({ status: 'closed', closedBy: s.org.users.supervisor.id });
		expect(stored!.summary).toEqual(summary);
		expect(await auditRows(t.db, s.org.organisationId, 'distribution.close')).toHaveLength(1);

		const moved = await movementCount(s.org.organisationId);
		const e = await expectAppError(closeDay(t.db, s.org.actors.supervisor, dayId), 'dd_already_closed', 409);
		expect(e.message).toContain('déjà clôturée');
		expect(await movementCount(s.org.organisationId)).toBe(moved);
		expect(await auditRows(t.db, s.org.organisationId, 'distribution.close')).toHaveLength(1);
		// A closed day takes no more households, no absences.
		const late = await household(t.db, s.org);
		await expectAppError(addHousehold(t.db, s.org.actors.supervisor, dayId, late.card), 'dd_day_closed', 409);
		await expectAppError(unmarkAbsent(t.db, s.org.actors.supervisor, (await parcelOf(dayId, absent.id)).id), 'dd_day_closed', 409);

		// The sign-off sheet: the handed-over parcel, its FSE+ goods and the signature; every read audited.
		const sheet = await signoffSheet(t.db, s.org.actors.manager, dayId);
		expect(sheet.rows).toHaveLength(1);
		expect(sheet.rows[0]).toMatchObject({ reference: given.reference, persons: 3, signature: SIGNATURE, noSignatureReason: null });
		expect(sheet.rows[0]!.fse).toMatchObject([{ quantity: 3 }]);
		expect(sheet.rows[0]!.fse[0]!.lotNumber).toMatch(/^N-/);
		const csv = await signoffCsv(t.db, s.org.actors.supervisor, dayId);
		expect(csv.csv).toContain(given.reference);
		expect(csv.csv).toContain('signé');
		expect(csv.csv).not.toContain(notCollected.reference);
		const reads = await auditRows(t.db, s.org.organisationId, 'distribution.signoff_read');
		expect(reads.map((r) => (r.details as { format: string }).format)).toEqual(['page', 'csv']);
		await expectAppError(signoffSheet(t.db, s.org.actors.operator, dayId), 'forbidden', 403);
	});
});

describe('another organisation', () => {
	test('never reaches a day or a parcel: 404, nothing changed', async () => {
		const s = await setup(t.db);
		const h = await household(t.db, s.org);
		const { id: dayId } = await plan(s, TODAY);
		const p = await parcelOf(dayId, h.id);
		const other = await makeOrg(t.db, 'Autre');
		const sup: Actor = other.actors.supervisor;
		await expectAppError(dayView(t.db, sup, dayId), 'dd_day_not_found', 404);
		await expectAppError(addHousehold(t.db, sup, dayId, h.card), 'dd_day_not_found', 404);
		await expectAppError(markAbsent(t.db, sup, p.id), 'dd_parcel_not_found', 404);
		await expectAppError(closeDay(t.db, sup, dayId), 'dd_day_not_found', 404);
		await expectAppError(signoffSheet(t.db, sup, dayId), 'dd_day_not_found', 404);
		await expectAppError(handOver(t.db, other.actors.operator, p.id, { signaturePng: SIGNATURE }, { today: TODAY }), 'dd_parcel_not_found', 404);
		await expectAppError(findParcelsForHandover(t.db, other.actors.operator, h.card, { today: TODAY }), 'unknown_card', 404);
		expect((await listDays(t.db, sup, {})).rows).toHaveLength(0);
		expect((await parcelOf(dayId, h.id)).status).toBe('expected');
		const [hh] = await t.db.select({ n: count() }).from(households).where(eq(households.organisationId, other.organisationId));
		expect(Number(hh!.n)).toBe(0);
	});
});
