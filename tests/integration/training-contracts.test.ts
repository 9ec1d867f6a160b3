import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { contracts, users } from '$lib/server/db/schema';
import { addMonths } from '$lib/server/households/rules';
import { cancelExit, createContract, exportContractsCsv, listContracts, parseWeeklyHours, recordExit, updateContract } from '$lib/server/training/contracts';
import { addDays, shopToday } from '$lib/stock/dates';
import { useTestDatabase } from '../helpers/db';
import { addUser, auditRows, expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';

const t = useTestDatabase();
const today = () => shopToday(new Date(), 'Europe/Paris');

/** A contract that can be recorded from `start`: 6 months, 26 h, no referent. */
const sixMonths = (start: string, extra: Record<string, unknown> = {}) => ({
	startDate: start,
	endDate: addDays(addMonths(start, 6), -1),
	weeklyHours: '26',
	...extra
});

/** The number of contracts and audit rows of the organisation: a refusal changes neither. */
async function state(org: OrgFixture) {
	const [c] = await t.db
		.select({ n: sql<number>`count(*)::int` })
		.from(contracts)
		.where(eq(contracts.organisationId, org.organisationId));
	const rows = await t.db.select().from(contracts).where(eq(contracts.organisationId, org.organisationId)).orderBy(contracts.id);
	return { contracts: Number(c!.n), audit: (await auditRows(t.db, org.organisationId)).length, rows: JSON.stringify(rows) };
}

describe('contracts: writes (issue 13, item 6)', () => {
	test('create, update, exit and cancelling an exit are each audited on the person', async () => {
		const org = await makeOrg(t.db);
		const manager = org.actors.manager;
		const op = org.users.operator;
		const start = addMonths(today(), -2);
		const { id } = await createContract(t.db, manager, op.id, {
			...sixMonths(start),
			weeklyHours: '26,5',
			referentId: org.users.supervisor.id,
			counsellor: 'Mme Lefèvre (PLIE)'
		});
		const [row] = await t.db.select().from(contracts).where(eq(contracts.id, id));
		expect(row).toMatchObject({
			userId: op.id,
			startDate: start,
			weeklyMinutes: 1590,
			referentId: org.users.supervisor.id,
			counsellor: 'Mme Lefèvre (PLIE)',
			exitKind: null
		});
		const created = await auditRows(t.db, org.organisationId, 'training.contract_create');
		expect(created).toHaveLength(1);
		expect(created[0]).toMatchObject({ entityType: 'user', entityId: op.id, userId: manager.userId });

		const newEnd = addDays(addMonths(start, 12), -1);
		await updateContract(t.db, manager, id, { ...sixMonths(start), endDate: newEnd, referentId: org.users.supervisor.id, counsellor: 'Mme Lefèvre (PLIE)' });
		const updated = await auditRows(t.db, org.organisationId, 'training.contract_update');
		expect(updated).toHaveLength(1);
		expect(updated[0]!.details).toMatchObject({ contractId: id, endDate: [row!.endDate, newEnd], weeklyMinutes: [1590, 1560] });

		await recordExit(t.db, manager, id, { exitKind: 'durable_job', exitDate: today(), exitNote: 'CDI en magasin' });
		const [exited] = await t.db.select().from(contracts).where(eq(contracts.id, id));
		expect(exited).toMatchObject({ exitKind: 'durable_job', exitDate: today(), exitNote: 'CDI en magasin' });
		const exits = await auditRows(t.db, org.organisationId, 'training.exit');
		expect(exits).toHaveLength(1);
		expect(exits[0]).toMatchObject({ entityType: 'user', entityId: op.id, details: { contractId: id, exitKind: 'durable_job', exitDate: today() } });

		// A mistaken exit is undone by a correction, itself in the journal; the exit can then be recorded again.
		await cancelExit(t.db, manager, id);
		const [back] = await t.db.select().from(contracts).where(eq(contracts.id, id));
		expect(back).toMatchObject({ exitKind: null, exitDate: null, exitNote: null });
		const corrections = await auditRows(t.db, org.organisationId, 'training.contract_update');
		expect(corrections.at(-1)!.details).toMatchObject({ contractId: id, exitCancelled: { exitKind: 'durable_job', exitDate: today() } });
		await recordExit(t.db, manager, id, { exitKind: 'positive', exitDate: today() });
		expect((await t.db.select().from(contracts).where(eq(contracts.id, id)))[0]!.exitKind).toBe('positive');
	});

	test('every refusal is a French field error and changes nothing', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre structure');
		const manager = org.actors.manager;
		const op = org.users.operator;
		const start = addMonths(today(), -1);
		const { id } = await createContract(t.db, manager, op.id, sixMonths(start));
		const before = await state(org);

		const refusals: [string, () => Promise<unknown>, string, string?][] = [
			['no start', () => createContract(t.db, manager, op.id, { startDate: '', endDate: '2030-06-30', weeklyHours: '26' }), 'invalid_input', 'startDate'],
			[
				'not a real day',
				() => createContract(t.db, manager, op.id, { startDate: '2030-02-30', endDate: '2030-08-30', weeklyHours: '26' }),
				'invalid_input',
				'startDate'
			],
			['end before start', () => createContract(t.db, manager, op.id, { ...sixMonths('2030-01-10'), endDate: '2030-01-09' }), 'invalid_input', 'endDate'],
			['over 24 months', () => createContract(t.db, manager, op.id, { ...sixMonths('2030-01-01'), endDate: '2032-01-02' }), 'invalid_input', 'endDate'],
			[
				'under 4 months, not confirmed',
				() => createContract(t.db, manager, op.id, { ...sixMonths('2030-01-01'), endDate: '2030-03-31' }),
				'invalid_input',
				'short'
			],
			['0 hours', () => createContract(t.db, manager, op.id, { ...sixMonths('2030-01-01'), weeklyHours: '0' }), 'invalid_input', 'weeklyHours'],
			['49 hours', () => createContract(t.db, manager, op.id, { ...sixMonths('2030-01-01'), weeklyHours: '49' }), 'invalid_input', 'weeklyHours'],
			['hours not a number', () => createContract(t.db, manager, op.id, { ...sixMonths('2030-01-01'), weeklyHours: 'vingt' }), 'invalid_input', 'weeklyHours'],
			[
				'referent an operator',
				() => createContract(t.db, manager, op.id, { ...sixMonths('2030-01-01'), referentId: org.users.operator.id }),
				'invalid_input',
				'referentId'
			],
			[
				'referent of another organisation',
				() => createContract(t.db, manager, op.id, { ...sixMonths('2030-01-01'), referentId: other.users.supervisor.id }),
				'invalid_input',
				'referentId'
			],
			[
				'counsellor too long',
				() => createContract(t.db, manager, op.id, { ...sixMonths('2030-01-01'), counsellor: 'x'.repeat(121) }),
				'invalid_input',
				'counsellor'
			],
			['overlap', () => createContract(t.db, manager, op.id, sixMonths(addMonths(start, 3))), 'contract_overlap', 'startDate'],
			['update: end before start', () => updateContract(t.db, manager, id, { ...sixMonths(start), endDate: addDays(start, -1) }), 'invalid_input', 'endDate'],
			['exit in the future', () => recordExit(t.db, manager, id, { exitKind: 'durable_job', exitDate: addDays(today(), 1) }), 'invalid_input', 'exitDate'],
			['exit before the start', () => recordExit(t.db, manager, id, { exitKind: 'durable_job', exitDate: addDays(start, -1) }), 'invalid_input', 'exitDate'],
			['exit of no kind', () => recordExit(t.db, manager, id, { exitKind: 'vacances', exitDate: today() }), 'invalid_input', 'exitKind'],
			['cancel an exit that is not', () => cancelExit(t.db, manager, id), 'no_exit'],
			['a supervisor writes', () => createContract(t.db, org.actors.supervisor, op.id, sixMonths('2030-01-01')), 'forbidden'],
			['a supervisor records an exit', () => recordExit(t.db, org.actors.supervisor, id, { exitKind: 'other', exitDate: today() }), 'forbidden'],
			['an operator writes', () => createContract(t.db, org.actors.operator, op.id, sixMonths('2030-01-01')), 'forbidden']
		];
		// One at a time, each started only when awaited (no refusal left unhandled, none racing another).
		for (const [what, run, code, field] of refusals) {
			const err = await expectAppError(run(), code);
			if (field) expect(err.field, what).toBe(field);
			expect(err.message, what).toMatch(/[a-zé]/);
		}
		expect(await state(org)).toEqual(before);

		// An exit only once.
		await recordExit(t.db, manager, id, { exitKind: 'transition_job', exitDate: today() });
		const afterExit = await state(org);
		await expectAppError(recordExit(t.db, manager, id, { exitKind: 'durable_job', exitDate: today() }), 'exit_recorded', 409);
		await expectAppError(updateContract(t.db, manager, id, sixMonths(start)), 'contract_closed', 409);
		expect(await state(org)).toEqual(afterExit);
	});

	test('a short contract needs the confirmation; hours with a comma or a dot; a new contract may start after an early exit', async () => {
		const org = await makeOrg(t.db);
		const manager = org.actors.manager;
		const op = org.users.operator;
		expect(parseWeeklyHours('26')).toBe(1560);
		expect(parseWeeklyHours('26,5')).toBe(1590);
		expect(parseWeeklyHours('26.25')).toBe(1575);
		expect(parseWeeklyHours('26h')).toBeNull();
		const start = addMonths(today(), -3);
		const first = await createContract(t.db, manager, op.id, { startDate: start, endDate: addDays(addMonths(start, 2), -1), weeklyHours: '20', short: true });
		await recordExit(t.db, manager, first.id, { exitKind: 'other', exitDate: addDays(start, 10) });
		// The days after the early exit are free.
		await createContract(t.db, manager, op.id, sixMonths(addDays(start, 11)));
		// …so the exit can no longer be cancelled: the first contract would overlap the second.
		await expectAppError(cancelExit(t.db, manager, first.id), 'contract_overlap', 409);
		// Exactly 4 months (start + 4 months − 1 day) is not short; 24 months to the day is the longest.
		const other = await addUser(t.db, org, ['operator']);
		await createContract(t.db, manager, other.user.id, { startDate: '2031-01-01', endDate: '2031-04-30', weeklyHours: '35' });
		const third = await addUser(t.db, org, ['operator']);
		await createContract(t.db, manager, third.user.id, { startDate: '2031-01-01', endDate: '2033-01-01', weeklyHours: '48' });
	});

	test('an erased person gets no contract; another organisation sees nothing (404)', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre structure');
		const { id } = await createContract(t.db, org.actors.manager, org.users.operator.id, sixMonths(today()));
		const before = await state(org);
		await expectAppError(createContract(t.db, other.actors.manager, org.users.operator.id, sixMonths('2030-01-01')), 'person_not_found', 404);
		await expectAppError(updateContract(t.db, other.actors.manager, id, sixMonths(today())), 'contract_not_found', 404);
		await expectAppError(recordExit(t.db, other.actors.manager, id, { exitKind: 'other', exitDate: today() }), 'contract_not_found', 404);
		await expectAppError(cancelExit(t.db, other.actors.manager, id), 'contract_not_found', 404);
		await expectAppError(updateContract(t.db, org.actors.manager, 'not-a-uuid', sixMonths(today())), 'contract_not_found', 404);
		// From another person's page (the address names someone else): 404 too.
		const someoneElse = org.users.supervisor.id;
		await expectAppError(updateContract(t.db, org.actors.manager, id, sixMonths(today()), { userId: someoneElse }), 'contract_not_found', 404);
		await expectAppError(
			recordExit(t.db, org.actors.manager, id, { exitKind: 'other', exitDate: today() }, { userId: someoneElse }),
			'contract_not_found',
			404
		);
		const theirs = await listContracts(t.db, other.actors.manager, { filter: 'all' });
		expect(theirs.rows.map((r) => r.id)).not.toContain(id);
		expect(await state(org)).toEqual(before);

		const gone = await addUser(t.db, org, ['operator']);
		await t.db.update(users).set({ erasedAt: new Date() }).where(eq(users.id, gone.user.id));
		await expectAppError(createContract(t.db, org.actors.manager, gone.user.id, sixMonths('2030-01-01')), 'person_erased', 409);
	});
});

describe('contracts: the list and its export', () => {
	test('"ending" holds exactly the contracts without exit ending within 60 days (and those past their end without exit)', async () => {
		const org = await makeOrg(t.db);
		const manager = org.actors.manager;
		const d = today();
		const person = async () => (await addUser(t.db, org, ['operator'])).user.id;
		const make = async (endIn: number, opts: { exit?: boolean } = {}) => {
			const end = addDays(d, endIn);
			const sixBefore = addDays(addMonths(end, -6), 1);
			const start = sixBefore < d ? sixBefore : addDays(d, -1);
			const { id } = await createContract(t.db, manager, await person(), { startDate: start, endDate: end, weeklyHours: '26' });
			if (opts.exit) await recordExit(t.db, manager, id, { exitKind: 'durable_job', exitDate: d });
			return id;
		};
		const in10 = await make(10);
		const in60 = await make(60);
		const today0 = await make(0);
		const overdue = await make(-5);
		const in61 = await make(61);
		const in200 = await make(200);
		const exited = await make(20, { exit: true });

		const ending = await listContracts(t.db, manager);
		expect(ending.filter).toBe('ending');
		expect(ending.rows.map((r) => r.id)).toEqual([overdue, today0, in10, in60]);
		expect(ending.rows.map((r) => r.daysLeft)).toEqual([-5, 0, 10, 60]);
		expect(ending.total).toBe(4);

		const running = await listContracts(t.db, manager, { filter: 'running' });
		expect(new Set(running.rows.map((r) => r.id))).toEqual(new Set([today0, in10, in60, in61, in200]));
		const ended = await listContracts(t.db, manager, { filter: 'ended' });
		expect(new Set(ended.rows.map((r) => r.id))).toEqual(new Set([overdue, exited]));
		const all = await listContracts(t.db, manager, { filter: 'all', sort: 'asc' });
		expect(all.total).toBe(7);
		expect(all.rows.map((r) => r.endDate)).toEqual([...all.rows.map((r) => r.endDate)].sort());
		// A supervisor reads the list too.
		expect((await listContracts(t.db, org.actors.supervisor)).total).toBe(4);
		await expectAppError(listContracts(t.db, org.actors.operator), 'forbidden', 403);
		await expectAppError(listContracts(t.db, org.actors.social_worker), 'forbidden', 403);
	});

	test('paging: 25 a page, a page past the end shows the last one', async () => {
		const org = await makeOrg(t.db);
		const rows = [];
		for (let i = 0; i < 27; i++) rows.push({ organisationId: org.organisationId, userId: (await addUser(t.db, org, ['operator'])).user.id });
		await t.db.insert(contracts).values(rows.map((r, i) => ({ ...r, startDate: '2026-01-01', endDate: addDays('2026-06-01', i), weeklyMinutes: 1560 })));
		const p1 = await listContracts(t.db, org.actors.manager, { filter: 'all', page: 1 });
		expect(p1).toMatchObject({ total: 27, pages: 2, page: 1 });
		expect(p1.rows).toHaveLength(25);
		const p9 = await listContracts(t.db, org.actors.manager, { filter: 'all', page: 9 });
		expect(p9.page).toBe(2);
		expect(p9.rows).toHaveLength(2);
	});

	test('the CSV export is formula-safe and named with the organisation day', async () => {
		const org = await makeOrg(t.db);
		const op = org.users.operator;
		await t.db
			.update(users)
			.set({ firstName: '=HYPERLINK("http://x")', lastName: '' })
			.where(and(eq(users.id, op.id)));
		await createContract(t.db, org.actors.manager, op.id, {
			startDate: addMonths(today(), -5),
			endDate: addDays(today(), 30),
			weeklyHours: '26',
			counsellor: '+cmd|calc'
		});
		const { csv, name, day } = await exportContractsCsv(t.db, org.actors.supervisor, {});
		expect(name).toBe('contrats-ending');
		expect(day).toBe(today());
		const lines = csv
			.replace(/^\ufeff/, '')
			.trim()
			.split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
		expect(lines[1]).toContain(`;'+cmd|calc;`);
		expect(lines[1]).toContain(';30;26;');
		expect(csv).not.toMatch(/;=|;\+|^=/m);
	});
});
