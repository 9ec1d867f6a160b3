import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { audit } from '$lib/server/audit';
import type { Executor } from '$lib/server/db';
import { lots, workEvents } from '$lib/server/db/schema';
import { countLot, startCount, validateCount } from '$lib/server/stock/counts';
import { correctMovement, moveLot, recordLoss } from '$lib/server/stock/lots';
import { addLine, createReception, removeLine, validateReception } from '$lib/server/stock/receptions';
import { recordLabelPrint } from '$lib/server/stock/views';
import { completeSale } from '$lib/server/till/sales';
import { closeTill } from '$lib/server/till/sessions';
import { evidenceOf } from '$lib/server/training/evidence';
import { recordWork } from '$lib/server/training/events';
import { frameworkOf } from '$lib/server/training/framework';
import { WORK_EVENT_TYPES, type WorkEventType } from '$lib/training/events';
import { useTestDatabase } from '../helpers/db';
import { addUser, expectAppError, makeOrg } from '../helpers/fixtures';
import { makeLocation, makeProduct } from '../helpers/stock';
import { makeLot, makeShop, newKey } from '../helpers/till';

const t = useTestDatabase();
const ZONE = 'Europe/Paris';

/** What the framework says a skill's evidence is: the sum, over its event types, of the times of each type. */
function expectedBySkill(skills: { id: string; code: string; events: WorkEventType[] }[], times: Partial<Record<WorkEventType, number>>) {
	return Object.fromEntries(skills.map((s) => [s.code, s.events.reduce((n, e) => n + (times[e] ?? 0), 0)]).filter(([, n]) => (n as number) > 0)) as Record<
		string,
		number
	>;
}

describe('training record: evidence from real work', () => {
	test('a week of work by two operators gives exactly the expected evidence', async () => {
		const s = await makeShop(t.db);
		const awa = s.operator; // opened the till in makeShop
		const { actor: bruno } = await addUser(t.db, s.org, ['operator']);
		const sup = s.org.actors.supervisor;
		const shelf = await makeLocation(t.db, s.org, 'ambient');
		const flour = await makeProduct(t.db, s.org, { referencePriceCents: 120 });

		// Awa: a reception with three lines (one removed again: an anomaly), validated by the supervisor.
		const r = await createReception(t.db, awa, { originId: s.origin.id, deliveryNote: 'BL-1' });
		await addLine(t.db, awa, r.id, { productId: flour.id, quantity: 12, date: '2030-01-01' });
		await addLine(t.db, awa, r.id, { productId: s.product.id, quantity: 6, date: '2030-02-01' });
		const wrong = await addLine(t.db, awa, r.id, { productId: s.product.id, quantity: 60, date: '2030-02-01' });
		await removeLine(t.db, awa, r.id, wrong.id);
		const { lots: received } = await validateReception(t.db, sup, r.id);
		// Awa prints the labels and shelves both lots.
		expect(await recordLabelPrint(t.db, awa, { receptionId: r.id })).toEqual({ labels: 2 });
		for (const lot of received) await moveLot(t.db, awa, { lotId: lot.id, locationId: shelf.id });
		// Awa sells at the till; a DLC-past lot is refused; she closes with 0,30 € missing.
		await completeSale(t.db, awa, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [{ lot: received[0]!.id, quantity: 2 }],
			payments: [{ method: 'cash', amountCents: 48 }]
		});
		const old = await makeLot(t.db, sup, s.product.id, s.origin.id, 4, { date: '2020-01-01', dateType: 'dlc' });
		await expectAppError(
			completeSale(t.db, awa, s.point, { idempotencyKey: newKey(), customer: s.household.card, lines: [{ lot: old.id, quantity: 1 }], payments: [] }),
			'dlc_past',
			409
		);
		await closeTill(t.db, awa, s.point, { counted: { cash: 1000 + 48 - 30 } });

		// Bruno: counts the shelf (one lot right, one wrong), records a loss that the supervisor corrects.
		const c = await startCount(t.db, bruno, shelf.id);
		const onHand = async (id: string) => (await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, id)))[0]!.n;
		await countLot(t.db, bruno, c.id, { lot: received[0]!.code, quantity: String(await onHand(received[0]!.id)) });
		await countLot(t.db, bruno, c.id, { lot: received[1]!.code, quantity: String((await onHand(received[1]!.id)) - 1) });
		await validateCount(t.db, sup, c.id);
		const loss = await recordLoss(t.db, bruno, { lotId: received[0]!.id, quantity: 1, reason: 'broken' });
		await correctMovement(t.db, sup, loss.movementId, 'Pas cassé : retrouvé intact');

		const skills = await frameworkOf(t.db, s.org.organisationId);
		const expected: Record<string, Partial<Record<WorkEventType, number>>> = {
			awa: {
				'till.open': 1,
				'reception.create': 1,
				'reception.line_add': 3,
				'reception.line_remove': 1,
				'labels.print': 1,
				'stock.move': 2,
				'till.sale': 1,
				'till.refused': 1,
				'till.close': 1
			},
			bruno: { 'count.start': 1, 'count.line': 2, 'stock.loss': 1, 'stock.corrected': 1 }
		};
		for (const [who, actor] of [
			['awa', awa],
			['bruno', bruno]
		] as const) {
			const ev = await evidenceOf(t.db, s.org.organisationId, actor.userId, { zone: ZONE });
			expect(Object.fromEntries(ev.events.map((e) => [e.type, e.times])), who).toEqual(expected[who]);
			const bySkill = Object.fromEntries(skills.filter((k) => ev.skills.has(k.id)).map((k) => [k.code, ev.skills.get(k.id)!.times]));
			expect(bySkill, who).toEqual(expectedBySkill(skills, expected[who]!));
			expect(ev.total.times).toBe(Object.values(expected[who]!).reduce((a, b) => a + b, 0));
			expect(ev.total.weeks).toBe(1);
		}
		const awaEv = await evidenceOf(t.db, s.org.organisationId, awa.userId, { zone: ZONE });
		expect(awaEv.signals).toEqual({ corrections: 0, refusals: 1, cash_differences: 1, count_differences: 0 });
		expect(awaEv.events.find((e) => e.type === 'labels.print')!.quantity).toBe(2);
		const brunoEv = await evidenceOf(t.db, s.org.organisationId, bruno.userId, { zone: ZONE });
		expect(brunoEv.signals).toEqual({ corrections: 1, refusals: 0, cash_differences: 0, count_differences: 1 });
		// The signal sits on the skills its event feeds: the corrected loss on storing (CAP-B1-3), not on serving.
		const code = (id: string) => skills.find((k) => k.id === id)!.code;
		const withCorrections = [...brunoEv.skills.values()].filter((x) => x.signals.corrections).map((x) => code(x.skillId));
		expect(withCorrections.sort()).toEqual(['CAP-B1-3', 'CAP-B1-4']);
		// The till closing's difference in cents is the signal stored.
		const [close] = await t.db
			.select({ signal: workEvents.signal })
			.from(workEvents)
			.where(and(eq(workEvents.userId, awa.userId), eq(workEvents.type, 'till.close')));
		expect(close!.signal).toBe(30);
		// The supervisor's own validations are the supervisor's evidence, not the operators'.
		const supEv = await evidenceOf(t.db, s.org.organisationId, sup.userId, { zone: ZONE });
		expect(supEv.events.map((e) => e.type).sort()).toEqual(['count.validate', 'reception.validate']);
	});

	test('a work event lands with its action or not at all; API tokens do not learn', async () => {
		const org = await makeOrg(t.db);
		const op = org.actors.operator;
		const count = async () =>
			(
				await t.db
					.select({ n: sql<number>`count(*)::int` })
					.from(workEvents)
					.where(eq(workEvents.organisationId, org.organisationId))
			)[0]!.n;
		await expect(
			t.db.transaction(async (tx) => {
				await audit(tx, op, 'till.sale', null, { lines: 1 });
				throw new Error('rolled back');
			})
		).rejects.toThrow('rolled back');
		expect(await count()).toBe(0);
		await t.db.transaction((tx) => audit(tx, { ...op, apiTokenId: crypto.randomUUID() }, 'till.sale', null, { lines: 1 }));
		await t.db.transaction((tx) => audit(tx, op, 'site.create', null, {}));
		expect(await count()).toBe(0);
		await t.db.transaction((tx) => audit(tx, op, 'till.sale', null, { lines: 1 }));
		expect(await count()).toBe(1);
	});

	test('evidence counts equal the events recorded: per type, per skill, weeks, since, period (property)', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const skills = await frameworkOf(t.db, org.organisationId);
		const base = Date.UTC(2026, 0, 5, 8); // a Monday, 09:00 in Paris
		const DAY = 86_400_000;
		let run = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						type: fc.constantFrom(...WORK_EVENT_TYPES),
						day: fc.integer({ min: 0, max: 40 }),
						hour: fc.integer({ min: 0, max: 23 }),
						mine: fc.boolean()
					}),
					{
						maxLength: 25
					}
				),
				fc.integer({ min: 0, max: 40 }),
				fc.integer({ min: 0, max: 40 }),
				async (events, a, b) => {
					const { actor: me } = await addUser(t.db, org, ['operator']);
					const { actor: colleague } = await addUser(t.db, org, ['operator']);
					run++;
					const at = (e: { day: number; hour: number }) => new Date(base + e.day * DAY + e.hour * 3_600_000);
					await t.db.transaction(async (tx) => {
						for (const e of events) {
							const who = e.mine ? me : colleague;
							await recordWork(tx, { organisationId: org.organisationId, userId: who.userId }, { type: e.type });
							await tx.execute(
								sql`update work_events set at = ${at(e).toISOString()}::timestamptz where id = (select max(id) from work_events where user_id = ${who.userId})`
							);
						}
					});
					const from = new Date(base + Math.min(a, b) * DAY);
					const to = new Date(base + Math.max(a, b) * DAY);
					const since = new Date(base + 20 * DAY);
					const ev = await evidenceOf(t.db, org.organisationId, me.userId, { zone: ZONE, from, to, since });
					const mine = events.filter((e) => e.mine && at(e) >= from && at(e) < to);
					const times: Partial<Record<WorkEventType, number>> = {};
					for (const e of mine) times[e.type] = (times[e.type] ?? 0) + 1;
					expect(Object.fromEntries(ev.events.map((e) => [e.type, e.times]))).toEqual(times);
					const bySkill = Object.fromEntries(skills.filter((k) => ev.skills.has(k.id)).map((k) => [k.code, ev.skills.get(k.id)!.times]));
					expect(bySkill).toEqual(expectedBySkill(skills, times));
					// Weeks: base is a Monday 09:00 Paris time; a week is 7 days from the Monday.
					const weekOf = (e: { day: number; hour: number }) => Math.floor((e.day * 24 + e.hour + 9) / (7 * 24));
					expect(ev.total.weeks).toBe(new Set(mine.map(weekOf)).size);
					expect(ev.total.newSince).toBe(mine.filter((e) => at(e) > since).length);
					expect(ev.total.times).toBe(mine.length);
					const other_ = await evidenceOf(t.db, other.organisationId, me.userId, { zone: ZONE });
					expect(other_.total.times).toBe(0);
				}
			),
			{ numRuns: 15 }
		);
		expect(run).toBeGreaterThan(0);
	});
});

describe('migration 0010: the work already in the journal', () => {
	test('the backfill reads the journal as audit() writes work events today (same types, people, instants, measures)', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.supervisor, s.product.id, s.origin.id, 10);
		await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [{ lot: lot.id, quantity: 1 }],
			payments: [{ method: 'cash', amountCents: 50 }]
		});
		const c = await startCount(t.db, s.operator, s.org.locationId);
		await countLot(t.db, s.operator, c.id, { lot: lot.code, quantity: '3', moveHere: true });
		await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000, card: 5 } });
		const file = readFileSync(new URL('../../drizzle/0010_training.sql', import.meta.url), 'utf8');
		const backfill = file.slice(file.indexOf('INSERT INTO "work_events"'));
		const read = (ex: Executor) =>
			ex
				.select({
					userId: workEvents.userId,
					type: workEvents.type,
					at: workEvents.at,
					quantity: workEvents.quantity,
					signal: workEvents.signal,
					entityId: workEvents.entityId
				})
				.from(workEvents)
				.where(eq(workEvents.organisationId, s.org.organisationId))
				.orderBy(workEvents.at, workEvents.type);
		const live = await read(t.db);
		expect(live.map((e) => e.type)).toEqual(expect.arrayContaining(['till.open', 'till.sale', 'count.start', 'count.line', 'till.close']));
		class Rollback extends Error {}
		await expect(
			t.db.transaction(async (tx) => {
				await tx.execute(sql`delete from work_events`);
				await tx.execute(sql.raw(backfill));
				expect(await read(tx)).toEqual(live);
				throw new Rollback();
			})
		).rejects.toBeInstanceOf(Rollback);
		expect(await read(t.db)).toEqual(live);
	});
});
