import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { organisations, reuseContainers, reuseExitLines, reuseExits, reuseItemMovements, reuseItems, sites, workEvents } from '$lib/server/db/schema';
import { listReuseCategories } from '$lib/server/reuse/categories';
import { addExitLine, cancelExitLine, createExit, getExit, listExits } from '$lib/server/reuse/exits';
import { lockItem, nextReuseCode, recordItemMovement } from '$lib/server/reuse/ledger';
import { DEMO_REUSE_EXITS, seedReuseExits } from '$lib/server/demo/reuseExits';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { auditRows, expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';

// Issue 15, item 6: exits by channel — weighed (tare, scale maximum), counted, items scanned; cancel; API.

const t = useApiTestDatabase();

interface Shop {
	org: OrgFixture;
	siteId: string;
	bac: string;
	textile: { id: string; averageWeightGrams: number };
	livres: { id: string; averageWeightGrams: number };
}

async function shop(): Promise<Shop> {
	const org = await makeOrg(t.db, 'Ressourcerie test');
	const [site] = await t.db
		.insert(sites)
		.values({ organisationId: org.organisationId, name: 'Ressourcerie', kind: 'ressourcerie' })
		.returning({ id: sites.id });
	const [bac] = await t.db
		.insert(reuseContainers)
		.values({ organisationId: org.organisationId, name: 'Bac', tareGrams: 2500 })
		.returning({ id: reuseContainers.id });
	const cats = await listReuseCategories(t.db, org.actors.manager);
	const textile = cats.find((c) => c.flux === 'textile')!;
	const livres = cats.find((c) => c.flux === 'livres')!;
	return { org, siteId: site!.id, bac: bac!.id, textile, livres };
}

/** An item in stock, made through the ledger (the items' service is another helper's). */
async function makeItem(db: Database, s: Shop, opts: { quantity?: number; unitWeightGrams?: number } = {}): Promise<{ id: string; code: string }> {
	const actor = s.org.actors.manager;
	return db.transaction(async (tx) => {
		const code = await nextReuseCode(tx, actor.organisationId, 'item');
		const quantity = opts.quantity ?? 1;
		const [row] = await tx
			.insert(reuseItems)
			.values({
				organisationId: actor.organisationId,
				code,
				siteId: s.siteId,
				categoryId: s.livres.id,
				description: 'Lot de romans',
				quantity,
				onHand: 0,
				priceCents: 100,
				unitWeightGrams: opts.unitWeightGrams ?? 400,
				weightSource: 'weighed',
				createdBy: actor.userId
			})
			.returning({ id: reuseItems.id });
		const item = await lockItem(tx, actor, row!.id);
		await recordItemMovement(tx, actor, item, { kind: 'creation', quantity });
		return { id: row!.id, code };
	});
}

const onHand = async (id: string) => (await t.db.select({ n: reuseItems.onHand }).from(reuseItems).where(eq(reuseItems.id, id)))[0]!.n;
const linesOf = (exitId: string) => t.db.select().from(reuseExitLines).where(eq(reuseExitLines.exitId, exitId)).orderBy(reuseExitLines.id);
const recycling = (s: Shop, actor: Actor = s.org.actors.operator) => createExit(t.db, actor, { channel: 'recyclage', recipient: 'Refashion' });

describe('opening an exit', () => {
	test('an exit gets a number S-…, the only ressourcerie site, and is audited', async () => {
		const s = await shop();
		const a = await createExit(t.db, s.org.actors.operator, { channel: 'don', recipient: '  Mme Martin ', note: 'Pour son appartement' });
		const b = await recycling(s);
		expect(a.number).toBe('S-000001');
		expect(b.number).toBe('S-000002');
		const view = await getExit(t.db, s.org.actors.operator, a.id);
		expect(view).toMatchObject({ channel: 'don', recipient: 'Mme Martin', siteId: s.siteId, lines: [], netGrams: 0 });
		expect((await auditRows(t.db, s.org.organisationId, 'reuse.exit_create')).map((r) => r.details)).toEqual([
			{ number: 'S-000001', channel: 'don', recipient: 'Mme Martin' },
			{ number: 'S-000002', channel: 'recyclage', recipient: 'Refashion' }
		]);
	});

	test('bad channel, missing recipient of a recycling, unknown site: refused in French, nothing saved', async () => {
		const s = await shop();
		const op = s.org.actors.operator;
		await expectAppError(createExit(t.db, op, { channel: 'vente' }), 'channel_invalid', 400);
		await expectAppError(createExit(t.db, op, { channel: 'recyclage', recipient: '  ' }), 'recipient_required', 400);
		await expectAppError(createExit(t.db, op, { channel: 'don', recipient: 'x'.repeat(121) }), 'recipient_invalid', 400);
		await expectAppError(createExit(t.db, op, { channel: 'don', siteId: s.org.siteIds.epicerie }), 'site_not_found', 404);
		const other = await shop();
		await expectAppError(createExit(t.db, op, { channel: 'don', siteId: other.siteId }), 'site_not_found', 404);
		expect(await t.db.select().from(reuseExits).where(eq(reuseExits.organisationId, s.org.organisationId))).toEqual([]);
	});

	test('a social worker may not open an exit', async () => {
		const s = await shop();
		await expectAppError(createExit(t.db, s.org.actors.social_worker, { channel: 'don' }), 'forbidden', 403);
	});
});

describe('weighed and counted lines', () => {
	test('a weighed line deducts the container’s tare; a counted line is count × the average weight; totals by flux', async () => {
		const s = await shop();
		const exit = await recycling(s);
		const w = await addExitLine(t.db, s.org.actors.operator, exit.id, { method: 'weighed', flux: 'textile', containerId: s.bac, grossGrams: 42_500 });
		expect(w).toMatchObject({ flux: 'textile', method: 'weighed', netGrams: 40_000 });
		const c = await addExitLine(t.db, s.org.actors.operator, exit.id, { method: 'counted', categoryId: s.livres.id, count: 12 });
		expect(c.netGrams).toBe(12 * s.livres.averageWeightGrams);
		const [line] = await linesOf(exit.id);
		expect(line).toMatchObject({ grossGrams: 42_500, tareGrams: 2500, containerId: s.bac, netGrams: 40_000, userId: s.org.users.operator.id });
		const view = await getExit(t.db, s.org.actors.operator, exit.id);
		expect(view.byFlux).toEqual([
			{ flux: 'textile', netGrams: 40_000 },
			{ flux: 'livres', netGrams: 12 * s.livres.averageWeightGrams }
		]);
		expect(view.netGrams).toBe(40_000 + 12 * s.livres.averageWeightGrams);
		expect(view.lines.map((l) => l.containerName)).toEqual(['Bac', null]);
	});

	test('over the scale’s maximum, or at or below the tare: refused in French, nothing saved', async () => {
		const s = await shop();
		const exit = await recycling(s);
		const op = s.org.actors.operator;
		const over = await expectAppError(addExitLine(t.db, op, exit.id, { method: 'weighed', flux: 'textile', grossGrams: 300_001 }), 'over_scale', 400);
		expect(over.message).toContain('300 kg');
		expect(over.field).toBe('grossGrams');
		// A smaller scale set by the manager.
		await t.db
			.update(organisations)
			.set({ settings: { 'reuse.scaleMaxGrams': 50_000 } })
			.where(eq(organisations.id, s.org.organisationId));
		await expectAppError(addExitLine(t.db, op, exit.id, { method: 'weighed', flux: 'textile', grossGrams: 50_001 }), 'over_scale', 400);
		const tare = await expectAppError(
			addExitLine(t.db, op, exit.id, { method: 'weighed', flux: 'textile', containerId: s.bac, grossGrams: 2500 }),
			'not_above_tare',
			400
		);
		expect(tare.message).toContain('2,5 kg');
		await expectAppError(addExitLine(t.db, op, exit.id, { method: 'weighed', flux: 'textile', grossGrams: 0 }), 'gross_invalid', 400);
		await expectAppError(addExitLine(t.db, op, exit.id, { method: 'weighed', flux: 'rien', grossGrams: 1000 }), 'flux_invalid', 400);
		await expectAppError(
			addExitLine(t.db, op, exit.id, { method: 'weighed', flux: 'textile', categoryId: s.livres.id, grossGrams: 1000 }),
			'category_flux_mismatch',
			400
		);
		await expectAppError(addExitLine(t.db, op, exit.id, { method: 'counted', categoryId: s.livres.id, count: 0 }), 'count_invalid', 400);
		await expectAppError(addExitLine(t.db, op, exit.id, { method: 'counted', categoryId: null, count: 3 }), 'category_required', 400);
		expect(await linesOf(exit.id)).toEqual([]);
		expect(await auditRows(t.db, s.org.organisationId, 'reuse.exit')).toEqual([]);
	});

	test('another organisation’s container, category or exit: not found', async () => {
		const s = await shop();
		const other = await shop();
		const exit = await recycling(s);
		const op = s.org.actors.operator;
		await expectAppError(
			addExitLine(t.db, op, exit.id, { method: 'weighed', flux: 'textile', containerId: other.bac, grossGrams: 9000 }),
			'reuse_container_not_found',
			404
		);
		await expectAppError(addExitLine(t.db, op, exit.id, { method: 'counted', categoryId: other.livres.id, count: 2 }), 'reuse_category_not_found', 404);
		const theirs = await recycling(other);
		await expectAppError(addExitLine(t.db, op, theirs.id, { method: 'weighed', flux: 'textile', grossGrams: 9000 }), 'exit_not_found', 404);
		await expectAppError(getExit(t.db, op, theirs.id), 'exit_not_found', 404);
		expect(await linesOf(exit.id)).toEqual([]);
		expect(await linesOf(theirs.id)).toEqual([]);
	});

	test('each line is a work event of the operator who weighed', async () => {
		const s = await shop();
		const exit = await recycling(s, s.org.actors.supervisor);
		await addExitLine(t.db, s.org.actors.operator, exit.id, { method: 'weighed', flux: 'textile', grossGrams: 5000 });
		await addExitLine(t.db, s.org.actors.operator, exit.id, { method: 'counted', categoryId: s.livres.id, count: 3 });
		const events = await t.db
			.select({ userId: workEvents.userId, type: workEvents.type, entityId: workEvents.entityId })
			.from(workEvents)
			.where(and(eq(workEvents.organisationId, s.org.organisationId), eq(workEvents.type, 'reuse.exit')));
		expect(events).toEqual([
			{ userId: s.org.users.operator.id, type: 'reuse.exit', entityId: exit.id },
			{ userId: s.org.users.operator.id, type: 'reuse.exit', entityId: exit.id }
		]);
		const audits = await auditRows(t.db, s.org.organisationId, 'reuse.exit');
		expect(audits.map((a) => a.userId)).toEqual([s.org.users.operator.id, s.org.users.operator.id]);
	});
});

describe('items scanned out', () => {
	test('an item leaves by an exit movement; its pieces × unit weight count', async () => {
		const s = await shop();
		const item = await makeItem(t.db, s, { quantity: 3, unitWeightGrams: 400 });
		const exit = await recycling(s);
		const r = await addExitLine(t.db, s.org.actors.operator, exit.id, { method: 'item', code: ` ${item.code.toLowerCase()} `, quantity: 2 });
		expect(r).toMatchObject({ method: 'item', flux: 'livres', netGrams: 800, itemCode: item.code, itemLeft: 1 });
		expect(await onHand(item.id)).toBe(1);
		const [mv] = await t.db
			.select()
			.from(reuseItemMovements)
			.where(and(eq(reuseItemMovements.itemId, item.id), eq(reuseItemMovements.kind, 'exit')));
		expect(mv).toMatchObject({ quantity: -2, exitLineId: r.id, userId: s.org.users.operator.id });
		// Without a quantity: the pieces left.
		const rest = await addExitLine(t.db, s.org.actors.operator, exit.id, { method: 'item', code: item.code });
		expect(rest.netGrams).toBe(400);
		expect(await onHand(item.id)).toBe(0);
		const view = await getExit(t.db, s.org.actors.operator, exit.id);
		expect(view.byFlux).toEqual([{ flux: 'livres', netGrams: 1200 }]);
		expect(view.lines[0]).toMatchObject({ itemCode: item.code, count: 2, method: 'item' });
		expect((await auditRows(t.db, s.org.organisationId, 'reuse.exit'))[0]!.details).toMatchObject({ code: item.code, pieces: 2, netGrams: 800 });
	});

	test('an item already sold is refused in French, nothing saved', async () => {
		const s = await shop();
		const item = await makeItem(t.db, s);
		await t.db.transaction(async (tx) => {
			const locked = await lockItem(tx, s.org.actors.operator, item.code);
			await recordItemMovement(tx, s.org.actors.operator, locked, { kind: 'sale', quantity: -1 });
		});
		const exit = await recycling(s);
		const err = await expectAppError(addExitLine(t.db, s.org.actors.operator, exit.id, { method: 'item', code: item.code }), 'reuse_item_gone', 409);
		expect(err.message).toContain('déjà vendu ou sorti');
		expect(await linesOf(exit.id)).toEqual([]);
		expect(await auditRows(t.db, s.org.organisationId, 'reuse.exit')).toEqual([]);
		// More pieces than left.
		const batch = await makeItem(t.db, s, { quantity: 2 });
		await expectAppError(addExitLine(t.db, s.org.actors.operator, exit.id, { method: 'item', code: batch.code, quantity: 3 }), 'reuse_item_gone', 409);
		expect(await onHand(batch.id)).toBe(2);
		expect(await linesOf(exit.id)).toEqual([]);
	});

	test('another organisation’s label is not found', async () => {
		const s = await shop();
		const other = await shop();
		const theirs = await makeItem(t.db, other);
		const exit = await recycling(s);
		const err = await expectAppError(addExitLine(t.db, s.org.actors.operator, exit.id, { method: 'item', code: theirs.code }), 'reuse_item_not_found', 404);
		expect(err.field).toBe('code');
		expect(await onHand(theirs.id)).toBe(1);
		expect(await linesOf(exit.id)).toEqual([]);
	});

	test('two exits racing on one one-piece item: exactly one wins', async () => {
		const s = await shop();
		const item = await makeItem(t.db, s);
		const a = await recycling(s);
		const b = await createExit(t.db, s.org.actors.supervisor, { channel: 'don', recipient: 'M. Durand' });
		const results = await Promise.allSettled([
			addExitLine(t.db, s.org.actors.operator, a.id, { method: 'item', code: item.code }),
			addExitLine(t.db, s.org.actors.supervisor, b.id, { method: 'item', code: item.code })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(lost.reason).toMatchObject({ code: 'reuse_item_gone', status: 409 });
		expect(await onHand(item.id)).toBe(0);
		const lines = [...(await linesOf(a.id)), ...(await linesOf(b.id))];
		expect(lines).toHaveLength(1);
		const moves = await t.db
			.select()
			.from(reuseItemMovements)
			.where(and(eq(reuseItemMovements.itemId, item.id), eq(reuseItemMovements.kind, 'exit')));
		expect(moves).toHaveLength(1);
	});
});

describe('cancelling a line', () => {
	test('a supervisor cancels: a reversing line; an item comes back in stock; twice is refused', async () => {
		const s = await shop();
		const item = await makeItem(t.db, s, { unitWeightGrams: 700 });
		const exit = await recycling(s);
		const op = s.org.actors.operator;
		const w = await addExitLine(t.db, op, exit.id, { method: 'weighed', flux: 'textile', containerId: s.bac, grossGrams: 12_500 });
		const i = await addExitLine(t.db, op, exit.id, { method: 'item', code: item.code });
		expect(await onHand(item.id)).toBe(0);
		await expectAppError(cancelExitLine(t.db, op, exit.id, i.id), 'forbidden', 403);
		await cancelExitLine(t.db, s.org.actors.supervisor, exit.id, String(i.id));
		expect(await onHand(item.id)).toBe(1);
		const back = await t.db
			.select()
			.from(reuseItemMovements)
			.where(and(eq(reuseItemMovements.itemId, item.id), eq(reuseItemMovements.kind, 'correction')));
		expect(back).toHaveLength(1);
		expect(back[0]!.quantity).toBe(1);
		await cancelExitLine(t.db, s.org.actors.manager, exit.id, w.id);
		await expectAppError(cancelExitLine(t.db, s.org.actors.manager, exit.id, w.id), 'line_cancelled', 409);
		const lines = await linesOf(exit.id);
		expect(lines.map((l) => [l.netGrams, l.correctionOf])).toEqual([
			[10_000, null],
			[700, null],
			[-700, i.id],
			[-10_000, w.id]
		]);
		const view = await getExit(t.db, op, exit.id);
		expect(view.netGrams).toBe(0);
		expect(view.byFlux).toEqual([]);
		expect(view.lines.filter((l) => l.cancelled).map((l) => l.id)).toEqual([w.id, i.id]);
		// The item may leave again.
		await addExitLine(t.db, op, exit.id, { method: 'item', code: item.code });
		expect(await onHand(item.id)).toBe(0);
		expect((await auditRows(t.db, s.org.organisationId, 'reuse.exit_cancel')).map((r) => r.userId)).toEqual([
			s.org.users.supervisor.id,
			s.org.users.manager.id
		]);
		// A reversing line, another exit's line, nonsense: not found.
		const rev = lines[2]!.id;
		await expectAppError(cancelExitLine(t.db, s.org.actors.manager, exit.id, rev), 'line_not_found', 404);
		const other = await recycling(s);
		const x = await addExitLine(t.db, op, other.id, { method: 'weighed', flux: 'textile', grossGrams: 3000 });
		await expectAppError(cancelExitLine(t.db, s.org.actors.manager, exit.id, x.id), 'line_not_found', 404);
		await expectAppError(cancelExitLine(t.db, s.org.actors.manager, exit.id, 'abc'), 'line_not_found', 404);
	});
});

describe('list of exits', () => {
	test('newest first, filtered by channel, with their lines and weights', async () => {
		const s = await shop();
		const gift = await createExit(t.db, s.org.actors.operator, { channel: 'don' });
		const rec = await recycling(s);
		await addExitLine(t.db, s.org.actors.operator, rec.id, { method: 'weighed', flux: 'textile', grossGrams: 8000 });
		const all = await listExits(t.db, s.org.actors.operator);
		expect(all.rows.map((r) => r.number)).toEqual([rec.number, gift.number]);
		expect(all.rows[0]).toMatchObject({ lines: 1, netGrams: 8000, channel: 'recyclage', recipient: 'Refashion', siteName: 'Ressourcerie' });
		const dons = await listExits(t.db, s.org.actors.operator, { channel: 'don' });
		expect(dons.rows.map((r) => r.id)).toEqual([gift.id]);
		expect(dons.total).toBe(1);
	});
});

describe('API', () => {
	test('create, add lines of the three kinds, read, list, cancel', async () => {
		const s = await shop();
		const item = await makeItem(t.db, s);
		const op = s.org.actors.operator;
		const created = await callApi<Record<string, any>>('POST', '/api/v1/reuse/exits', { actor: op, body: { channel: 'dechet', recipient: 'Déchetterie' } });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ number: 'S-000001', channel: 'dechet', recipient: 'Déchetterie', lines: [] });
		const id = created.body.id as string;
		const w = await callApi<Record<string, any>>('POST', `/api/v1/reuse/exits/${id}/lines`, {
			actor: op,
			body: { method: 'weighed', flux: 'textile', containerId: s.bac, grossGrams: 10_000 }
		});
		expect(w.status).toBe(201);
		expect(w.body.line).toMatchObject({ netGrams: 7500, method: 'weighed' });
		const c = await callApi('POST', `/api/v1/reuse/exits/${id}/lines`, { actor: op, body: { method: 'counted', categoryId: s.textile.id, count: 2 } });
		expect(c.status).toBe(201);
		const i = await callApi<Record<string, any>>('POST', `/api/v1/reuse/exits/${id}/lines`, { actor: op, body: { method: 'item', code: item.code } });
		expect(i.status).toBe(201);
		const again = await callApi<Record<string, any>>('POST', `/api/v1/reuse/exits/${id}/lines`, { actor: op, body: { method: 'item', code: item.code } });
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe('reuse_item_gone');
		const over = await callApi<Record<string, any>>('POST', `/api/v1/reuse/exits/${id}/lines`, {
			actor: op,
			body: { method: 'weighed', flux: 'textile', grossGrams: 400_000 }
		});
		expect(over.status).toBe(400);
		expect(over.body.error.code).toBe('over_scale');
		const got = await callApi<Record<string, any>>('GET', `/api/v1/reuse/exits/${id}`, { actor: op });
		expect(got.body.lines).toHaveLength(3);
		expect(got.body.netGrams).toBe(7500 + 2 * s.textile.averageWeightGrams + 400);
		const list = await callApi<Record<string, any>>('GET', '/api/v1/reuse/exits?channel=dechet', { actor: op });
		expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
		const denied = await callApi('POST', `/api/v1/reuse/exits/${id}/lines/${i.body.line.id}/cancel`, { actor: op });
		expect(denied.status).toBe(403);
		const cancelled = await callApi<Record<string, any>>('POST', `/api/v1/reuse/exits/${id}/lines/${i.body.line.id}/cancel`, {
			actor: s.org.actors.supervisor
		});
		expect(cancelled.status).toBe(200);
		expect(cancelled.body.lines.find((l: { id: number }) => l.id === i.body.line.id).cancelled).toBe(true);
		expect(await onHand(item.id)).toBe(1);
		const other = await shop();
		const theirs = await callApi('GET', `/api/v1/reuse/exits/${id}`, { actor: other.org.actors.operator });
		expect(theirs.status).toBe(404);
	});
});

describe('the demo', () => {
	test('exits on every channel by Karim and Léa, weighed by flux; the oldest one-piece item given by its label', async () => {
		const s = await shop();
		const item = await makeItem(t.db, s, { unitWeightGrams: 650 });
		const ids = new Map([
			['karim', s.org.users.operator.id],
			['lea', s.org.users.supervisor.id]
		]);
		const made = await t.db.transaction((tx) => seedReuseExits(tx, s.org.organisationId, ids, '2026-12-01'));
		expect(made).toBe(DEMO_REUSE_EXITS.length + 1);
		const page = await listExits(t.db, s.org.actors.manager, { page: 1 });
		expect(page.total).toBe(made);
		const exits = await t.db.select().from(reuseExits).where(eq(reuseExits.organisationId, s.org.organisationId));
		expect(new Set(exits.map((e) => e.channel))).toEqual(new Set(['don', 'partenaire', 'recyclage', 'dechet']));
		expect(exits.map((e) => e.recipient)).toEqual(expect.arrayContaining(['Emmaüs Connect', 'Ecomaison', 'ecosystem', 'Refashion']));
		expect(new Set(exits.map((e) => e.createdBy))).toEqual(new Set([s.org.users.operator.id, s.org.users.supervisor.id]));
		expect(await onHand(item.id)).toBe(0);
		const withTare = await t.db
			.select()
			.from(reuseExitLines)
			.where(and(eq(reuseExitLines.organisationId, s.org.organisationId), eq(reuseExitLines.containerId, s.bac)));
		expect(withTare.length).toBeGreaterThan(0);
		expect(withTare.every((l) => l.grossGrams! - l.tareGrams === l.netGrams && l.tareGrams === 2500)).toBe(true);
	});
});
