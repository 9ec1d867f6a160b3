import { sql } from 'drizzle-orm';
import { isTimeZone } from '$lib/format';
import type { Tx } from '../db';
import { rowsOf } from '../reports/sql';
import { addDays, addMonths, compositionOf, gridBudgetCents, todayIso } from '../households/rules';
import { DEFAULT_SETTINGS } from '../households/settings';
import { organisationZone } from '../timeZone';

/**
 * Months of consistent activity for one organisation, written with set-based SQL (generate_series,
 * `insert … select`) so that millions of rows take seconds: households and members, rights (issued,
 * renewed, ended), weekly receptions (validated, with lines, lots and `reception` movements), one closed
 * till session per opening day with its Z report, sales of 5-line baskets (lines, `sale` movements,
 * payments, budget uses; FSE+ lines at 0 €), a few returns, losses and count adjustments.
 *
 * Used by the demo (seed.ts, DEMO_HISTORY_MONTHS) and the reports benchmark (scripts/bench-reports.js).
 *
 * Invariants (tests/integration/demo-history.test.ts): every lot's on_hand is the sum of its movements
 * and every history lot ends empty (each week's lot receives exactly what is sold, lost and counted from
 * it), its balance never goes below 0 at any instant; sales' totals are the sums of their lines,
 * payments equal what was paid, FSE+ lines are paid 0; lot codes come from stock_counters (after the
 * lots already there), sale numbers and Z numbers from till_counters. Prices follow the till's rules:
 * `valueCents` ($lib/stock/units) for the reference value and `linePrice`'s rounding (roundDiv, halves
 * up) for the price paid — written here in SQL, checked against those functions by the test.
 * Deterministic for a seed: every choice is a hash of the seed and the row's key (ids are random).
 */

export interface HistoryOptions {
	/** Months of history ending on `endDay` (inclusive). */
	months: number;
	households: number;
	/** Average visits of a household in a month (fractions allowed). */
	visitsPerHouseholdMonth: number;
	/** Last day of history (the organisation's day); default: yesterday in the organisation's zone. */
	endDay?: string;
	seed?: number;
	/** Prefix of household references (unique in the organisation). */
	referencePrefix?: string;
	/** Who did the work (default: the organisation's first account) when no one of `staff` is in post. */
	userId?: string;
	/**
	 * The people in post and when (days, inclusive): each day the till goes to one of them and the stockroom
	 * (receptions, losses, counts) to another (the same when alone), chosen by a hash of the day. The demo's
	 * operators on their contracts (demo/training.ts); validations stay `userId`'s.
	 */
	staff?: { userId: string; from: string; to: string }[];
}

export interface HistorySummary {
	households: number;
	rights: number;
	sessions: number;
	sales: number;
	lines: number;
	lots: number;
	receptions: number;
	movements: number;
	returns: number;
	losses: number;
	counts: number;
	from: string;
	to: string;
}

const COMMUNES = [
	'Lyon 8e',
	'Lyon 7e',
	'Lyon 3e',
	'Vénissieux',
	'Villeurbanne',
	'Bron',
	'Saint-Fons',
	'Vaulx-en-Velin',
	'Saint-Priest',
	'Oullins',
	'Lyon 9e',
	'Décines-Charpieu'
];
const FIRST = ['Yasmina', 'Paul', 'Khadija', 'Jean', 'Aïcha', 'Luc', 'Mariam', 'Thomas', 'Nora', 'Hugo', 'Sabrina', 'Ibrahima', 'Chantal', 'Mehdi', 'Inès'];
// Not the demo's own names (the duplicate warning and the searches of the browser tests find those alone).
const LAST = ['Perrin', 'Nguyen', 'Dubois', 'Traoré', 'Moreau', 'Kaci', 'Lambert', 'Girard', 'Roux', 'Mendes', 'Fontaine', 'Chevalier', 'Mercier', 'Bonnet'];
const LOSS_REASONS = ['dlc_passed', 'broken', 'spoiled', 'theft', 'other'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A SQL string literal (the values come from the database or from this file; quotes doubled anyway). */
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: readonly string[]): string => `array[${xs.map(lit).join(',')}]::text[]`;

/** Writes the history in the caller's transaction; the organisation needs products, origins, locations and a user. */
export async function generateHistory(tx: Tx, organisationId: string, opts: HistoryOptions): Promise<HistorySummary> {
	if (!UUID.test(organisationId)) throw new Error('organisation id');
	const months = Math.max(0, Math.floor(opts.months));
	const nh = Math.max(0, Math.floor(opts.households));
	const visits = Math.max(0, opts.visitsPerHouseholdMonth);
	const seed = Math.floor(opts.seed ?? 1) >>> 0;
	const prefix = (opts.referencePrefix ?? 'HIST-').replace(/[^A-Za-z0-9-]/g, '');
	const zone = await organisationZone(tx, organisationId);
	if (!isTimeZone(zone)) throw new Error('zone');
	const endDay = opts.endDay ?? addDays(todayIso(new Date(), zone), -1);
	if (!DAY.test(endDay)) throw new Error('endDay');
	const startDay = addDays(addMonths(endDay, -months), 1);
	const empty: HistorySummary = {
		households: 0,
		rights: 0,
		sessions: 0,
		sales: 0,
		lines: 0,
		lots: 0,
		receptions: 0,
		movements: 0,
		returns: 0,
		losses: 0,
		counts: 0,
		from: startDay,
		to: endDay
	};
	if (months === 0 || nh === 0) return empty;

	const org = lit(organisationId) + '::uuid';
	// Rights: none ends around the last day (the social desk's "ending soon" list stays the organisation's own).
	/** Runs statements one by one (drivers prepare each query: one statement at a time). */
	const run = async (q: string) => {
		for (const st of q
			.split(/;\s*(?:\n|$)/)
			.map((x) => x.trim())
			.filter(Boolean)) {
			const t = performance.now();
			await tx.execute(sql.raw(st));
			if (process.env.HISTORY_PROFILE) console.log(`${(performance.now() - t).toFixed(0).padStart(6)} ms  ${st.replace(/\s+/g, ' ').slice(0, 90)}`);
		}
	};
	const one = async <T extends Record<string, unknown>>(q: string) => (await rowsOf<T>(tx, sql.raw(q)))[0]!;
	/** A deterministic number in [0, 1) for a key (a SQL text expression). */
	const rnd = (key: string) => `((hashtext('${seed}:' || ${key}) & 2147483647)::float8 / 2147483648.0)`;

	// What the organisation has: a user to act, products, origins, a place per temperature zone.
	const ctx = await one<{ user_id: string | null; site_id: string | null; np: number; no: number }>(`
		select (select id from users where organisation_id = ${org} ${opts.userId && UUID.test(opts.userId) ? `and id = ${lit(opts.userId)}` : ''} order by created_at, id limit 1)::text as user_id,
			(select id from sites where organisation_id = ${org} order by (kind = 'epicerie') desc, created_at, id limit 1)::text as site_id,
			(select count(*) from products where organisation_id = ${org} and active)::int as np,
			(select count(*) from origins where organisation_id = ${org} and active)::int as no`);
	if (!ctx.user_id || !ctx.site_id || ctx.np === 0 || ctx.no === 0) throw new Error('the organisation needs a user, a site, products and origins');
	const user = lit(ctx.user_id) + '::uuid';
	// Who worked on a day (h_staff, when staff is given): the till's person and the stockroom's.
	const staff = (opts.staff ?? []).filter((w) => UUID.test(w.userId) && DAY.test(w.from) && DAY.test(w.to));
	if (staff.length) {
		await run(`
			create temp table h_staff (day date primary key, till_user uuid not null, stock_user uuid not null) on commit drop;
			insert into h_staff
			with w(user_id, s, e) as (values ${staff.map((w) => `(${lit(w.userId)}::uuid, ${lit(w.from)}::date, ${lit(w.to)}::date)`).join(', ')}),
			inpost as (select d::date as day, array_agg(w.user_id order by w.user_id) as who
				from generate_series(${lit(startDay)}::date, ${lit(endDay)}::date, interval '1 day') d join w on d::date between w.s and w.e group by 1)
			select day, who[1 + (hashtext(${lit(String(seed))} || day::text) & 1023) % cardinality(who)],
				who[1 + ((hashtext(${lit(String(seed))} || day::text) & 1023) + 1) % cardinality(who)] from inpost;`);
	}
	/** The person at the till / in the stockroom on a day (a SQL date), else `user`. */
	const tillOn = (day: string) => (staff.length ? `coalesce((select hs.till_user from h_staff hs where hs.day = ${day}), ${user})` : user);
	const stockOn = (day: string) => (staff.length ? `coalesce((select hs.stock_user from h_staff hs where hs.day = ${day}), ${user})` : user);
	const dayOf = (at: string) => `(${at} at time zone ${lit(zone)})::date`;

	// Budgets by composition (grid of the default settings, the households' own rule); members: an optional partner then children.
	const { grid, budgetBasis, rateDefaultBp } = DEFAULT_SETTINGS;
	const budgets: string[] = [];
	for (const partner of [0, 1])
		for (let kids = 0; kids <= 3; kids++) {
			const members = [...(partner ? [{ relation: 'conjoint' }] : []), ...Array.from({ length: kids }, () => ({ relation: 'enfant' }))];
			budgets.push(`(${partner}, ${kids}, ${gridBudgetCents(compositionOf(members), grid)})`);
		}

	await run(`
		create temp table h_products on commit drop as
			select (row_number() over (order by p.created_at, p.id) - 1)::int as idx, p.id, p.unit::text as unit, p.reference_price_cents as price,
				p.category_id, p.zone::text as zone, p.date_type::text as date_type, p.net_weight_grams as weight,
				(select l.id from locations l join sites s on s.organisation_id = l.organisation_id and s.id = l.site_id
					where l.organisation_id = p.organisation_id and l.zone = p.zone and l.active
					order by (s.id = ${lit(ctx.site_id)}) desc, l.code limit 1) as location_id
			from products p where p.organisation_id = ${org} and p.active;
		create temp table h_origins on commit drop as
			select (row_number() over (order by created_at, id) - 1)::int as idx, id, fse, kind::text as kind
			from origins where organisation_id = ${org} and active;
		create temp table h_budget (partner int, kids int, cents int) on commit drop;
		insert into h_budget values ${budgets.join(',')};`);

	// Opening days: Tuesday to Saturday.
	await run(`
		create temp table h_days on commit drop as
			select d::date as day from generate_series(${lit(startDay)}::date, ${lit(endDay)}::date, interval '1 day') d
			where extract(isodow from d) between 2 and 6;`);

	// Households: 60 % there from the start, the others arrive over the months (new files); a quarter stop after their first right.
	await run(`
		create temp table h_hh on commit drop as
			select gen_random_uuid() as id, i,
				case when ${rnd(`'hs' || i`)} < 0.6 then ${lit(startDay)}::date
					else ${lit(startDay)}::date + floor(${rnd(`'hd' || i`)} * (${lit(endDay)}::date - ${lit(startDay)}::date))::int end as start_day,
				${rnd(`'he' || i`)} < 0.25 as ends,
				(${rnd(`'hp' || i`)} < 0.4)::int as partner,
				floor(${rnd(`'hk' || i`)} * 4)::int as kids
			from generate_series(1, ${nh}) i;
		insert into households (id, organisation_id, reference, first_name, last_name, name_key, commune, orienting_structure, rgpd_informed_on, consent, created_at)
			select id, ${org}, ${lit(prefix)} || lpad(i::text, 5, '0'), f, l, lower(f || ' ' || l), (${arr(COMMUNES)})[1 + floor(${rnd(`'hc' || i`)} * ${COMMUNES.length})::int],
				'CCAS', start_day, true, (start_day::timestamp + time '10:00') at time zone ${lit(zone)}
			from (select h.*, (${arr(FIRST)})[1 + floor(${rnd(`'hf' || i`)} * ${FIRST.length})::int] as f,
				(${arr(LAST)})[1 + floor(${rnd(`'hl' || i`)} * ${LAST.length})::int] as l from h_hh h) x;
		insert into household_members (organisation_id, household_id, birth_year, relation)
			select ${org}, id, 1975 + floor(${rnd(`'mp' || i`)} * 25)::int, 'conjoint'::member_relation from h_hh where partner = 1
			union all
			select ${org}, id, 2005 + floor(${rnd(`'mk' || i || ':' || k`)} * 18)::int, 'enfant'::member_relation from h_hh, generate_series(1, kids) k;`);

	// Rights: periods of 3 months renewed twice (9 months), then a new right; households that stop keep one right that ends (a few revoked).
	await run(`
		create temp table h_rights on commit drop as
			select gen_random_uuid() as id, h.id as household_id, h.i, k, vf as valid_from,
				least(2, greatest(0, ((extract(year from age(${lit(endDay)}::date, vf)) * 12 + extract(month from age(${lit(endDay)}::date, vf)))::int) / 3)) as renewals,
				(array[1000, 2000, 3000])[1 + floor(${rnd(`'rr' || h.i || ':' || k`)} * 3)::int] as rate_bp,
				b.cents as budget, h.ends
			from h_hh h join h_budget b on b.partner = h.partner and b.kids = h.kids
			cross join lateral generate_series(0, ${Math.ceil(months / 9) + 1}) k
			cross join lateral (select (h.start_day + make_interval(months => 9 * k))::date as vf) v
			where vf <= ${lit(endDay)}::date and (k = 0 or not h.ends);
		alter table h_rights add column valid_to date;
		update h_rights set valid_to = (valid_from + make_interval(months => 3 * (renewals + 1)))::date - 1;
		update h_rights set valid_to = ${lit(endDay)}::date + 45 where valid_to between ${lit(endDay)}::date - 7 and ${lit(endDay)}::date + 30;
		insert into rights (id, organisation_id, household_id, valid_from, valid_to, rate_bp, monthly_budget_cents, budget_basis, renewals, status, status_reason, issued_by, created_at)
			select id, ${org}, household_id, valid_from, valid_to, coalesce(rate_bp, ${rateDefaultBp}), budget, ${lit(budgetBasis)}, renewals,
				case when ends and ${rnd(`'rv' || i`)} < 0.3 and valid_to < ${lit(endDay)}::date then 'revoked' else 'active' end::right_status,
				case when ends and ${rnd(`'rv' || i`)} < 0.3 and valid_to < ${lit(endDay)}::date then 'Fin de l''accompagnement' end,
				${user}, (valid_from::timestamp + time '10:00') at time zone ${lit(zone)}
			from h_rights;`);

	// A tablet for the history's tills (revoked: it runs no till today).
	const device = await one<{ id: string }>(`
		insert into devices (organisation_id, site_id, name, token_hash, enrolled_by, created_at, revoked_at, revoked_by)
			values (${org}, ${lit(ctx.site_id)}, 'Tablette de caisse (historique)', 'history:' || gen_random_uuid()::text, ${user},
				(${lit(startDay)}::timestamp + time '08:00') at time zone ${lit(zone)}, (${lit(endDay)}::timestamp + time '20:00') at time zone ${lit(zone)}, ${user})
			returning id::text as id`);
	const dev = lit(device.id) + '::uuid';
	const counters = await one<{ last_sale: number; last_z: number; last_lot: number }>(`
		select coalesce((select last_sale from till_counters where organisation_id = ${org}), 0)::int as last_sale,
			coalesce((select last_z from till_counters where organisation_id = ${org}), 0)::int as last_z,
			coalesce((select last_lot from stock_counters where organisation_id = ${org}), 0)::int as last_lot`);

	// Visits: per household, month and visit, an opening day of that month inside one of its rights.
	const per = Math.max(1, Math.ceil(visits));
	await run(`
		create temp table h_months on commit drop as
			select m::date as month, (select array_agg(day order by day) from h_days where date_trunc('month', day) = m) as days
			from generate_series(date_trunc('month', ${lit(startDay)}::date), ${lit(endDay)}::date, interval '1 month') m;
		create temp table h_sales on commit drop as
			select gen_random_uuid() as id, v.household_id, r.id as right_id, v.day, r.rate_bp, r.budget,
				((v.day::timestamp + time '09:30' + make_interval(secs => floor(${rnd(`'st' || v.i || ':' || v.month || ':' || v.j`)} * 28800)::int)) at time zone ${lit(zone)}) as at
			from (
				select h.id as household_id, h.i, mo.month, j, mo.days[1 + floor(${rnd(`'sd' || h.i || ':' || mo.month || ':' || j`)} * array_length(mo.days, 1))::int] as day
				from h_hh h cross join h_months mo cross join generate_series(1, ${per}) j
				where mo.days is not null and ${rnd(`'sk' || h.i || ':' || mo.month || ':' || j`)} < ${visits / per}
			) v
			join h_rights r on r.household_id = v.household_id and v.day between r.valid_from and r.valid_to
			where v.day >= ${lit(startDay)}::date;
		create temp table h_sessions on commit drop as
			select gen_random_uuid() as id, day, (${counters.last_z} + row_number() over (order by day))::int as z
			from (select distinct day from h_sales) d;
		alter table h_sales add column session_id uuid, add column n int;
		update h_sales s set session_id = x.id from h_sessions x where x.day = s.day;
		update h_sales s set n = x.n from (select id, (${counters.last_sale} + row_number() over (order by at, id))::int as n from h_sales) x where x.id = s.id;`);

	// Lines: 5 different products a basket (fewer if the catalogue is smaller); lots are per product and week (below).
	const lines = Math.min(5, ctx.np);
	await run(`
		create temp table h_lines on commit drop as
			select gen_random_uuid() as id, s.id as sale_id, ln as line_no, p.idx as pidx, p.id as product_id, p.category_id, p.unit, p.price,
				date_trunc('week', s.day)::date as week,
				case p.unit when 'piece' then 1 + floor(${rnd(`'lq' || s.n || ':' || ln`)} * 2)::int when 'kg' then 250 * (1 + floor(${rnd(`'lq' || s.n || ':' || ln`)} * 6)::int) else 1000 end as quantity,
				s.at, s.n, s.rate_bp, s.session_id
			from h_sales s cross join generate_series(1, ${lines}) ln
			join h_products p on p.idx = (floor(${rnd(`'lb' || s.n`)} * ${ctx.np})::int + ln) % ${ctx.np};
		create temp table h_lots on commit drop as
			select gen_random_uuid() as id, x.*, o.id as origin_id, o.fse, o.kind as origin_kind, p.location_id, p.date_type, p.unit,
				case when ${rnd(`'ll' || x.pidx || ':' || x.week`)} < 0.08 then (case p.unit when 'piece' then 1 else 500 end) else 0 end as lost,
				case when ${rnd(`'lc' || x.pidx || ':' || x.week`)} < 0.05 then (case when ${rnd(`'ls' || x.pidx || ':' || x.week`)} < 0.3 and x.sold >= 2 and p.unit = 'piece' then 1 else -(case p.unit when 'piece' then 1 else 100 end) end) else 0 end as counted
			from (select product_id, pidx, week, sum(quantity)::int as sold from h_lines group by product_id, pidx, week) x
			join h_products p on p.id = x.product_id
			join h_origins o on o.idx = floor(${rnd(`'lo' || x.pidx || ':' || x.week`)} * ${ctx.no})::int;
		alter table h_lots add column code text, add column received int, add column reception_id uuid, add column received_at timestamptz, add column closed_at timestamptz;
		update h_lots set received = sold + lost - counted,
			received_at = ((week - 7 + 7)::timestamp + time '08:00') at time zone ${lit(zone)},
			closed_at = ((least(week + 5, ${lit(endDay)}::date))::timestamp + time '19:00') at time zone ${lit(zone)};
		update h_lots l set code = 'L-' || lpad(x.n::text, 6, '0') from (select id, ${counters.last_lot} + row_number() over (order by week, pidx) as n from h_lots) x where x.id = l.id;
		create temp table h_receptions on commit drop as
			select gen_random_uuid() as id, origin_id, origin_kind, week, min(received_at) as at from h_lots group by origin_id, origin_kind, week;
		update h_lots l set reception_id = r.id from h_receptions r where r.origin_id = l.origin_id and r.week = l.week;`);

	// Receptions, lots, reception lines and the ledger.
	await run(`
		insert into receptions (id, organisation_id, origin_id, delivery_note, delivered_weight_grams, status, created_by, validated_by, validated_at, created_at, updated_at)
			select r.id, ${org}, r.origin_id, 'BL-' || to_char(r.week, 'IYYY-IW'),
				case when r.origin_kind = 'food_bank' then (select nullif(sum(case l.unit when 'kg' then l.received when 'piece' then l.received * p.weight else l.received * p.weight / 1000 end), 0)::int
					from h_lots l join h_products p on p.id = l.product_id where l.reception_id = r.id) end,
				'validated', ${stockOn(dayOf('r.at'))}, ${user}, r.at, r.at, r.at
			from h_receptions r;
		insert into lots (id, organisation_id, code, product_id, origin_id, reception_id, date, date_type, location_id, on_hand, created_at)
			select id, ${org}, code, product_id, origin_id, reception_id,
				case date_type when 'dlc' then week + 10 when 'ddm' then week + 180 end, date_type::date_type, location_id, 0, received_at
			from h_lots;
		insert into reception_lines (organisation_id, reception_id, product_id, quantity, expected_quantity, date, date_type, location_id, lot_id, created_at)
			select ${org}, reception_id, product_id, received, received, case date_type when 'dlc' then week + 10 when 'ddm' then week + 180 end, date_type::date_type, location_id, id, received_at
			from h_lots;
		alter table h_lines add column lot_id uuid, add column fse boolean, add column mid bigint, add column reference int, add column paid int;
		update h_lines x set lot_id = l.id, fse = l.fse from h_lots l where l.product_id = x.product_id and l.week = x.week;
		update h_lines set mid = nextval(pg_get_serial_sequence('stock_movements', 'id')),
			reference = case unit when 'piece' then quantity * price else round(quantity::numeric * price / 1000)::int end;
		update h_lines set paid = case when fse then 0 else ((2::bigint * reference * rate_bp + 10000) / 20000)::int end;
		insert into stock_movements (organisation_id, lot_id, quantity, kind, from_location_id, to_location_id, user_id, at)
			select ${org}, id, received, 'reception', null, location_id, ${stockOn(dayOf('received_at'))}, received_at from h_lots;
		insert into stock_movements (organisation_id, lot_id, quantity, kind, note, from_location_id, to_location_id, user_id, at)
			select ${org}, id, counted, 'count', 'historique', location_id, location_id, ${stockOn(dayOf('received_at'))}, received_at + interval '5 minutes' from h_lots where counted > 0;
		insert into stock_movements (id, organisation_id, lot_id, quantity, kind, reason, note, from_location_id, to_location_id, user_id, device_id, at)
			select x.mid, ${org}, x.lot_id, -x.quantity, 'sale', 'sale', 'V-' || lpad(x.n::text, 6, '0'), l.location_id, l.location_id, ${tillOn(dayOf('x.at'))}, ${dev}, x.at
			from h_lines x join h_lots l on l.id = x.lot_id;
		insert into stock_movements (organisation_id, lot_id, quantity, kind, reason, from_location_id, to_location_id, user_id, at)
			select ${org}, id, -lost, 'loss', (${arr(LOSS_REASONS)})[1 + floor(${rnd(`'lr' || code`)} * ${LOSS_REASONS.length})::int], location_id, location_id, ${stockOn(dayOf('closed_at'))}, closed_at
			from h_lots where lost > 0;`);

	// Counts: one validated count per location and week, its lines and its (negative) adjustments.
	await run(`
		create temp table h_counts on commit drop as
			select gen_random_uuid() as id, location_id, week, min(closed_at) + interval '30 minutes' as at from h_lots where counted < 0 group by location_id, week;
		insert into stock_counts (id, organisation_id, location_id, status, created_by, validated_by, validated_at, created_at)
			select id, ${org}, location_id, 'validated', ${stockOn(dayOf('at'))}, ${user}, at, at - interval '20 minutes' from h_counts;
		insert into stock_count_lines (organisation_id, count_id, lot_id, counted, expected, counted_by, at)
			select ${org}, c.id, l.id, 0, -l.counted, ${stockOn(dayOf('c.at'))}, c.at - interval '10 minutes' from h_lots l join h_counts c on c.location_id = l.location_id and c.week = l.week where l.counted < 0;
		insert into stock_movements (organisation_id, lot_id, quantity, kind, note, from_location_id, to_location_id, user_id, at)
			select ${org}, l.id, l.counted, 'count', 'count:' || c.id, l.location_id, l.location_id, ${stockOn(dayOf('c.at'))}, c.at
			from h_lots l join h_counts c on c.location_id = l.location_id and c.week = l.week where l.counted < 0;`);

	// Sales, their lines, payments and budget uses; sessions with their Z report.
	await run(`
		create temp table h_totals on commit drop as
			select s.id, s.n, s.session_id, s.right_id, s.day, s.at, s.rate_bp, s.budget, s.household_id,
				sum(x.reference)::int as reference, sum(x.paid)::int as paid, sum(case when x.fse then x.reference else 0 end)::int as fse,
				sum(case when x.fse then 0 when ${lit(budgetBasis)} = 'reference_value' then x.reference else x.paid end)::int as budget_used,
				(array['cash', 'cash', 'cash', 'card', 'card', 'cheque'])[1 + floor(${rnd(`'pm' || s.n`)} * 6)::int] as method
			from h_sales s join h_lines x on x.sale_id = s.id
			group by s.id, s.n, s.session_id, s.right_id, s.day, s.at, s.rate_bp, s.budget, s.household_id;
		insert into till_sessions (id, organisation_id, device_id, status, float_cents, opened_by, opened_at, closed_by, closed_at, z_number, note)
			select id, ${org}, ${dev}, 'closed', 5000, ${tillOn('h_sessions.day')}, (day::timestamp + time '09:00') at time zone ${lit(zone)}, ${tillOn('h_sessions.day')},
				(day::timestamp + time '18:30') at time zone ${lit(zone)}, z, 'historique'
			from h_sessions;
		insert into sales (id, organisation_id, number, session_id, idempotency_key, request_hash, household_id, right_id, day, rate_bp, budget_basis,
				reference_cents, paid_cents, fse_cents, budget_cents, budget_left_cents, user_id, device_id, at)
			select id, ${org}, 'V-' || lpad(n::text, 6, '0'), session_id, 'historique-' || id, md5(id::text), household_id, right_id, day, rate_bp, ${lit(budgetBasis)},
				reference, paid, fse, budget_used,
				greatest(0, budget - sum(budget_used) over (partition by right_id, date_trunc('month', day) order by at, id)), ${tillOn('h_totals.day')}, ${dev}, at
			from h_totals;
		insert into sale_lines (organisation_id, sale_id, line_no, lot_id, product_id, category_id, quantity, unit_price_cents, reference_cents, paid_cents, fse, movement_id)
			select ${org}, sale_id, line_no, lot_id, product_id, category_id, quantity, price, reference, paid, fse, mid from h_lines;
		insert into sale_payments (organisation_id, session_id, sale_id, method, amount_cents, seq, tendered_cents, change_cents, at)
			select ${org}, session_id, id, method::payment_method, paid, 1, case when method = 'cash' then paid end, case when method = 'cash' then 0 end, at
			from h_totals where paid > 0;
		insert into right_budget_uses (organisation_id, right_id, month, amount_cents, source, at)
			select ${org}, right_id, date_trunc('month', day)::date, budget_used, 'vente:historique-' || id, at from h_totals where budget_used > 0;`);

	// Returns: about one sale in 300 brings back its first paid line (goods thrown away: a return then a loss).
	await run(`
		create temp table h_returns on commit drop as
			select gen_random_uuid() as id, t.id as sale_id, t.session_id, t.right_id, t.day, t.method, t.at + interval '20 minutes' as at,
				sl.id as line_id, sl.lot_id, sl.quantity, sl.paid_cents as refund, sl.reference_cents as reference,
				case when ${lit(budgetBasis)} = 'reference_value' then sl.reference_cents else sl.paid_cents end as budget
			from h_totals t join sale_lines sl on sl.sale_id = t.id and sl.line_no = 1 and not sl.fse and sl.paid_cents > 0
			where ${rnd(`'rt' || t.n`)} < 0.0033;
		insert into sale_returns (id, organisation_id, sale_id, session_id, idempotency_key, reason, refund_cents, reference_cents, budget_restored_cents, user_id, device_id, at)
			select id, ${org}, sale_id, session_id, 'historique-retour-' || id, 'Produit abîmé', refund, reference, budget, ${tillOn(dayOf('at'))}, ${dev}, at from h_returns;
		insert into sale_return_lines (organisation_id, return_id, sale_line_id, quantity, disposition, refund_cents, reference_cents, budget_cents)
			select ${org}, id, line_id, quantity, 'loss', refund, reference, budget from h_returns;
		insert into sale_payments (organisation_id, session_id, sale_id, return_id, method, amount_cents, seq, at)
			select ${org}, session_id, sale_id, id, method::payment_method, -refund, 1, at from h_returns;
		insert into right_budget_uses (organisation_id, right_id, month, amount_cents, source, at)
			select ${org}, right_id, date_trunc('month', day)::date, -budget, 'retour:historique-' || id, at from h_returns where budget > 0;
		insert into stock_movements (organisation_id, lot_id, quantity, kind, note, from_location_id, to_location_id, user_id, device_id, at)
			select ${org}, r.lot_id, r.quantity, 'return', 'historique', l.location_id, l.location_id, ${tillOn(dayOf('r.at'))}, ${dev}, r.at from h_returns r join h_lots l on l.id = r.lot_id;
		insert into stock_movements (organisation_id, lot_id, quantity, kind, reason, note, from_location_id, to_location_id, user_id, device_id, at)
			select ${org}, r.lot_id, -r.quantity, 'loss', 'return', 'historique', l.location_id, l.location_id, ${tillOn(dayOf('r.at'))}, ${dev}, r.at from h_returns r join h_lots l on l.id = r.lot_id;`);

	// Z reports as the till keeps them at closing (computeTotals' shape; counted = expected: no difference).
	await run(`
		update till_sessions ts set z_report = jsonb_build_object(
				'sales', z.sales, 'returns', z.returns, 'referenceCents', z.reference, 'paidCents', z.paid, 'savedCents', z.reference - z.paid,
				'fseCents', z.fse, 'refundedCents', z.refunded,
				'byMethod', jsonb_build_object('cash', z.cash, 'card', z.card, 'cheque', z.cheque),
				'cashInCents', 0, 'cashOutCents', 0, 'floatCents', ts.float_cents,
				'expected', jsonb_build_object('cash', ts.float_cents + z.cash, 'card', z.card, 'cheque', z.cheque),
				'counted', jsonb_build_object('cash', ts.float_cents + z.cash, 'card', z.card, 'cheque', z.cheque),
				'difference', jsonb_build_object('cash', 0, 'card', 0, 'cheque', 0))
			from (
				select h.id, coalesce(t.sales, 0)::int as sales, coalesce(r.returns, 0)::int as returns, coalesce(t.reference, 0)::int as reference,
					coalesce(t.paid, 0)::int as paid, coalesce(t.fse, 0)::int as fse, coalesce(r.refunded, 0)::int as refunded,
					coalesce(p.cash, 0)::int as cash, coalesce(p.card, 0)::int as card, coalesce(p.cheque, 0)::int as cheque
				from h_sessions h
				left join (select session_id, count(*) as sales, sum(reference) as reference, sum(paid) as paid, sum(fse) as fse from h_totals group by session_id) t on t.session_id = h.id
				left join (select session_id, count(*) as returns, sum(refund) as refunded from h_returns group by session_id) r on r.session_id = h.id
				left join (select session_id, sum(amount_cents) filter (where method = 'cash') as cash, sum(amount_cents) filter (where method = 'card') as card,
						sum(amount_cents) filter (where method = 'cheque') as cheque
					from sale_payments where organisation_id = ${org} and session_id in (select id from h_sessions) group by session_id) p on p.session_id = h.id
			) z where ts.id = z.id;`);

	// Counters: the app's next lot code, sale number and Z number come after the history's.
	type Counted = 'households' | 'rights' | 'sessions' | 'sales' | 'lines' | 'lots' | 'receptions' | 'returns' | 'losses' | 'counts';
	const summary = await one<Record<Counted, number> & { last_z: number | null; last_sale: number | null }>(`
		select (select count(*) from h_hh)::int as households, (select count(*) from h_rights)::int as rights, (select count(*) from h_sessions)::int as sessions,
			(select count(*) from h_sales)::int as sales, (select count(*) from h_lines)::int as lines, (select count(*) from h_lots)::int as lots,
			(select count(*) from h_receptions)::int as receptions, (select count(*) from h_returns)::int as returns,
			(select count(*) from h_lots where lost > 0)::int + (select count(*) from h_returns)::int as losses,
			(select count(*) from h_lots where counted <> 0)::int as counts,
			(select max(z) from h_sessions)::int as last_z, (select max(n) from h_sales)::int as last_sale`);
	await run(`
		insert into stock_counters (organisation_id, last_lot) values (${org}, ${counters.last_lot + summary.lots})
			on conflict (organisation_id) do update set last_lot = excluded.last_lot;
		insert into till_counters (organisation_id, last_sale, last_z) values (${org}, ${summary.last_sale ?? counters.last_sale}, ${summary.last_z ?? counters.last_z})
			on conflict (organisation_id) do update set last_sale = excluded.last_sale, last_z = excluded.last_z;`);
	const movements = summary.lots + summary.lines + summary.returns * 2 + (summary.losses - summary.returns) + summary.counts;
	return {
		households: summary.households,
		rights: summary.rights,
		sessions: summary.sessions,
		sales: summary.sales,
		lines: summary.lines,
		lots: summary.lots,
		receptions: summary.receptions,
		movements,
		returns: summary.returns,
		losses: summary.losses,
		counts: summary.counts,
		from: startDay,
		to: endDay
	};
}
