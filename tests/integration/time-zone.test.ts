import { eq, sql } from 'drizzle-orm';
import type { AuditAction } from '$lib/auditEvents';
import { describe, expect, test } from 'vitest';
import { audit, exportAuditCsv, listAudit } from '$lib/server/audit';
import { createSession, validateSessionToken } from '$lib/server/auth/sessions';
import { organisations, tillSessions } from '$lib/server/db/schema';
import { parseCsv } from '$lib/server/stock/csv';
import { closeTill } from '$lib/server/till/sessions';
import { exportZCsv, Z_CSV_HEADER } from '$lib/server/till/zreports';
import { updateTimeZone } from '$lib/server/timeZone';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg } from '../helpers/fixtures';
import { makeShop } from '../helpers/till';

const t = useTestDatabase();
const FORMULA = /^[=+\-@\t\r]/;

/** Puts one journal row at a known moment (the database stamps it with now()). */
async function auditAt(organisationId: string, userId: string, action: AuditAction, at: string, details: Record<string, unknown> = {}) {
	await audit(t.db, { organisationId, userId }, action, null, details);
	await t.db.execute(sql`update audit_log set at = ${at}::timestamptz where id = (select max(id) from audit_log where organisation_id = ${organisationId})`);
}

describe("the organisation's time zone (issue 10, item 7)", () => {
	test('a manager sets it (checked against the known zones, audited); the session carries it; others may not', async () => {
		const org = await makeOrg(t.db);
		const s = await createSession(t.db, { userId: org.users.manager.id, organisationId: org.organisationId, method: 'password' });
		expect((await validateSessionToken(t.db, s.token))!.actor.timeZone).toBe('Europe/Paris');

		await expectAppError(updateTimeZone(t.db, org.actors.manager, 'Mars/Olympus_Mons'), 'invalid_input', 400);
		await expectAppError(updateTimeZone(t.db, org.actors.supervisor, 'America/Cayenne'), 'forbidden', 403);
		const [kept] = await t.db.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, org.organisationId));
		expect(kept!.settings.timeZone).toBeUndefined();

		await updateTimeZone(t.db, org.actors.manager, 'America/Cayenne');
		expect((await validateSessionToken(t.db, s.token))!.actor.timeZone).toBe('America/Cayenne');
		expect((await auditRows(t.db, org.organisationId, 'organisation.time_zone'))[0]!.details).toEqual({ before: 'Europe/Paris', after: 'America/Cayenne' });
	});

	test('the journal export shows the Paris wall time (14:34 for 13:34 UTC), and another zone when chosen', async () => {
		const org = await makeOrg(t.db);
		await auditAt(org.organisationId, org.users.manager.id, 'till.close', '2026-11-24T13:34:00Z', {
			zNumber: 3,
			difference: { card: 0, cash: -48, cheque: 0 }
		});
		const rows = parseCsv(await exportAuditCsv(t.db, org.actors.manager)).map((r) => r.fields);
		expect(rows[0]).toEqual(['date_heure', 'fuseau', 'qui', 'phrase', 'action', 'tablette', 'jeton_api']);
		expect(rows[1]!.slice(0, 2)).toEqual(['24/11/2026 14:34', 'Europe/Paris']);
		expect(rows[1]![3]).toBe(`Prénom-manager ${org.users.manager.lastName} a fermé la caisse : Z n° 3, écart espèces −0,48\u00a0€`);
		const cayenne = parseCsv(await exportAuditCsv(t.db, { ...org.actors.manager, timeZone: 'America/Cayenne' })).map((r) => r.fields);
		expect(cayenne[1]!.slice(0, 2)).toEqual(['24/11/2026 10:34', 'America/Cayenne']);
	});

	test("the journal's days are the shop's days: 00:30 in Paris on the 25th is not on the 24th", async () => {
		const org = await makeOrg(t.db);
		const me = org.users.manager.id;
		await auditAt(org.organisationId, me, 'site.create', '2026-11-23T22:59:00Z', { name: 'A' }); // 23/11 23:59 Paris
		await auditAt(org.organisationId, me, 'site.create', '2026-11-23T23:00:00Z', { name: 'B' }); // 24/11 00:00 Paris
		await auditAt(org.organisationId, me, 'site.create', '2026-11-24T22:59:00Z', { name: 'C' }); // 24/11 23:59 Paris
		await auditAt(org.organisationId, me, 'site.create', '2026-11-24T23:30:00Z', { name: 'D' }); // 25/11 00:30 Paris
		const names = async (q: { from?: string; to?: string }) =>
			(await listAudit(t.db, org.actors.manager, { action: 'site', ...q })).rows.map((r) => r.details?.name);
		expect(await names({ from: '2026-11-24', to: '2026-11-24' })).toEqual(['C', 'B']);
		expect(await names({ from: '2026-11-25' })).toEqual(['D']);
		expect(await names({ to: '2026-11-23' })).toEqual(['A']);
		// Summer time too: 29 March 2026 starts at 23:00 UTC the day before, ends at 22:00 UTC.
		await auditAt(org.organisationId, me, 'site.create', '2026-03-29T21:59:00Z', { name: 'E' });
		await auditAt(org.organisationId, me, 'site.create', '2026-03-29T22:00:00Z', { name: 'F' });
		expect(await names({ from: '2026-03-29', to: '2026-03-29' })).toEqual(['E']);
		// The export takes the same filters, and nothing in it is a formula.
		await auditAt(org.organisationId, me, 'site.create', '2026-11-24T12:00:00Z', { name: '=HYPERLINK("x")' });
		const csv = parseCsv(await exportAuditCsv(t.db, org.actors.manager, { from: '2026-11-24', to: '2026-11-24' })).map((r) => r.fields);
		expect(csv.length).toBe(4);
		for (const row of csv) for (const cell of row) expect(cell).not.toMatch(FORMULA);
	});

	test('the journal never names a household: its reference only', async () => {
		const org = await makeOrg(t.db);
		await audit(
			t.db,
			{ organisationId: org.organisationId, userId: org.users.social_worker.id },
			'household.open',
			{ type: 'household', id: org.organisationId },
			{ reference: 'FOY-0042' }
		);
		const csv = await exportAuditCsv(t.db, org.actors.manager);
		expect(csv).toContain('a ouvert le dossier du foyer FOY-0042');
	});

	test('the Z export shows the opening and closing in the organisation’s zone', async () => {
		const s = await makeShop(t.db);
		await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000 } });
		await t.db
			.update(tillSessions)
			.set({ openedAt: new Date('2026-07-01T06:05:00Z'), closedAt: new Date('2026-07-01T16:45:00Z') })
			.where(eq(tillSessions.organisationId, s.org.organisationId));
		const read = async (zone?: string) => {
			const csv = parseCsv(await exportZCsv(t.db, { ...s.org.actors.manager, timeZone: zone }));
			const row = Object.fromEntries(Z_CSV_HEADER.map((h, i) => [h, csv[1]!.fields[i]!]));
			return [row.ouverture, row.fermeture];
		};
		expect(Z_CSV_HEADER).toContain('ouverture');
		expect(await read()).toEqual(['01/07/2026 08:05', '01/07/2026 18:45']);
		expect(await read('America/Cayenne')).toEqual(['01/07/2026 03:05', '01/07/2026 13:45']);
	});
});
