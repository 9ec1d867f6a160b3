// Issue 11, item 6: the rest of a household file through the API — fields, members, resources and
// charges, limits, the card, the committee, the RGPD erasure — with the screen's services and rules:
// social workers only, every read of the file audited as an opening, another organisation's ids 404,
// bad input a French 400 that changes nothing.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { beneficiaryCards, categories, householdBudgetLines, householdMembers, households, rights } from '$lib/server/db/schema';
import { resolveCustomer } from '$lib/server/households/rights';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { snapshotTables } from '../helpers/db-snapshot';
import { addUser, auditRows, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeBeneficiary } from '../helpers/till';

const t = useApiTestDatabase();

type Json = Record<string, any>;

let org: OrgFixture;
let other: OrgFixture;
/** A social worker's token, and a manager's and an admin's (who must never reach a file). */
let social: string;
let manager: string;
let admin: string;
let otherSocial: string;
let category: string;
/** The person behind the social worker's token (a manager too: only managers mint tokens). */
let socialId: string;

beforeAll(async () => {
	org = await makeOrg(t.db);
	other = await makeOrg(t.db, 'Autre épicerie');
	// Only managers and admins mint tokens: a person who is both mints one with the social worker's role only.
	const { actor: maker } = await addUser(t.db, org, ['manager', 'social_worker']);
	socialId = maker.userId;
	social = (await createApiToken(t.db, maker, { name: 'Logiciel du CCAS', roles: ['social_worker'] })).token;
	manager = (await createApiToken(t.db, org.actors.manager, { name: 'Tableur', roles: ['manager'] })).token;
	admin = (await createApiToken(t.db, org.actors.admin, { name: 'Admin', roles: ['admin'] })).token;
	const { actor: otherMaker } = await addUser(t.db, other, ['manager', 'social_worker']);
	otherSocial = (await createApiToken(t.db, otherMaker, { name: 'Autre', roles: ['social_worker'] })).token;
	const [c] = await t.db.insert(categories).values({ organisationId: org.organisationId, name: 'Huile' }).returning({ id: categories.id });
	category = c!.id;
});

const opens = async (householdId: string) =>
	(await auditRows(t.db, org.organisationId, 'household.open')).filter((r) => r.entityId === householdId && r.userId === socialId).length;

describe('reading the file in parts: each read is audited as an opening, like the screen', () => {
	test('members, resources and charges (with the budget computation) and the card', async () => {
		const h = await makeBeneficiary(t.db, org);
		const before = await opens(h.householdId);

		const added = await callApi('POST', `/api/v1/households/${h.householdId}/members`, { token: social, body: { birthYear: 2015, relation: 'enfant' } });
		expect(added.status).toBe(201);
		const members = await callApi<Json>('GET', `/api/v1/households/${h.householdId}/members`, { token: social });
		expect(members.status).toBe(200);
		expect(members.body).toEqual({ items: [{ id: added.body.id, birthYear: 2015, relation: 'enfant' }], persons: 2 });
		expect(members.headers.get('cache-control')).toBe('no-store');

		expect(
			(
				await callApi('POST', `/api/v1/households/${h.householdId}/budget-lines`, {
					token: social,
					body: { kind: 'resource', type: 'rsa', monthlyCents: 90_000 }
				})
			).status
		).toBe(201);
		expect(
			(
				await callApi('POST', `/api/v1/households/${h.householdId}/budget-lines`, {
					token: social,
					body: { kind: 'charge', type: 'loyer', monthlyCents: 30_000 }
				})
			).status
		).toBe(201);
		const budget = await callApi<Json>('GET', `/api/v1/households/${h.householdId}/budget-lines`, { token: social });
		expect(budget.status).toBe(200);
		expect(budget.body.items.map((l: Json) => [l.kind, l.type, l.monthlyCents])).toEqual([
			['resource', 'rsa', 90_000],
			['charge', 'loyer', 30_000]
		]);
		// (900 − 300) € for 2 persons over 30 days = 10 € a person a day: the file's own computation.
		expect(budget.body).toMatchObject({ resourcesCents: 90_000, chargesCents: 30_000, persons: 2, resteAVivreCents: 1000 });
		expect(typeof budget.body.underThreshold).toBe('boolean');
		expect(typeof budget.body.gridBudgetCents).toBe('number');

		const card = await callApi<Json>('GET', `/api/v1/households/${h.householdId}/card`, { token: social });
		expect(card.status).toBe(200);
		expect(Object.keys(card.body.card)).toEqual(['issuedAt']);

		// Three reads, three openings in the journal, with the reference, by the token's person.
		expect(await opens(h.householdId)).toBe(before + 3);
		const [last] = (await auditRows(t.db, org.organisationId, 'household.open')).slice(-1);
		expect(last!.details).toEqual({ reference: h.reference });
	});
});

describe('changing the file', () => {
	test('PUT replaces the fields (audited with the names of those changed)', async () => {
		const h = await makeBeneficiary(t.db, org);
		const r = await callApi('PUT', `/api/v1/households/${h.householdId}`, {
			token: social,
			body: { firstName: 'Jeanne', lastName: 'Martin-Dupuis', birthDate: '1980-01-01', commune: 'Lyon 8e', consent: true }
		});
		expect(r.status, JSON.stringify(r.body)).toBe(200);
		const [row] = await t.db.select().from(households).where(eq(households.id, h.householdId));
		expect(row).toMatchObject({ lastName: 'Martin-Dupuis', commune: 'Lyon 8e', consent: true });
		const [audit] = (await auditRows(t.db, org.organisationId, 'household.update')).filter((a) => a.entityId === h.householdId);
		expect((audit!.details as Json).fields).toEqual(expect.arrayContaining(['lastName', 'commune']));
		// Names of fields only: the journal is read by managers.
		expect(JSON.stringify(audit!.details)).not.toContain('Martin-Dupuis');
	});

	test('members and lines are removed by id; another household’s member is a 404 and stays', async () => {
		const h = await makeBeneficiary(t.db, org);
		const h2 = await makeBeneficiary(t.db, org);
		const m = await callApi<Json>('POST', `/api/v1/households/${h2.householdId}/members`, { token: social, body: { birthYear: 1950, relation: 'parent' } });
		expect((await callApi('DELETE', `/api/v1/households/${h.householdId}/members/${m.body.id}`, { token: social })).status).toBe(404);
		expect(await t.db.select().from(householdMembers).where(eq(householdMembers.id, m.body.id))).toHaveLength(1);
		const gone = await callApi('DELETE', `/api/v1/households/${h2.householdId}/members/${m.body.id}`, { token: social });
		expect(gone.status).toBe(200);
		expect(await t.db.select().from(householdMembers).where(eq(householdMembers.id, m.body.id))).toHaveLength(0);
		expect((await auditRows(t.db, org.organisationId, 'household.member_remove')).some((a) => a.entityId === h2.householdId)).toBe(true);

		const l = await callApi<Json>('POST', `/api/v1/households/${h.householdId}/budget-lines`, {
			token: social,
			body: { kind: 'charge', type: 'energie', monthlyCents: 5000 }
		});
		expect((await callApi('DELETE', `/api/v1/households/${h.householdId}/budget-lines/${l.body.id}`, { token: social })).status).toBe(200);
		expect(await t.db.select().from(householdBudgetLines).where(eq(householdBudgetLines.id, l.body.id))).toHaveLength(0);
		expect((await auditRows(t.db, org.organisationId, 'household.budget_line_remove')).some((a) => a.entityId === h.householdId)).toBe(true);
	});

	test('limits on a right: set, then removed (audited right.limits)', async () => {
		const h = await makeBeneficiary(t.db, org);
		const cats = await callApi<Json>('GET', '/api/v1/limit-categories', { token: social });
		expect(cats.body.items).toEqual([{ id: category, name: 'Huile' }]);
		const set = await callApi('PUT', `/api/v1/rights/${h.rightId}/limits/${category}`, { token: social, body: { perMonth: 2 } });
		expect(set.status, JSON.stringify(set.body)).toBe(200);
		expect((await t.db.select({ l: rights.categoryLimits }).from(rights).where(eq(rights.id, h.rightId)))[0]!.l).toEqual({ [category]: 2 });
		const bad = await callApi<Json>('PUT', `/api/v1/rights/${h.rightId}/limits/${category}`, { token: social, body: { perMonth: 5000 } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toMatch(/999/);
		expect((await callApi('DELETE', `/api/v1/rights/${h.rightId}/limits/${category}`, { token: social })).status).toBe(200);
		expect((await t.db.select({ l: rights.categoryLimits }).from(rights).where(eq(rights.id, h.rightId)))[0]!.l).toBeNull();
		expect((await callApi('DELETE', `/api/v1/rights/${h.rightId}/limits/${category}`, { token: social })).status).toBe(404);
		expect((await auditRows(t.db, org.organisationId, 'right.limits')).filter((a) => a.entityId === h.householdId)).toHaveLength(2);
	});

	test('a new card answers its code once; the old one stops working', async () => {
		const h = await makeBeneficiary(t.db, org);
		const r = await callApi<Json>('POST', `/api/v1/households/${h.householdId}/card`, { token: social });
		expect(r.status).toBe(201);
		expect(r.body.code).toMatch(/^CARTE-/);
		expect(r.body.qrSvg).toContain('<svg');
		expect(r.body.reference).toBe(h.reference);
		await expect(resolveCustomer(t.db, org.actors.operator, h.card)).rejects.toMatchObject({ status: 404 });
		expect((await resolveCustomer(t.db, org.actors.operator, r.body.code)).householdId).toBe(h.householdId);
		expect((await auditRows(t.db, org.organisationId, 'household.card_reissue')).some((a) => a.entityId === h.householdId)).toBe(true);
		// The card read afterwards tells the date only, never the code.
		const read = await callApi<Json>('GET', `/api/v1/households/${h.householdId}/card`, { token: social });
		expect(JSON.stringify(read.body)).not.toContain(r.body.code);
	});

	test('the committee: an application, the session, the decision (accepted: a right)', async () => {
		const h = await makeBeneficiary(t.db, org);
		// A running right: the committee has decided already (409, nothing sent).
		const refused = await callApi<Json>('POST', `/api/v1/households/${h.householdId}/applications`, {
			token: social,
			body: { assessment: 'Nouvelle demande' }
		});
		expect(refused.status).toBe(409);
		const created = await callApi<Json>('POST', '/api/v1/households', {
			token: social,
			body: { firstName: 'Paul', lastName: 'Comité', birthDate: '1975-03-03', ignoreDuplicates: true }
		});
		const id = created.body.id as string;
		const app = await callApi<Json>('POST', `/api/v1/households/${id}/applications`, { token: social, body: { assessment: 'Loyer trop lourd' } });
		expect(app.status).toBe(201);
		const sessionsBefore = (await auditRows(t.db, org.organisationId, 'household.committee')).length;
		const session = await callApi<Json>('GET', '/api/v1/committee', { token: social });
		expect(session.status).toBe(200);
		expect(session.body.items.map((i: Json) => i.applicationId)).toContain(app.body.id);
		// Each reading of the session is journalled, like the committee page (the count, no names).
		const sessions = await auditRows(t.db, org.organisationId, 'household.committee');
		expect(sessions).toHaveLength(sessionsBefore + 1);
		expect(JSON.stringify(sessions.at(-1)!.details)).not.toContain('Comité');

		const noReason = await callApi<Json>('POST', `/api/v1/applications/${app.body.id}/decision`, { token: social, body: { outcome: 'refused' } });
		expect(noReason.status).toBe(400);
		const d = await callApi<Json>('POST', `/api/v1/applications/${app.body.id}/decision`, { token: social, body: { outcome: 'accepted' } });
		expect(d.status, JSON.stringify(d.body)).toBe(201);
		const [right] = await t.db.select().from(rights).where(eq(rights.id, d.body.rightId));
		expect(right!.householdId).toBe(id);
		expect((await callApi('POST', `/api/v1/applications/${app.body.id}/decision`, { token: social, body: { outcome: 'accepted' } })).status).toBe(409);
	});

	test('erase needs the reference typed as the confirmation, like the screen', async () => {
		const h = await makeBeneficiary(t.db, org);
		const before = await snapshotTables(t.db);
		const wrong = await callApi<Json>('POST', `/api/v1/households/${h.householdId}/erase`, { token: social, body: { confirm: 'FOY-9999' } });
		expect(wrong.status).toBe(400);
		expect(wrong.body.error.field).toBe('confirm');
		const missing = await callApi<Json>('POST', `/api/v1/households/${h.householdId}/erase`, { token: social, body: {} });
		expect(missing.status).toBe(400);
		expect(await snapshotTables(t.db)).toEqual(before);

		const ok = await callApi('POST', `/api/v1/households/${h.householdId}/erase`, { token: social, body: { confirm: h.reference.toLowerCase() } });
		expect(ok.status).toBe(200);
		const [row] = await t.db.select().from(households).where(eq(households.id, h.householdId));
		expect(row!.anonymisedAt).not.toBeNull();
		expect(row!.lastName).not.toContain('Martin');
		expect(
			await t.db
				.select()
				.from(beneficiaryCards)
				.where(and(eq(beneficiaryCards.householdId, h.householdId)))
		).toSatisfy((cs: { revokedAt: Date | null }[]) => cs.every((c) => c.revokedAt !== null));
		expect((await auditRows(t.db, org.organisationId, 'household.erase')).some((a) => a.entityId === h.householdId)).toBe(true);
		// Erased: no more changes (409).
		expect((await callApi('POST', `/api/v1/households/${h.householdId}/members`, { token: social, body: { birthYear: 2000, relation: 'autre' } })).status).toBe(
			409
		);
	});
});

describe('who may, and what is refused', () => {
	test('managers and admins never reach a file (403), not even its parts', async () => {
		const h = await makeBeneficiary(t.db, org);
		const calls: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown][] = [
			['GET', `/api/v1/households/${h.householdId}/members`],
			['GET', `/api/v1/households/${h.householdId}/budget-lines`],
			['GET', `/api/v1/households/${h.householdId}/card`],
			['POST', `/api/v1/households/${h.householdId}/card`],
			['PUT', `/api/v1/households/${h.householdId}`, { firstName: 'X', lastName: 'Y', birthDate: '1980-01-01' }],
			['POST', `/api/v1/households/${h.householdId}/erase`, { confirm: h.reference }],
			['GET', '/api/v1/committee']
		];
		const before = await snapshotTables(t.db);
		for (const token of [manager, admin]) {
			for (const [method, path, body] of calls) {
				const r = await callApi<Json>(method, path, { token, ...(body ? { body } : {}) });
				expect(r.status, `${method} ${path}`).toBe(403);
				expect(r.body.error.code).toBe('forbidden');
			}
		}
		expect(await snapshotTables(t.db)).toEqual(before);
	});

	test('another organisation’s ids: 404 for every endpoint, and nothing read nor changed', async () => {
		const h = await makeBeneficiary(t.db, org);
		const [member] = await t.db
			.insert(householdMembers)
			.values({ organisationId: org.organisationId, householdId: h.householdId, birthYear: 2010, relation: 'enfant' })
			.returning({ id: householdMembers.id });
		const app = await callApi<Json>('POST', '/api/v1/households', {
			token: social,
			body: { firstName: 'Léa', lastName: 'Autreorg', birthDate: '1990-02-02', ignoreDuplicates: true }
		});
		const application = await callApi<Json>('POST', `/api/v1/households/${app.body.id}/applications`, { token: social, body: { assessment: 'Demande' } });
		const calls: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown][] = [
			['GET', `/api/v1/households/${h.householdId}/members`],
			['POST', `/api/v1/households/${h.householdId}/members`, { birthYear: 2000, relation: 'autre' }],
			['DELETE', `/api/v1/households/${h.householdId}/members/${member!.id}`],
			['GET', `/api/v1/households/${h.householdId}/budget-lines`],
			['POST', `/api/v1/households/${h.householdId}/budget-lines`, { kind: 'resource', type: 'rsa', monthlyCents: 100 }],
			['GET', `/api/v1/households/${h.householdId}/card`],
			['POST', `/api/v1/households/${h.householdId}/card`],
			['PUT', `/api/v1/households/${h.householdId}`, { firstName: 'X', lastName: 'Y', birthDate: '1980-01-01' }],
			['PUT', `/api/v1/households/${h.householdId}`, {}],
			['POST', `/api/v1/households/${h.householdId}/erase`, { confirm: h.reference }],
			['POST', `/api/v1/households/${h.householdId}/applications`, { assessment: 'Demande' }],
			['PUT', `/api/v1/rights/${h.rightId}/limits/${category}`, { perMonth: 1 }],
			['DELETE', `/api/v1/rights/${h.rightId}/limits/${category}`],
			['POST', `/api/v1/applications/${application.body.id}/decision`, { outcome: 'accepted' }],
			['POST', `/api/v1/applications/${application.body.id}/decision`, {}]
		];
		const before = await snapshotTables(t.db);
		for (const [method, path, body] of calls) {
			const r = await callApi<Json>(method, path, { token: otherSocial, ...(body ? { body } : {}) });
			expect(r.status, `${method} ${path}`).toBe(404);
			expect(r.body.error.message.length).toBeGreaterThan(5);
		}
		expect(await snapshotTables(t.db)).toEqual(before);
		// Its own committee shows none of ours.
		const session = await callApi<Json>('GET', '/api/v1/committee', { token: otherSocial });
		expect(JSON.stringify(session.body)).not.toContain(app.body.id);
	});

	test('bad input: a French 400 naming the field, and nothing changed', async () => {
		const h = await makeBeneficiary(t.db, org);
		const cases: [method: 'POST' | 'PUT', path: string, body: unknown, field: string][] = [
			['POST', `/api/v1/households/${h.householdId}/members`, { birthYear: 1800, relation: 'enfant' }, 'birthYear'],
			['POST', `/api/v1/households/${h.householdId}/members`, { birthYear: 2000, relation: 'cousin' }, 'relation'],
			['POST', `/api/v1/households/${h.householdId}/members`, { birthYear: '2000', relation: 'enfant' }, 'birthYear'],
			['POST', `/api/v1/households/${h.householdId}/budget-lines`, { kind: 'resource', type: 'loyer', monthlyCents: 100 }, 'type'],
			['POST', `/api/v1/households/${h.householdId}/budget-lines`, { kind: 'charge', type: 'loyer', monthlyCents: -5 }, 'amount'],
			['PUT', `/api/v1/households/${h.householdId}`, { firstName: 'Jeanne', lastName: 'Martin', birthDate: '31/12/1980' }, 'birthDate'],
			['PUT', `/api/v1/households/${h.householdId}`, { firstName: 'Jeanne', birthDate: '1980-01-01' }, 'lastName'],
			['PUT', `/api/v1/rights/${h.rightId}/limits/${category}`, { perMonth: 0 }, 'perMonth']
		];
		const before = await snapshotTables(t.db);
		for (const [method, path, body, field] of cases) {
			const r = await callApi<Json>(method, path, { token: social, body });
			expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
			expect(r.body.error.field, JSON.stringify(r.body)).toBe(field);
			expect(r.body.error.message).toMatch(/[àâçéèêîôûù]|\b(le|la|les|une?|est|pas|du|des|invalide)\b/i);
		}
		expect(await snapshotTables(t.db)).toEqual(before);
	});
});
