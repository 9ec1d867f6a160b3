import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { scaleTemplate } from '$lib/parcels/composition';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { organisations, parcelTemplateLines, parcelTemplates } from '$lib/server/db/schema';
import { parcelSettings } from '$lib/server/parcels/settings';
import { getParcelSettings, updateParcelSettings } from '$lib/server/parcels/settingsService';
import {
	createTemplate,
	duplicateTemplate,
	getTemplate,
	listTemplates,
	setTemplateActive,
	templateForDay,
	updateTemplate,
	type TemplateInput
} from '$lib/server/parcels/templates';
import { seedParcelTemplates } from '$lib/server/demo/parcelTemplates';
import { ensureDefaultCategories } from '$lib/server/stock/catalogue';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { addUser, auditRows, expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeCategory, makeDay, makeParcel, makeParcelLine, makeParcelRight } from '../helpers/parcelRows';
import { makeOrigin, makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot } from '../helpers/till';

// Issue 14, item 2: parcel templates (compositions) — services, API, settings.

const t = useApiTestDatabase();
type Json = Record<string, any>;

async function shop() {
	const org = await makeOrg(t.db);
	const epicerie = await makeCategory(t.db, org, 'Épicerie sèche');
	const feculents = await makeCategory(t.db, org, 'Féculents', epicerie);
	const conserves = await makeCategory(t.db, org, 'Conserves de légumes', epicerie);
	const laitiers = await makeCategory(t.db, org, 'Produits laitiers');
	const old = await makeCategory(t.db, org, 'Ancienne', null, false);
	return { org, cat: { epicerie, feculents, conserves, laitiers, old } };
}

const line = (categoryId: string, l: Partial<TemplateInput['lines'][number]> = {}): TemplateInput['lines'][number] => ({
	categoryId,
	unit: 'piece',
	scaling: 'fixed',
	quantity: 1,
	band1: null,
	band2: null,
	band3: null,
	band5: null,
	cold: false,
	...l
});

const family = (c: Awaited<ReturnType<typeof shop>>['cat']): TemplateInput => ({
	name: 'Colis famille',
	note: 'Le colis de tous les jours',
	lines: [
		line(c.laitiers, { scaling: 'per_person', quantity: 2, cold: true }),
		line(c.feculents, { unit: 'kg', scaling: 'per_person', quantity: 1000 }),
		line(c.conserves, { scaling: 'bands', quantity: 7, band1: 1, band2: 2, band3: 3, band5: 4 })
	]
});

const countRows = async (org: OrgFixture) => ({
	templates: (
		await t.db
			.select({ n: sql<number>`count(*)::int` })
			.from(parcelTemplates)
			.where(eq(parcelTemplates.organisationId, org.organisationId))
	)[0]!.n,
	lines: (
		await t.db
			.select({ n: sql<number>`count(*)::int` })
			.from(parcelTemplateLines)
			.where(eq(parcelTemplateLines.organisationId, org.organisationId))
	)[0]!.n
});

describe('templates', () => {
	test('a manager creates a template: lines in order with their category names, kg in grams, bands kept, audited', async () => {
		const { org, cat } = await shop();
		const { id } = await createTemplate(t.db, org.actors.manager, family(cat));
		const got = await getTemplate(t.db, org.actors.manager, id);
		expect(got).toMatchObject({ name: 'Colis famille', note: 'Le colis de tous les jours', active: true, plannedDays: 0 });
		expect(got.lines.map((l) => [l.position, l.categoryName, l.unit, l.scaling, l.quantity, l.band1, l.band5, l.cold])).toEqual([
			[0, 'Produits laitiers', 'piece', 'per_person', 2, null, null, true],
			[1, 'Féculents', 'kg', 'per_person', 1000, null, null, false],
			// A band line keeps no quantity.
			[2, 'Conserves de légumes', 'piece', 'bands', null, 1, 4, false]
		]);
		const audit = await auditRows(t.db, org.organisationId, 'parcel_template.create');
		expect(audit).toHaveLength(1);
		expect(audit[0]!.details).toMatchObject({ name: 'Colis famille', lines: 3 });
		// The prepare and days helpers' view: scaled for 4 persons, cold last.
		const day = await templateForDay(t.db, org.organisationId, id);
		expect(scaleTemplate(day.lines, 4).map((l) => [l.categoryName, l.target])).toEqual([
			['Féculents', 4000],
			['Conserves de légumes', 3],
			['Produits laitiers', 8]
		]);
		// Readers: planners and preparers; not the social worker.
		expect((await listTemplates(t.db, org.actors.operator)).map((x) => x.name)).toEqual(['Colis famille']);
		expect((await listTemplates(t.db, org.actors.supervisor))[0]).toMatchObject({ lines: 3, coldLines: 1 });
		await expectAppError(listTemplates(t.db, org.actors.social_worker), 'forbidden', 403);
		await expectAppError(createTemplate(t.db, org.actors.supervisor, family(cat)), 'forbidden', 403);
		await expectAppError(createTemplate(t.db, org.actors.operator, family(cat)), 'forbidden', 403);
	});

	test('bad input: every problem at once, in French, nothing written', async () => {
		const { org, cat } = await shop();
		const other = await makeOrg(t.db, 'Autre');
		const foreign = await makeCategory(t.db, other, 'Féculents');
		const before = await countRows(org);
		const err = await expectAppError(
			createTemplate(t.db, org.actors.manager, {
				name: ' x ',
				lines: [
					line(foreign),
					line(cat.old),
					line(cat.feculents, { quantity: 0 }),
					line(cat.conserves, { scaling: 'bands', band1: 0, band2: 0, band3: 0, band5: 0 }),
					line(cat.laitiers, { unit: 'litre', scaling: 'weekly' }),
					line(cat.feculents, { unit: 'kg', quantity: 100_001 })
				]
			}),
			'invalid_input',
			400
		);
		expect(err.errors).toMatchObject({
			name: expect.stringMatching(/nom/),
			'lines.0.categoryId': expect.stringMatching(/catégorie/),
			'lines.1.categoryId': expect.stringMatching(/catégorie/),
			'lines.2.quantity': expect.stringMatching(/plus grande que 0/),
			'lines.3.band1': expect.stringMatching(/tranche/),
			'lines.4.unit': expect.any(String),
			'lines.4.scaling': expect.any(String),
			'lines.5.quantity': expect.stringMatching(/Trop grand.*100 kg/)
		});
		await expectAppError(createTemplate(t.db, org.actors.manager, { name: 'Vide', lines: [] }), 'invalid_input', 400);
		// What the form could not read ("deux") is said, not "empty".
		const typed = await expectAppError(
			createTemplate(t.db, org.actors.manager, {
				name: 'Colis',
				lines: [line(cat.feculents, { quantity: null })],
				formErrors: { 'lines.0.quantity': 'Tapez des chiffres.' }
			}),
			'invalid_input',
			400
		);
		expect(typed.errors).toEqual({ 'lines.0.quantity': 'Tapez des chiffres.' });
		expect(await countRows(org)).toEqual(before);
		expect(await auditRows(t.db, org.organisationId, 'parcel_template.create')).toHaveLength(0);
		// A name used twice.
		await createTemplate(t.db, org.actors.manager, family(cat));
		await expectAppError(createTemplate(t.db, org.actors.manager, family(cat)), 'name_taken', 409);
	});

	test('update replaces the lines whole, keeping the ids given; a line already picked cannot be removed', async () => {
		const { org, cat } = await shop();
		const { id } = await createTemplate(t.db, org.actors.manager, family(cat));
		const [laitiers, feculents, conserves] = (await getTemplate(t.db, org.actors.manager, id)).lines;
		// Reorder, change one, drop one, add one.
		await updateTemplate(t.db, org.actors.manager, id, {
			name: 'Colis famille (hiver)',
			note: '',
			lines: [
				line(cat.feculents, { id: feculents!.id, unit: 'kg', scaling: 'per_person', quantity: 1500 }),
				line(cat.laitiers, { id: laitiers!.id, scaling: 'fixed', quantity: 4, cold: true }),
				line(cat.epicerie, { quantity: 2 })
			]
		});
		const after = await getTemplate(t.db, org.actors.manager, id);
		expect(after).toMatchObject({ name: 'Colis famille (hiver)', note: null });
		expect(after.lines.map((l) => [l.id === feculents!.id, l.id === laitiers!.id, l.categoryName, l.quantity])).toEqual([
			[true, false, 'Féculents', 1500],
			[false, true, 'Produits laitiers', 4],
			[false, false, 'Épicerie sèche', 2]
		]);
		expect(after.lines.some((l) => l.id === conserves!.id)).toBe(false);
		const audit = await auditRows(t.db, org.organisationId, 'parcel_template.update');
		expect(audit).toHaveLength(1);
		expect((audit[0]!.details as Json).before.name).toBe('Colis famille');
		expect((audit[0]!.details as Json).after.lines).toHaveLength(3);

		// Parcels prepared with the Féculents line: it stays (changed is fine), it cannot be removed.
		const origin = await makeOrigin(t.db, org);
		const product = await makeProduct(t.db, org, { categoryId: cat.feculents });
		const lot = await makeLot(t.db, org.actors.manager, product.id, origin.id, 10);
		const household = await makeBeneficiary(t.db, org);
		const right = await makeParcelRight(t.db, org, household.householdId, 3);
		const day = await makeDay(t.db, org, id, '2026-03-10');
		const parcel = await makeParcel(t.db, org, { dayId: day, householdId: household.householdId, rightId: right, persons: 3, status: 'prepared' });
		await makeParcelLine(t.db, org, { parcelId: parcel, templateLineId: feculents!.id, lotId: lot.id, productId: product.id, quantity: 2 });
		const rows = await countRows(org);
		const refused = await expectAppError(updateTemplate(t.db, org.actors.manager, id, { name: 'Autre nom', lines: [line(cat.epicerie)] }), 'line_in_use', 409);
		expect(refused.message).toMatch(/Féculents/);
		expect(await countRows(org)).toEqual(rows);
		expect((await getTemplate(t.db, org.actors.manager, id)).name).toBe('Colis famille (hiver)');
		await updateTemplate(t.db, org.actors.manager, id, {
			name: 'Colis famille (hiver)',
			lines: [line(cat.feculents, { id: feculents!.id, unit: 'kg', quantity: 2000 })]
		});
		expect((await getTemplate(t.db, org.actors.manager, id)).lines.map((l) => [l.id, l.quantity])).toEqual([[feculents!.id, 2000]]);
	});

	test('out of use: refused while a planned day uses it, then allowed; back in use; duplicate', async () => {
		const { org, cat } = await shop();
		const { id } = await createTemplate(t.db, org.actors.manager, family(cat));
		const dayId = await makeDay(t.db, org, id, '2026-04-01');
		await makeDay(t.db, org, id, '2026-03-01', 'closed');
		expect((await getTemplate(t.db, org.actors.manager, id)).plannedDays).toBe(1);
		const err = await expectAppError(setTemplateActive(t.db, org.actors.manager, id, false), 'template_in_use', 409);
		expect(err.message).toMatch(/1 distribution/);
		expect((await getTemplate(t.db, org.actors.manager, id)).active).toBe(true);
		await t.db.execute(sql`update distribution_days set status = 'closed', closed_at = now(), closed_by = ${org.users.supervisor.id} where id = ${dayId}`);
		expect(await setTemplateActive(t.db, org.actors.manager, id, false)).toEqual({ name: 'Colis famille', active: false });
		// Said twice: nothing more written.
		await setTemplateActive(t.db, org.actors.manager, id, false);
		expect(await listTemplates(t.db, org.actors.manager)).toHaveLength(0);
		expect(await listTemplates(t.db, org.actors.manager, { includeInactive: true })).toHaveLength(1);
		await setTemplateActive(t.db, org.actors.manager, id, true);
		expect((await auditRows(t.db, org.organisationId)).map((r) => r.action).filter((a) => a.startsWith('parcel_template.'))).toEqual([
			'parcel_template.create',
			'parcel_template.deactivate',
			'parcel_template.reactivate'
		]);

		const copy = await duplicateTemplate(t.db, org.actors.manager, id);
		const copy2 = await duplicateTemplate(t.db, org.actors.manager, id);
		const a = await getTemplate(t.db, org.actors.manager, copy.id);
		expect(a.name).toBe('Colis famille (copie)');
		expect((await getTemplate(t.db, org.actors.manager, copy2.id)).name).toBe('Colis famille (copie 2)');
		const strip = (ls: typeof a.lines) => ls.map(({ id: _id, ...rest }) => rest);
		expect(strip(a.lines)).toEqual(strip((await getTemplate(t.db, org.actors.manager, id)).lines));
	});

	test('nothing crosses organisations', async () => {
		const { org, cat } = await shop();
		const other = await makeOrg(t.db, 'Autre');
		const { id } = await createTemplate(t.db, org.actors.manager, family(cat));
		await expectAppError(getTemplate(t.db, other.actors.manager, id), 'not_found', 404);
		await expectAppError(updateTemplate(t.db, other.actors.manager, id, family(cat)), 'not_found', 404);
		await expectAppError(setTemplateActive(t.db, other.actors.manager, id, false), 'not_found', 404);
		await expectAppError(duplicateTemplate(t.db, other.actors.manager, id), 'not_found', 404);
		await expectAppError(templateForDay(t.db, other.organisationId, id), 'not_found', 404);
		expect(await listTemplates(t.db, other.actors.manager, { includeInactive: true })).toEqual([]);
		expect((await getTemplate(t.db, org.actors.manager, id)).name).toBe('Colis famille');
	});
});

describe('API', () => {
	test('POST, GET, PUT and PATCH /parcel-templates, with the screens’ rules', async () => {
		const { org, cat } = await shop();
		const { token } = await createApiToken(t.db, org.actors.manager, { name: 'Intégration', roles: ['manager'] });
		const created = await callApi<Json>('POST', '/api/v1/parcel-templates', { token, body: family(cat) });
		expect(created.status).toBe(201);
		expect(created.body.lines.map((l: Json) => [l.categoryName, l.quantity, l.band3])).toEqual([
			['Produits laitiers', 2, null],
			['Féculents', 1000, null],
			['Conserves de légumes', null, 3]
		]);
		const id = created.body.id as string;
		// What GET gives, PUT takes back.
		const got = await callApi<Json>('GET', `/api/v1/parcel-templates/${id}`, { token });
		const put = await callApi<Json>('PUT', `/api/v1/parcel-templates/${id}`, { token, body: { ...got.body, name: 'Colis famille 2' } });
		expect(put.status).toBe(200);
		expect(put.body.lines.map((l: Json) => l.id)).toEqual(got.body.lines.map((l: Json) => l.id));
		const bad = await callApi<Json>('PUT', `/api/v1/parcel-templates/${id}`, { token, body: { name: 'X', lines: [] } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.errors).toMatchObject({ name: expect.any(String), lines: expect.any(String) });
		const off = await callApi<Json>('PATCH', `/api/v1/parcel-templates/${id}`, { token, body: { active: false } });
		expect(off.body).toMatchObject({ active: false, name: 'Colis famille 2' });
		expect((await callApi<Json>('GET', '/api/v1/parcel-templates', { token })).body.items).toEqual([]);
		expect((await callApi<Json>('GET', '/api/v1/parcel-templates?inactive=1', { token })).body.items).toHaveLength(1);

		// Another organisation's token: 404; an operator's token reads, does not write.
		const other = await makeOrg(t.db, 'Autre');
		const { token: otherToken } = await createApiToken(t.db, other.actors.manager, { name: 'Autre', roles: ['manager'] });
		expect((await callApi('GET', `/api/v1/parcel-templates/${id}`, { token: otherToken })).status).toBe(404);
		expect((await callApi('PUT', `/api/v1/parcel-templates/${id}`, { token: otherToken, body: family(cat) })).status).toBe(404);
		expect((await callApi('PATCH', `/api/v1/parcel-templates/${id}`, { token: otherToken, body: { active: true } })).status).toBe(404);
		const { actor: both } = await addUser(t.db, org, ['manager', 'operator']);
		const { token: opToken } = await createApiToken(t.db, both, { name: 'Préparation', roles: ['operator'] });
		expect((await callApi('GET', `/api/v1/parcel-templates/${id}`, { token: opToken })).status).toBe(200);
		expect((await callApi('POST', '/api/v1/parcel-templates', { token: opToken, body: family(cat) })).status).toBe(403);
		expect((await callApi('PATCH', `/api/v1/parcel-templates/${id}`, { token: opToken, body: { active: true } })).status).toBe(403);
		expect((await getTemplate(t.db, org.actors.manager, id)).active).toBe(false);
	});
});

describe('settings', () => {
	test('a manager changes the parcels’ settings: checked whole, audited with before and after, read back by parcelSettings', async () => {
		const org = await makeOrg(t.db);
		expect(await getParcelSettings(t.db, org.actors.manager)).toMatchObject({ participationCents: 0, nearDays: 5, defaultFrequency: 'biweekly' });
		const after = await updateParcelSettings(t.db, org.actors.manager, { participationCents: 150, nearDays: 7, defaultFrequency: 'monthly' });
		expect(after).toMatchObject({ participationCents: 150, nearDays: 7, defaultFrequency: 'monthly', ddmGraceMonths: 3 });
		expect(await parcelSettings(t.db, org.actors.operator)).toEqual(after);
		const [row] = await auditRows(t.db, org.organisationId, 'parcels.settings');
		expect(row!.details).toEqual({
			before: { participationCents: 0, nearDays: 5, defaultFrequency: 'biweekly' },
			after: { participationCents: 150, nearDays: 7, defaultFrequency: 'monthly' }
		});
		// The same again writes nothing.
		await updateParcelSettings(t.db, org.actors.manager, { participationCents: 150, nearDays: 7, defaultFrequency: 'monthly' });
		expect(await auditRows(t.db, org.organisationId, 'parcels.settings')).toHaveLength(1);

		const [before] = await t.db.select({ s: organisations.settings }).from(organisations).where(eq(organisations.id, org.organisationId));
		const err = await expectAppError(
			updateParcelSettings(t.db, org.actors.manager, { participationCents: 10_001, nearDays: 1.5, defaultFrequency: 'daily' }),
			'invalid_input',
			400
		);
		expect(Object.keys(err.errors ?? {})).toEqual(['participationCents', 'nearDays', 'defaultFrequency']);
		const [unchanged] = await t.db.select({ s: organisations.settings }).from(organisations).where(eq(organisations.id, org.organisationId));
		expect(unchanged).toEqual(before);
		await expectAppError(updateParcelSettings(t.db, org.actors.supervisor, after), 'forbidden', 403);
		await expectAppError(getParcelSettings(t.db, org.actors.operator), 'forbidden', 403);

		const { token } = await createApiToken(t.db, org.actors.manager, { name: 'Intégration', roles: ['manager'] });
		const put = await callApi<Json>('PUT', '/api/v1/settings/parcels', { token, body: { participationCents: 0, nearDays: 3, defaultFrequency: 'weekly' } });
		expect(put.body).toMatchObject({ participationCents: 0, nearDays: 3, defaultFrequency: 'weekly' });
		expect(
			(await callApi<Json>('PUT', '/api/v1/settings/parcels', { token, body: { participationCents: -1, nearDays: 3, defaultFrequency: 'weekly' } })).status
		).toBe(400);
		expect((await callApi<Json>('GET', '/api/v1/settings/parcels', { token })).body.nearDays).toBe(3);
	});
});

describe('demo', () => {
	test('seedParcelTemplates: "Colis famille" scales on the default categories, "Colis dépannage" is fixed, near-date window 5 days', async () => {
		const org = await makeOrg(t.db);
		await ensureDefaultCategories(t.db, org.actors.manager);
		const ids = await t.db.transaction((tx) => seedParcelTemplates(tx, org.organisationId, new Map([['sophie', org.users.manager.id]]), '2026-12-02'));
		const family = await templateForDay(t.db, org.organisationId, ids.family);
		expect(family.name).toBe('Colis famille');
		expect(scaleTemplate(family.lines, 4).map((l) => [l.categoryName, l.unit, l.target, l.cold])).toEqual([
			['Pâtes, riz, céréales', 'kg', 4000, false],
			['Conserves', 'piece', 3, false],
			['Épicerie sèche', 'piece', 1, false],
			['Petit-déjeuner', 'piece', 1, false],
			['Produits laitiers', 'piece', 8, true]
		]);
		const emergency = await templateForDay(t.db, org.organisationId, ids.emergency);
		expect(emergency.lines.every((l) => l.scaling === 'fixed')).toBe(true);
		expect(await parcelSettings(t.db, org.actors.manager)).toMatchObject({ nearDays: 5, defaultFrequency: 'biweekly', participationCents: 0 });
	});
});
