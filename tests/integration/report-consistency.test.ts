// Issue 12, "one source of truth": on months of generated history (the demo's), the dashboard and the
// reports behind its figures give the same numbers for the same month — households, people, visits,
// values, kg received, distributed and lost — and the annual report adds the months up.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '$lib/server/db/schema';
import type { Report } from '$lib/reports/model';
import { runDashboard } from '$lib/server/reports/dashboard';
import { runReport } from '$lib/server/reports/registry';
import { seedDemo } from '$lib/server/seed';
import { useTestDatabase } from '../helpers/db';
import { actorOf } from '../helpers/fixtures';

const t = useTestDatabase();
const now = new Date('2026-12-01T10:00:00Z');
const figures = (r: Report): Record<string, number | null> => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));
const month = (from: string) => new URLSearchParams({ period: 'month', from });

describe('the dashboard and the reports agree', () => {
	it('gives the same figures for the same month, whichever page shows them', async () => {
		await seedDemo(t.db, { today: '2026-12-01', historyMonths: 4 });
		const [sophie] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, 'sophie'));
		const manager = await actorOf(t.db, sophie!.id);
		let visitsInYear = 0;
		for (const from of ['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01']) {
			const dash = figures(await runDashboard(t.db, manager, month(from), { now }));
			const flows = figures(await runReport(t.db, manager, 'flows', month(from), { now }));
			const losses = figures(await runReport(t.db, manager, 'losses', month(from), { now }));
			const sales = figures(await runReport(t.db, manager, 'sales', month(from), { now }));
			const households = figures(await runReport(t.db, manager, 'households', month(from), { now }));
			// The history (four months back from 30 November: from 31 July) has activity every month: real figures, not zeros.
			expect(dash.visits, from).toBeGreaterThan(0);
			expect(dash.received, from).toBeGreaterThan(0);

			expect(dash.households, from).toBe(households.households);
			expect(dash.people, from).toBe(households.people);
			expect(dash.visits, from).toBe(households.visits);
			expect(dash.visits, from).toBe(sales.sales);
			expect(dash.reference, from).toBe(sales.referenceCents);
			expect(dash.paid, from).toBe(sales.paidCents);
			expect(dash.fse, from).toBe(sales.fseCents);
			// Flows keep FSE+ apart; the dashboard counts every origin.
			expect(dash.received!, from).toBeCloseTo((flows.received ?? 0) + (flows.fseReceived ?? 0), 3);
			expect(dash.distributed!, from).toBeCloseTo((flows.distributed ?? 0) + (flows.fseDistributed ?? 0), 3);
			expect(dash.lost ?? 0, from).toBeCloseTo(losses.grams ?? 0, 3);
			expect(dash.lostValue, from).toBe(losses.cents);
			visitsInYear += dash.visits!;
		}
		// The annual report (2026) is the sum of these months (the history began on 31 July).
		const annual = figures(await runReport(t.db, manager, 'annual', new URLSearchParams({ period: 'year', from: '2026-01-01' }), { now }));
		expect(annual.visits).toBe(visitsInYear);
	});
});
