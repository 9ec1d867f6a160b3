// The workshop report (issue 13, item 8): people in post, new contracts, skills validated per block and
// level, exits by category with the positive-exit rate, work events by area — each total equal to the rows
// counted independently here, on random data (fast-check); erased people still counted; no name anywhere;
// a site ignored (and said); nothing of another organisation; managers and admins only.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Report } from '$lib/reports/model';
import { addDays } from '$lib/stock/dates';
import { WORK_EVENT_AREA, WORK_EVENT_TYPES } from '$lib/training/events';
import { EXIT_KINDS, LEVELS } from '$lib/training/framework';
import { reportCsv } from '$lib/server/reports/export';
import { runReport } from '$lib/server/reports/registry';
import { rowsOf } from '$lib/server/reports/sql';
import { AREAS, hoursBand, HOURS_BANDS } from '$lib/server/reports/workshop';
import { frameworkOf } from '$lib/server/training/framework';
import type { Database } from '$lib/server/db';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';

const t = useApiTestDatabase();
const q = (s: Record<string, string>) => new URLSearchParams(s);
const fig = (r: Report) => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));
const table = (r: Report, id: string) => r.tables.find((x) => x.id === id)!;
const NOW = { now: new Date('2027-02-10T10:00:00Z') };
const FROM = '2026-11-01';
const TO = '2026-11-30';
/** Days from 2026-09-01 (offset 0) to 2027-01-29 (150). */
const dayAt = (offset: number) => addDays('2026-09-01', offset);

interface PersonSpec {
	erased: boolean;
	contracts: { start: number; length: number; minutes: number; exit: { kind: (typeof EXIT_KINDS)[number]; after: number } | null }[];
	validations: { skill: number; level: (typeof LEVELS)[number]; day: number }[];
	events: { type: number; day: number }[];
}

const person: fc.Arbitrary<PersonSpec> = fc.record({
	erased: fc.boolean(),
	contracts: fc.uniqueArray(
		fc.record({
			start: fc.integer({ min: 0, max: 140 }),
			length: fc.integer({ min: 0, max: 120 }),
			minutes: fc.constantFrom(900, 1200, 1559, 1560, 2000, 2100, 2400),
			exit: fc.option(fc.record({ kind: fc.constantFrom(...EXIT_KINDS), after: fc.integer({ min: 0, max: 60 }) }), { nil: null })
		}),
		{ maxLength: 3, selector: (c) => c.start }
	),
	validations: fc.uniqueArray(
		fc.record({ skill: fc.integer({ min: 0, max: 16 }), level: fc.constantFrom(...LEVELS), day: fc.integer({ min: 40, max: 110 }) }),
		{
			maxLength: 5,
			selector: (v) => `${v.skill}/${v.day}`
		}
	),
	events: fc.array(fc.record({ type: fc.integer({ min: 0, max: WORK_EVENT_TYPES.length - 1 }), day: fc.integer({ min: 50, max: 100 }) }), { maxLength: 6 })
});

async function insertPeople(db: Database, org: OrgFixture, people: PersonSpec[]): Promise<string[]> {
	const skills = await frameworkOf(db, org.organisationId);
	const ids: string[] = [];
	for (const [i, p] of people.entries()) {
		const [u] = await rowsOf<{ id: string }>(
			db,
			sql`insert into users (organisation_id, username, first_name, last_name, erased_at)
			    values (${org.organisationId}, ${`ws-${i}-${org.slug}`}, ${'Secret' + i}, 'Nomcache', ${p.erased ? sql`now()` : null}) returning id`
		);
		ids.push(u!.id);
		for (const c of p.contracts) {
			const start = dayAt(c.start);
			const end = addDays(start, c.length);
			await db.execute(sql`insert into contracts (organisation_id, user_id, start_date, end_date, weekly_minutes, exit_kind, exit_date, referent_id)
				values (${org.organisationId}, ${u!.id}, ${start}, ${end}, ${c.minutes}, ${c.exit?.kind ?? null}, ${c.exit ? addDays(start, c.exit.after) : null}, ${org.users.supervisor.id})`);
		}
		for (const v of p.validations) {
			await db.execute(sql`insert into skill_validations (organisation_id, user_id, skill_id, level, day, validated_by, created_at)
				values (${org.organisationId}, ${u!.id}, ${skills[v.skill]!.id}, ${v.level}, ${dayAt(v.day)}, ${org.users.supervisor.id}, ${dayAt(v.day) + 'T12:00:00Z'}::timestamptz)`);
		}
		for (const e of p.events) {
			await db.execute(sql`insert into work_events (organisation_id, user_id, type, at)
				values (${org.organisationId}, ${u!.id}, ${WORK_EVENT_TYPES[e.type]!}, ${dayAt(e.day) + 'T12:00:00Z'}::timestamptz)`);
		}
	}
	return ids;
}

/** What the report must say, counted here from the specs, without SQL. */
function expected(people: PersonSpec[], blockOf: (skill: number) => string) {
	const inPeriod = (d: string) => d >= FROM && d <= TO;
	let inPost = 0;
	const bands: Record<string, number> = Object.fromEntries(HOURS_BANDS.map((b) => [b, 0]));
	let newContracts = 0;
	const exits: Record<string, number> = Object.fromEntries(EXIT_KINDS.map((k) => [k, 0]));
	const validated = new Map<string, (typeof LEVELS)[number]>();
	const areas: Record<string, number> = Object.fromEntries(AREAS.map((a) => [a, 0]));
	for (const [i, p] of people.entries()) {
		const overlapping = p.contracts.filter((c) => {
			const start = dayAt(c.start);
			const end = addDays(start, c.length);
			const exit = c.exit ? addDays(start, c.exit.after) : null;
			const effectiveEnd = exit && exit < end ? exit : end;
			return start <= TO && effectiveEnd >= FROM;
		});
		if (overlapping.length) {
			inPost++;
			const latest = overlapping.reduce((a, c) => (c.start > a.start ? c : a));
			bands[hoursBand(latest.minutes)]!++;
		}
		for (const c of p.contracts) {
			if (inPeriod(dayAt(c.start))) newContracts++;
			if (c.exit && inPeriod(addDays(dayAt(c.start), c.exit.after))) exits[c.exit.kind]!++;
		}
		for (const v of [...p.validations].sort((a, b) => a.day - b.day)) if (inPeriod(dayAt(v.day))) validated.set(`${i}/${v.skill}`, v.level);
		for (const e of p.events) if (inPeriod(dayAt(e.day))) areas[WORK_EVENT_AREA[WORK_EVENT_TYPES[e.type]!]]!++;
	}
	const byBlock = new Map<string, number>();
	for (const k of validated.keys()) byBlock.set(blockOf(Number(k.split('/')[1])), (byBlock.get(blockOf(Number(k.split('/')[1]))) ?? 0) + 1);
	const byLevel = Object.fromEntries(LEVELS.map((l) => [l, [...validated.values()].filter((x) => x === l).length]));
	const exitTotal = Object.values(exits).reduce((a, b) => a + b, 0);
	const positive = exits.durable_job! + exits.transition_job! + exits.positive!;
	return { inPost, bands, newContracts, exits, exitTotal, positive, validated: validated.size, byBlock, byLevel, areas };
}

describe('workshop report', () => {
	it('counts people in post, contracts, validations, exits and work as the rows say (fast-check), erased people included', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 5 }), async (people) => {
				const org = await makeOrg(t.db);
				await insertPeople(t.db, org, people);
				const skills = await frameworkOf(t.db, org.organisationId);
				const want = expected(people, (i) => skills[i]!.block);
				const r = await runReport(t.db, org.actors.manager, 'workshop', q({ period: 'month', from: FROM }), NOW);
				const f = fig(r);
				expect(f.people).toBe(want.inPost);
				expect(f.newContracts).toBe(want.newContracts);
				expect(f.validated).toBe(want.validated);
				expect(f.exits).toBe(want.exitTotal);
				expect(f.positiveRate).toBe(want.exitTotal ? Math.round((want.positive / want.exitTotal) * 10_000) : null);
				expect(f.events).toBe(Object.values(want.areas).reduce((a, b) => a + b, 0));
				expect(table(r, 'poste').rows.map((x) => x.people)).toEqual(HOURS_BANDS.map((b) => want.bands[b]));
				expect(table(r, 'poste').total).toEqual({ people: want.inPost });
				expect(table(r, 'sorties').rows.map((x) => x.exits)).toEqual(EXIT_KINDS.map((k) => want.exits[k]));
				const blocks = table(r, 'competences');
				expect(Object.fromEntries(blocks.rows.map((x) => [x.block, x.total]))).toEqual(Object.fromEntries(want.byBlock));
				for (const l of LEVELS) expect(blocks.total![l], l).toBe(want.byLevel[l]);
				expect(table(r, 'travail').rows.map((x) => x.events)).toEqual(AREAS.map((a) => want.areas[a]));
				// Counts only: no one's name, not even the referent's.
				const all = JSON.stringify(r) + reportCsv(r, 'competences') + reportCsv(r, 'poste');
				expect(all).not.toMatch(/Secret|Nomcache/);
				expect(all).not.toContain(org.users.supervisor.lastName);
			}),
			{ numRuns: 12 }
		);
	});

	it('ignores a site and says so; nothing of another organisation; managers and admins only', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		await insertPeople(t.db, other, [
			{
				erased: false,
				contracts: [{ start: 60, length: 100, minutes: 1560, exit: { kind: 'durable_job', after: 70 } }],
				validations: [],
				events: [{ type: 0, day: 70 }]
			}
		]);
		const all = await runReport(t.db, org.actors.manager, 'workshop', q({ period: 'month', from: FROM }), NOW);
		expect(fig(all)).toMatchObject({ people: 0, exits: 0, events: 0, positiveRate: null });
		const site = await runReport(t.db, org.actors.manager, 'workshop', q({ period: 'month', from: FROM, site: org.siteIds.epicerie }), NOW);
		expect(site.notes.map((n) => n.text).join(' ')).toMatch(/ne dépend pas du site/);
		expect(fig(site)).toEqual(fig(all));
		await runReport(t.db, org.actors.admin, 'workshop', q({}), NOW);
		for (const role of ['supervisor', 'operator', 'social_worker'] as const)
			await expectAppError(runReport(t.db, org.actors[role], 'workshop', q({}), NOW), 'forbidden', 403);
		const api = await callApi<Report>('GET', `/api/v1/reports/workshop?period=month&from=${FROM}`, { actor: org.actors.manager });
		expect(api.status).toBe(200);
		expect(api.body.name).toBe('workshop');
		expect((await callApi('GET', '/api/v1/reports/workshop', { actor: org.actors.supervisor })).status).toBe(403);
	});
});
