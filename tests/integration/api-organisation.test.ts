import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { apiTokens, organisations } from '$lib/server/db/schema';
import { DEFAULT_SETTINGS } from '$lib/server/households/settings';
import { createSite } from '$lib/server/places/places';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { addUser, auditRows, makeOrg, type OrgFixture } from '../helpers/fixtures';

// Issue 11, item 6: the organisation's settings, its API tokens and its journal through the API, with the
// managers' pages' services, roles and audit.

const t = useApiTestDatabase();

/** Answers are checked field by field below. */
type Json = Record<string, any>;

async function managerToken(name = 'Épicerie test') {
	const org = await makeOrg(t.db, name);
	const { token, id } = await createApiToken(t.db, org.actors.manager, { name: 'Script des réglages', roles: ['manager'] });
	return { org, token, tokenId: id };
}

/** The audit actions of an organisation but its tokens' creation. */
const writesOf = async (org: OrgFixture) => (await auditRows(t.db, org.organisationId)).map((r) => r.action).filter((a) => a !== 'api_token.create');
const settingsOf = async (org: OrgFixture) =>
	(await t.db.select({ s: organisations.settings }).from(organisations).where(eq(organisations.id, org.organisationId)))[0]!.s ?? {};

describe('organisation settings through the API', () => {
	test('households: read, replaced whole, audited; a bad order of rates is 400 in French and nothing changes; retention counted, never named', async () => {
		const { org, token } = await managerToken();
		expect((await callApi<Json>('GET', '/api/v1/settings/households', { token })).body).toEqual(DEFAULT_SETTINGS);
		const wanted = { ...DEFAULT_SETTINGS, thresholdCents: 900, rateDefaultBp: 1500, retentionMonths: 36, grid: { ...DEFAULT_SETTINGS.grid, capCents: 6000 } };
		const saved = await callApi<Json>('PUT', '/api/v1/settings/households', { token, body: wanted });
		expect(saved.status).toBe(200);
		expect(saved.body).toEqual(wanted);
		expect((await auditRows(t.db, org.organisationId, 'household.settings'))[0]!.details).toEqual({ before: DEFAULT_SETTINGS, after: wanted });

		const bad = await callApi<Json>('PUT', '/api/v1/settings/households', { token, body: { ...wanted, rateDefaultBp: 5000 } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toBe(m.hh_settings_rate_order());
		const missing = await callApi<Json>('PUT', '/api/v1/settings/households', { token, body: { ...wanted, grid: undefined } });
		expect(missing.status).toBe(400);
		expect((await callApi<Json>('GET', '/api/v1/settings/households', { token })).body).toEqual(wanted);

		const run = await callApi<Json>('POST', '/api/v1/settings/households/retention', { token });
		expect(run.status).toBe(200);
		expect(run.body).toEqual({ anonymised: 0 });
		expect(await writesOf(org)).toEqual(['household.settings', 'household.retention_run']);
	});

	test('till, time zone and stock alerts: read and changed with their checks, audited with before and after', async () => {
		const { org, token } = await managerToken();
		expect((await callApi<Json>('GET', '/api/v1/settings/till', { token })).body).toEqual({ ddmGraceMonths: 3 });
		expect((await callApi<Json>('PUT', '/api/v1/settings/till', { token, body: { ddmGraceMonths: 6 } })).body).toEqual({ ddmGraceMonths: 6 });
		const badTill = await callApi<Json>('PUT', '/api/v1/settings/till', { token, body: { ddmGraceMonths: 99 } });
		expect(badTill.status).toBe(400);
		expect(badTill.body.error.message).toBe(m.till_settings_invalid());

		expect((await callApi<Json>('GET', '/api/v1/settings/time-zone', { token })).body).toEqual({ timeZone: 'Europe/Paris' });
		expect((await callApi<Json>('PUT', '/api/v1/settings/time-zone', { token, body: { timeZone: 'America/Cayenne' } })).body).toEqual({
			timeZone: 'America/Cayenne'
		});
		const badZone = await callApi<Json>('PUT', '/api/v1/settings/time-zone', { token, body: { timeZone: 'Mars/Olympus' } });
		expect(badZone.status).toBe(400);
		expect(badZone.body.error.message).toBe(m.time_zone_invalid());

		expect((await callApi<Json>('GET', '/api/v1/settings/stock', { token })).body.dlcAlertDays).toBe(3);
		const days = await callApi<Json>('PATCH', '/api/v1/settings/stock', { token, body: { dlcAlertDays: 7 } });
		expect(days.body).toMatchObject({ dlcAlertDays: 7, ddmGraceMonths: 6 });
		const badDays = await callApi<Json>('PATCH', '/api/v1/settings/stock', { token, body: { dlcAlertDays: 61 } });
		expect(badDays.status).toBe(400);
		expect(badDays.body.error.message).toBe(m.stock_alert_days_invalid({ max: 60 }));

		expect(await settingsOf(org)).toMatchObject({ till: { ddmGraceMonths: 6 }, timeZone: 'America/Cayenne', 'stock.dlcAlertDays': 7 });
		expect(await writesOf(org)).toEqual(['till.settings', 'organisation.time_zone', 'stock.settings']);
	});

	test('managers and admins only (the pages’ group): the other roles are refused and change nothing', async () => {
		const org = await makeOrg(t.db);
		for (const role of ['operator', 'supervisor', 'social_worker'] as const) {
			const actor = org.actors[role];
			for (const [method, path, body] of [
				['GET', '/api/v1/settings/households', undefined],
				['PUT', '/api/v1/settings/till', { ddmGraceMonths: 1 }],
				['PUT', '/api/v1/settings/time-zone', { timeZone: 'Europe/London' }],
				['PATCH', '/api/v1/settings/stock', { dlcAlertDays: 9 }],
				['POST', '/api/v1/settings/households/retention', undefined],
				['GET', '/api/v1/api-tokens', undefined],
				['GET', '/api/v1/audit-events', undefined]
			] as const) {
				const r = await callApi<Json>(method, path, { actor, body });
				expect(r.status, `${role} ${method} ${path}`).toBe(403);
				expect(r.body.error.code).toBe('forbidden');
			}
		}
		expect((await callApi('GET', '/api/v1/settings/till', { actor: org.actors.admin })).status).toBe(200);
		expect(await settingsOf(org)).toEqual({});
		expect(await auditRows(t.db, org.organisationId)).toEqual([]);
	});
});

describe('API tokens through the API', () => {
	test('created with the secret shown once, listed without it, working at once; revoked: refused at once; audited', async () => {
		const { org, token, tokenId } = await managerToken();
		const created = await callApi<Json>('POST', '/api/v1/api-tokens', { token, body: { name: 'Tableur de la banque alimentaire', roles: ['manager'] } });
		expect(created.status).toBe(201);
		expect(created.headers.get('cache-control')).toBe('no-store');
		expect(created.body).toMatchObject({ name: 'Tableur de la banque alimentaire', roles: ['manager'], revokedAt: null });
		const secret = created.body.token as string;
		expect(secret).toMatch(/^esk_/);
		expect(created.body.tokenPrefix).toBe(secret.slice(0, 10));
		const listed = await callApi<Json>('GET', '/api/v1/api-tokens', { token });
		expect(listed.body.items.map((x: Json) => x.id).sort()).toEqual([tokenId, created.body.id].sort());
		expect(JSON.stringify(listed.body)).not.toContain(secret);
		expect((await callApi('GET', '/api/v1/settings/till', { token: secret })).status).toBe(200);
		const [made] = await auditRows(t.db, org.organisationId, 'api_token.create').then((rows) => rows.filter((r) => r.entityId === created.body.id));
		expect(made).toMatchObject({ apiTokenId: tokenId, userId: org.users.manager.id });

		const revoked = await callApi<Json>('DELETE', `/api/v1/api-tokens/${created.body.id}`, { token });
		expect(revoked.status).toBe(200);
		expect(revoked.body.revokedAt).not.toBeNull();
		expect((await callApi<Json>('GET', '/api/v1/settings/till', { token: secret })).status).toBe(401);
		const again = await callApi<Json>('DELETE', `/api/v1/api-tokens/${created.body.id}`, { token });
		expect(again.status).toBe(404);
		expect(again.body.error.message).toBe(m.api_token_not_found());
		expect(await writesOf(org)).toEqual(['api_token.revoke']);
	});

	test('a token never mints a token more powerful than itself or than its owner; nothing written', async () => {
		const org = await makeOrg(t.db);
		const { actor: owner } = await addUser(t.db, org, ['manager', 'social_worker']);
		// The owner holds social_worker, but this token was given manager only.
		const { token } = await createApiToken(t.db, owner, { name: 'Responsable seulement', roles: ['manager'] });
		for (const roles of [['social_worker'], ['manager', 'social_worker'], ['admin'], ['manager', 'admin']]) {
			const r = await callApi<Json>('POST', '/api/v1/api-tokens', { token, body: { name: 'Plus fort', roles } });
			expect(r.status, roles.join(',')).toBe(403);
			expect(r.body.error).toMatchObject({ code: 'forbidden_role', message: m.api_token_role_not_own() });
		}
		// A manager's own session cannot mint an admin token either.
		expect((await callApi<Json>('POST', '/api/v1/api-tokens', { actor: org.actors.manager, body: { name: 'Admin', roles: ['admin'] } })).status).toBe(403);
		const empty = await callApi<Json>('POST', '/api/v1/api-tokens', { token, body: { name: 'Sans rôle', roles: [] } });
		expect(empty.status).toBe(400);
		expect(empty.body.error.message).toBe(m.api_token_roles_invalid());
		expect(await t.db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.organisationId, org.organisationId))).toHaveLength(1);
		// What it may: a token with its own role.
		expect((await callApi<Json>('POST', '/api/v1/api-tokens', { token, body: { name: 'Même rôle', roles: ['manager'] } })).status).toBe(201);
	});

	test('revoking and listing stay within the organisation', async () => {
		const mine = await managerToken();
		const other = await managerToken('Autre épicerie');
		const r = await callApi<Json>('DELETE', `/api/v1/api-tokens/${other.tokenId}`, { token: mine.token });
		expect(r.status).toBe(404);
		expect((await callApi('GET', '/api/v1/settings/till', { token: other.token })).status).toBe(200);
		const [row] = await t.db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, other.tokenId));
		expect(row!.revokedAt).toBeNull();
		expect((await callApi<Json>('GET', '/api/v1/api-tokens', { token: mine.token })).body.items.map((x: Json) => x.id)).toEqual([mine.tokenId]);
		expect(await writesOf(mine.org)).toEqual([]);
		expect(await writesOf(other.org)).toEqual([]);
	});
});

describe('the journal through the API', () => {
	test('the organisation’s own events only, newest first, with the journal page’s filters and paging; its CSV export', async () => {
		const { org, token, tokenId } = await managerToken();
		const other = await managerToken('Autre épicerie');
		await createSite(t.db, org.actors.manager, { name: 'Annexe', kind: 'epicerie' });
		await createSite(t.db, other.org.actors.manager, { name: 'ZZ-Autre site', kind: 'epicerie' });
		await callApi('PUT', '/api/v1/settings/till', { token, body: { ddmGraceMonths: 4 } });

		const all = await callApi<Json>('GET', '/api/v1/audit-events', { token });
		expect(all.status).toBe(200);
		expect(all.body).toMatchObject({ total: 3, page: 1, pages: 1 });
		expect(all.body.items.map((e: Json) => e.action)).toEqual(['till.settings', 'site.create', 'api_token.create']);
		expect(all.body.items[0]).toMatchObject({ apiToken: 'Script des réglages', person: `Prénom-manager ${org.users.manager.lastName}` });
		expect(typeof all.body.items[1].sentence).toBe('string');
		expect(all.body.items[1].entityName).toBe('Annexe');
		expect(JSON.stringify(all.body)).not.toContain('ZZ-Autre');

		const sites = await callApi<Json>('GET', '/api/v1/audit-events?action=site', { token });
		expect(sites.body.items.map((e: Json) => e.entityName)).toEqual(['Annexe']);
		const today = new Date().toISOString().slice(0, 10);
		expect((await callApi<Json>('GET', `/api/v1/audit-events?from=2000-01-01&to=2000-01-31`, { token })).body.total).toBe(0);
		expect((await callApi<Json>('GET', `/api/v1/audit-events?from=${today}&to=${today}&action=till`, { token })).body.total).toBeLessThanOrEqual(1);
		const badDay = await callApi<Json>('GET', '/api/v1/audit-events?from=31/12/2026', { token });
		expect(badDay.status).toBe(400);
		expect(badDay.body.error.code).toBe('invalid_input');

		// 50 a page, as the journal page: 48 more sites make 51 events, two pages.
		for (let i = 1; i <= 48; i++) await createSite(t.db, org.actors.manager, { name: `Point ${String(i).padStart(2, '0')}`, kind: 'distribution' });
		const first = await callApi<Json>('GET', '/api/v1/audit-events', { token });
		expect(first.body).toMatchObject({ total: 51, page: 1, pages: 2 });
		expect(first.body.items).toHaveLength(50);
		const second = await callApi<Json>('GET', '/api/v1/audit-events?page=2', { token });
		expect(second.body).toMatchObject({ total: 51, page: 2, pages: 2 });
		expect(second.body.items.map((e: Json) => e.action)).toEqual(['api_token.create']);

		const theirs = await callApi<Json>('GET', '/api/v1/audit-events', { token: other.token });
		expect(theirs.body.items.map((e: Json) => e.action)).toEqual(['site.create', 'api_token.create']);
		expect(JSON.stringify(theirs.body)).not.toContain('Annexe');
		expect(JSON.stringify(theirs.body)).not.toContain(tokenId);

		const csv = await callApi<string>('GET', '/api/v1/audit-events/export?action=site&q=Extra', { token });
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const lines = csv.body
			.replace(/^\ufeff/, '')
			.trim()
			.split('\r\n');
		expect(lines[0]).toBe('date_heure;fuseau;qui;phrase;action;tablette;jeton_api');
		// No one called "Extra" acted: the header alone.
		expect(lines).toHaveLength(1);
		const sitesCsv = (await callApi<string>('GET', '/api/v1/audit-events/export?action=site.create', { token })).body;
		expect(sitesCsv.trim().split('\r\n')).toHaveLength(1 + 49);
		expect(sitesCsv).not.toContain('ZZ-Autre');
		expect((await callApi<Json>('GET', '/api/v1/audit-events/export?to=demain', { token })).status).toBe(400);
	});
});
