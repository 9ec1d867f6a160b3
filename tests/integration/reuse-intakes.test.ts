import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { describeAuditEvent } from '$lib/auditEvents';
import { createApiToken } from '$lib/server/auth/apiTokens';
import type { Database } from '$lib/server/db';
import { organisations, reuseContainers, reuseIntakeLines, reuseIntakes, sites, workEvents } from '$lib/server/db/schema';
import { DEMO_INTAKES, seedReuseIntakes } from '$lib/server/demo/reuseIntakes';
import { listReuseCategories } from '$lib/server/reuse/categories';
import { addIntakeLine, cancelIntakeLine, getIntake, listIntakes, openIntake } from '$lib/server/reuse/intakes';
import {
	createReuseCategory,
	createReuseContainer,
	setReuseCategoryActive,
	setReuseContainerActive,
	updateReuseCategory,
	updateReuseContainer,
	updateReuseSettings
} from '$lib/server/reuse/manage';
import { reuseSettings } from '$lib/server/reuse/settings';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { auditRows, expectAppError, expectPgError, makeOrg, type OrgFixture } from '../helpers/fixtures';

// Issue 15, items 2 and 3: categories, containers and settings; weighed intakes.

const t = useApiTestDatabase();
type Json = Record<string, any>;

async function ressourcerie(db: Database, org: OrgFixture): Promise<string> {
	const [s] = await db.insert(sites).values({ organisationId: org.organisationId, name: 'Ressourcerie', kind: 'ressourcerie' }).returning({ id: sites.id });
	return s!.id;
}

async function shop() {
	const org = await makeOrg(t.db);
	const siteId = await ressourcerie(t.db, org);
	const bac = await createReuseContainer(t.db, org.actors.manager, { name: 'Bac', tareGrams: 2500 });
	const cats = await listReuseCategories(t.db, org.actors.manager);
	const livres = cats.find((c) => c.name === 'Livres')!;
	const chaises = cats.find((c) => c.flux === 'mobilier')!;
	return { org, siteId, bac, livres, chaises, op: org.actors.operator };
}

const lineCount = async (intakeId: string) =>
	(
		await t.db
			.select({ n: sql<number>`count(*)::int` })
			.from(reuseIntakeLines)
			.where(eq(reuseIntakeLines.intakeId, intakeId))
	)[0]!.n;

describe('categories, containers and settings (managers)', () => {
	test('a category is created, changed, taken out of service and back; audited; French errors on every field at once', async () => {
		const { org } = await shop();
		const m = org.actors.manager;
		const c = await createReuseCategory(t.db, m, {
			flux: 'mobilier',
			name: 'Tabourets',
			ecoCategory: 'Assise',
			averageWeightGrams: 3500,
			priceGrid: [{ label: 'Tabouret', priceCents: 400 }],
			position: 3
		});
		expect(c).toMatchObject({ flux: 'mobilier', ecoCategory: 'Assise', averageWeightGrams: 3500, active: true });
		const u = await updateReuseCategory(t.db, m, c.id, {
			flux: 'mobilier',
			name: 'Tabourets hauts',
			ecoCategory: 'Assise',
			averageWeightGrams: 4000,
			priceGrid: []
		});
		expect(u).toMatchObject({ name: 'Tabourets hauts', averageWeightGrams: 4000, priceGrid: [] });
		expect((await setReuseCategoryActive(t.db, m, c.id, false)).active).toBe(false);
		expect((await listReuseCategories(t.db, m)).some((x) => x.id === c.id)).toBe(false);
		expect((await setReuseCategoryActive(t.db, m, c.id, true)).active).toBe(true);
		expect((await auditRows(t.db, org.organisationId, 'reuse.category_create')).length).toBe(1);
		expect((await auditRows(t.db, org.organisationId, 'reuse.category_update')).length).toBe(3);

		const err = await expectAppError(
			createReuseCategory(t.db, m, { flux: 'meubles', name: 'x', averageWeightGrams: 0, priceGrid: [{ label: 'A', priceCents: -1 }] }),
			'invalid_input',
			400
		);
		expect(Object.keys(err.errors ?? {}).sort()).toEqual(['averageWeightGrams', 'flux', 'name', 'priceGrid']);
		await expectAppError(createReuseCategory(t.db, m, { flux: 'livres', name: 'Livres', averageWeightGrams: 300 }), 'ri_name_taken', 409);
		await expectAppError(createReuseCategory(t.db, org.actors.operator, { flux: 'livres', name: 'BD', averageWeightGrams: 300 }), 'forbidden');
	});

	test('containers and settings; another organisation’s container is not found', async () => {
		const { org, bac } = await shop();
		const other = await makeOrg(t.db, 'Autre');
		const m = org.actors.manager;
		expect((await updateReuseContainer(t.db, m, bac.id, { name: 'Bac bleu', tareGrams: 2600 })).tareGrams).toBe(2600);
		await expectAppError(updateReuseContainer(t.db, other.actors.manager, bac.id, { name: 'Volé', tareGrams: 1 }), 'reuse_container_not_found', 404);
		await expectAppError(createReuseContainer(t.db, m, { name: 'Palette', tareGrams: -1 }), 'invalid_input', 400);
		expect((await setReuseContainerActive(t.db, m, bac.id, false)).active).toBe(false);
		const s = await updateReuseSettings(t.db, m, { scaleMaxGrams: 150_000, maxDiscountPercent: 30 });
		expect(s).toEqual({ scaleMaxGrams: 150_000, maxDiscountPercent: 30 });
		const [row] = await t.db.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, org.organisationId));
		expect(row!.settings).toMatchObject({ 'reuse.scaleMaxGrams': 150_000, 'reuse.maxDiscountPercent': 30 });
		await expectAppError(updateReuseSettings(t.db, m, { scaleMaxGrams: 3_000_000, maxDiscountPercent: 30 }), 'invalid_input', 400);
		expect(await reuseSettings(t.db, m)).toEqual(s);
		expect((await auditRows(t.db, org.organisationId, 'reuse.settings')).length).toBe(1);
		expect((await auditRows(t.db, org.organisationId, 'reuse.container_update')).length).toBe(2);
	});
});

describe('weighed intakes', () => {
	test('weighings with a tare, several flux, counts; totals are the sum of the lines; audit and work events', async () => {
		const { org, siteId, bac, livres, op } = await shop();
		const { id, number } = await openIntake(t.db, op, { source: 'apport', commune: 'Villeurbanne' });
		expect(number).toMatch(/^A-\d{6}$/);
		const a = await addIntakeLine(t.db, op, id, { flux: 'textile', grossGrams: 14_500, containerId: bac.id });
		expect(a).toMatchObject({ method: 'weighed', grossGrams: 14_500, tareGrams: 2500, netGrams: 12_000, containerName: 'Bac' });
		await addIntakeLine(t.db, op, id, { flux: 'mobilier', grossGrams: 31_000 });
		const c = await addIntakeLine(t.db, op, id, { method: 'counted', categoryId: livres.id, count: 30 });
		expect(c).toMatchObject({ flux: 'livres', count: 30, netGrams: 30 * livres.averageWeightGrams });
		const v = await getIntake(t.db, op, id);
		expect(v.intake.siteId).toBe(siteId);
		expect(v.totalGrams).toBe(v.lines.reduce((s, l) => s + l.netGrams, 0));
		expect(v.totalGrams).toBe(12_000 + 31_000 + 30 * livres.averageWeightGrams);
		expect(v.totals.map((x) => x.flux)).toEqual(['mobilier', 'textile', 'livres']);
		const weighings = await auditRows(t.db, org.organisationId, 'reuse.weighing');
		expect(weighings.map((w) => w.details)).toEqual([
			expect.objectContaining({ flux: 'textile', netGrams: 12_000, intake: number }),
			expect.objectContaining({ flux: 'mobilier', netGrams: 31_000, intake: number }),
			expect.objectContaining({ flux: 'livres', intake: number, method: 'counted' })
		]);
		expect((await auditRows(t.db, org.organisationId, 'reuse.intake_create')).length).toBe(1);
		const said = describeAuditEvent({ action: 'reuse.weighing', person: 'Karim B', details: weighings[0]!.details as Record<string, unknown> });
		expect(said).toContain(`(${number}) : Textile, 12 kg`);
		const work = await t.db
			.select()
			.from(workEvents)
			.where(and(eq(workEvents.organisationId, org.organisationId), eq(workEvents.type, 'reuse.weighing')));
		expect(work.length).toBe(3);
		expect(work.every((w) => w.userId === op.userId)).toBe(true);
		const list = await listIntakes(t.db, op);
		expect(list.rows[0]).toMatchObject({ number, lines: 3, totalGrams: v.totalGrams });
	});

	test('over the scale maximum, at or under the tare, a count without a category: French refusal, nothing saved', async () => {
		const { org, bac, op } = await shop();
		await updateReuseSettings(t.db, org.actors.manager, { scaleMaxGrams: 100_000, maxDiscountPercent: 50 });
		const { id } = await openIntake(t.db, op, { source: 'collecte' });
		const over = await expectAppError(addIntakeLine(t.db, op, id, { flux: 'mobilier', grossGrams: 100_001 }), 'invalid_input', 400);
		expect(over.field).toBe('grossGrams');
		expect(over.message).toContain('100 kg');
		const tare = await expectAppError(addIntakeLine(t.db, op, id, { flux: 'textile', grossGrams: 2500, containerId: bac.id }), 'invalid_input', 400);
		expect(tare.message).toContain('2,5 kg');
		await expectAppError(addIntakeLine(t.db, op, id, { flux: 'textile', method: 'counted', count: 3 }), 'invalid_input', 400);
		await expectAppError(addIntakeLine(t.db, op, id, { flux: 'textile', grossGrams: 0 }), 'invalid_input', 400);
		expect(await lineCount(id)).toBe(0);
		expect((await auditRows(t.db, org.organisationId, 'reuse.weighing')).length).toBe(0);
		// exactly the maximum is accepted
		expect((await addIntakeLine(t.db, op, id, { flux: 'mobilier', grossGrams: 100_000 })).netGrams).toBe(100_000);
	});

	test('another organisation’s container, category or intake is not found; a category of another flux is refused', async () => {
		const { op, livres, bac } = await shop();
		const other = await shop();
		const { id } = await openIntake(t.db, op, { source: 'apport' });
		await expectAppError(addIntakeLine(t.db, op, id, { flux: 'textile', grossGrams: 9000, containerId: other.bac.id }), 'reuse_container_not_found', 404);
		await expectAppError(addIntakeLine(t.db, op, id, { method: 'counted', categoryId: other.livres.id, count: 2 }), 'reuse_category_not_found', 404);
		await expectAppError(addIntakeLine(t.db, other.op, id, { flux: 'textile', grossGrams: 9000, containerId: bac.id }), 'ri_intake_not_found', 404);
		await expectAppError(getIntake(t.db, other.op, id), 'ri_intake_not_found', 404);
		await expectAppError(addIntakeLine(t.db, op, id, { flux: 'textile', categoryId: livres.id, grossGrams: 9000 }), 'invalid_input', 400);
		expect(await lineCount(id)).toBe(0);
	});

	test('a line is cancelled by a reversing line (supervisors), once; the trigger refuses an UPDATE or DELETE of a line', async () => {
		const { org, bac, op } = await shop();
		const { id } = await openIntake(t.db, op, { source: 'dechetterie', partner: 'Déchetterie Nord' });
		const a = await addIntakeLine(t.db, op, id, { flux: 'deee', grossGrams: 22_000, containerId: bac.id });
		await addIntakeLine(t.db, op, id, { flux: 'deee', grossGrams: 5000 });
		await expectAppError(cancelIntakeLine(t.db, op, id, a.id), 'forbidden', 403);
		const rev = await cancelIntakeLine(t.db, org.actors.supervisor, id, a.id);
		expect(rev).toMatchObject({ correctionOf: a.id, netGrams: -19_500, flux: 'deee' });
		await expectAppError(cancelIntakeLine(t.db, org.actors.supervisor, id, a.id), 'ri_line_cancelled', 409);
		await expectAppError(cancelIntakeLine(t.db, org.actors.supervisor, id, rev.id), 'ri_line_is_cancel', 409);
		const v = await getIntake(t.db, op, id);
		expect(v.totalGrams).toBe(5000);
		expect(v.lines.find((l) => l.id === a.id)!.cancelled).toBe(true);
		expect((await auditRows(t.db, org.organisationId, 'reuse.weighing_cancel')).length).toBe(1);
		await expectPgError(t.db.update(reuseIntakeLines).set({ netGrams: 1 }).where(eq(reuseIntakeLines.id, a.id)), '23001');
		await expectPgError(t.db.delete(reuseIntakeLines).where(eq(reuseIntakeLines.id, a.id)), '23001');
	});

	test('an intake needs a source and a ressourcerie site of the organisation', async () => {
		const org = await makeOrg(t.db);
		await expectAppError(openIntake(t.db, org.actors.operator, { source: 'apport' }), 'invalid_input', 400);
		const siteId = await ressourcerie(t.db, org);
		const other = await makeOrg(t.db);
		const otherSite = await ressourcerie(t.db, other);
		const err = await expectAppError(openIntake(t.db, org.actors.operator, { source: 'nulle-part', siteId: otherSite }), 'invalid_input', 400);
		expect(Object.keys(err.errors ?? {}).sort()).toEqual(['siteId', 'source']);
		await expectAppError(openIntake(t.db, org.actors.operator, { source: 'apport', siteId: org.siteIds.epicerie }), 'invalid_input', 400);
		expect((await openIntake(t.db, org.actors.operator, { source: 'apport', siteId })).number).toBe('A-000001');
		await expectAppError(openIntake(t.db, org.actors.social_worker, { source: 'apport' }), 'forbidden', 403);
	});
});

describe('API', () => {
	test('open an intake, weigh, count, cancel, read; categories and containers', async () => {
		const { org, bac, livres } = await shop();
		const { token } = await createApiToken(t.db, org.actors.manager, { name: 'Balance', roles: ['manager'] });
		const cats = await callApi<Json>('GET', '/api/v1/reuse/categories', { token });
		expect(cats.status).toBe(200);
		expect(cats.body.items.length).toBeGreaterThan(10);
		const cont = await callApi<Json>('POST', '/api/v1/reuse/containers', { token, body: { name: 'Caddie', tareGrams: 12_000 } });
		expect(cont.status).toBe(201);
		const opened = await callApi<Json>('POST', '/api/v1/reuse/intakes', { token, body: { source: 'partenaire', partner: 'Emmaüs' } });
		expect(opened.status).toBe(201);
		const id = opened.body.id;
		const w = await callApi<Json>('POST', `/api/v1/reuse/intakes/${id}/lines`, {
			token,
			body: { flux: 'vaisselle', grossGrams: 20_000, containerId: cont.body.id }
		});
		expect(w.status).toBe(201);
		expect(w.body.netGrams).toBe(8000);
		const over = await callApi<Json>('POST', `/api/v1/reuse/intakes/${id}/lines`, { token, body: { flux: 'vaisselle', grossGrams: 400_000 } });
		expect(over.status).toBe(400);
		expect(over.body.error.message).toContain('300 kg');
		const n = await callApi<Json>('POST', `/api/v1/reuse/intakes/${id}/lines`, { token, body: { method: 'counted', categoryId: livres.id, count: 10 } });
		expect(n.body.netGrams).toBe(10 * livres.averageWeightGrams);
		const cancel = await callApi<Json>('POST', `/api/v1/reuse/intakes/${id}/lines/${w.body.id}/cancel`, { token });
		expect(cancel.status).toBe(201);
		const got = await callApi<Json>('GET', `/api/v1/reuse/intakes/${id}`, { token });
		expect(got.body.totalGrams).toBe(10 * livres.averageWeightGrams);
		const list = await callApi<Json>('GET', '/api/v1/reuse/intakes', { token });
		expect(list.body.items[0].id).toBe(id);
		const other = await shop();
		const { token: otherToken } = await createApiToken(t.db, other.org.actors.manager, { name: 'Autre', roles: ['manager'] });
		expect((await callApi<Json>('GET', `/api/v1/reuse/intakes/${id}`, { token: otherToken })).status).toBe(404);
		expect((await callApi<Json>('PUT', `/api/v1/reuse/containers/${bac.id}`, { token: otherToken, body: { name: 'X', tareGrams: 1 } })).status).toBe(404);
		const set = await callApi<Json>('PUT', '/api/v1/settings/reuse', { token, body: { scaleMaxGrams: 200_000, maxDiscountPercent: 20 } });
		expect(set.body).toEqual({ scaleMaxGrams: 200_000, maxDiscountPercent: 20 });
	});
});

describe('demo', () => {
	test('seedReuseIntakes: three containers, a dozen intakes by Karim and Léa of several sources and flux, counted lines, one cancelled', async () => {
		const org = await makeOrg(t.db);
		await t.db.insert(sites).values({ organisationId: org.organisationId, name: 'Ressourcerie La Deuxième Vie', kind: 'ressourcerie' });
		const ids = new Map([
			['karim', org.users.operator.id],
			['lea', org.users.manager.id],
			['nadia', org.users.supervisor.id]
		]);
		await t.db.transaction((tx) => seedReuseIntakes(tx, org.organisationId, ids, '2026-06-15'));
		const boxes = await t.db.select().from(reuseContainers).where(eq(reuseContainers.organisationId, org.organisationId));
		expect(boxes.map((b) => [b.name, b.tareGrams]).sort()).toEqual([
			['Bac', 2500],
			['Caddie', 12_000],
			['Palette', 20_000]
		]);
		const intakes = await t.db.select().from(reuseIntakes).where(eq(reuseIntakes.organisationId, org.organisationId));
		expect(intakes.length).toBe(DEMO_INTAKES.length);
		expect(intakes.length).toBeGreaterThanOrEqual(12);
		expect(new Set(intakes.map((i) => i.source)).size).toBe(4);
		expect(new Set(intakes.map((i) => i.createdBy))).toEqual(new Set([org.users.operator.id, org.users.manager.id]));
		expect(intakes.every((i) => i.createdAt < new Date('2026-06-15T00:00:00Z') && i.createdAt > new Date('2026-03-01T00:00:00Z'))).toBe(true);
		const lines = await t.db.select().from(reuseIntakeLines).where(eq(reuseIntakeLines.organisationId, org.organisationId));
		expect(new Set(lines.map((l) => l.flux)).size).toBeGreaterThanOrEqual(8);
		expect(lines.filter((l) => l.method === 'counted' && !l.correctionOf).length).toBeGreaterThanOrEqual(3);
		expect(lines.filter((l) => l.correctionOf).length).toBe(1);
		const op = org.actors.operator;
		for (const i of intakes) {
			const v = await getIntake(t.db, op, i.id);
			expect(v.totalGrams).toBeGreaterThan(0);
		}
		const work = await t.db
			.select()
			.from(workEvents)
			.where(and(eq(workEvents.organisationId, org.organisationId), eq(workEvents.type, 'reuse.weighing')));
		expect(work.length).toBe(lines.filter((l) => !l.correctionOf).length);
	});
});
