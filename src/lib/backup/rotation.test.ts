import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayInZone } from '$lib/format';
import { backupsToKeep, isoWeek, type RotationItem } from './rotation';

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T18:00:00Z');

const itemsArb = fc
	.array(
		fc.record({
			// From 120 days ago to 2 days ahead (a clock set back), to the minute.
			offsetMin: fc.integer({ min: -120 * 24 * 60, max: 2 * 24 * 60 }),
			ok: fc.boolean()
		}),
		{ maxLength: 80 }
	)
	.map((xs) => xs.map((x, i): RotationItem => ({ name: `b${i}`, at: new Date(NOW.getTime() + x.offsetMin * 60_000), ok: x.ok })));
const policyArb = fc.record({ keepDaily: fc.integer({ min: 0, max: 20 }), keepWeekly: fc.integer({ min: 0, max: 10 }) });

describe('isoWeek', () => {
	it('numbers weeks as ISO 8601 does (Monday first, week 1 holds the first Thursday)', () => {
		expect(isoWeek('2026-12-01')).toBe('2026-W49');
		expect(isoWeek('2021-01-03')).toBe('2020-W53');
		expect(isoWeek('2024-12-30')).toBe('2025-W01');
		expect(isoWeek('2026-01-01')).toBe('2026-W01');
	});
});

describe('backupsToKeep', () => {
	it('keeps the last day whole, the newest good backup of each kept day and week, and nothing else', () => {
		fc.assert(
			fc.property(itemsArb, policyArb, (items, policy) => {
				const keep = backupsToKeep(items, NOW, policy);
				const zone = 'Europe/Paris';
				const today = Date.parse(`${dayInZone(NOW, zone)}T00:00:00Z`);
				const dayIndex = (b: RotationItem) => Math.round((today - Date.parse(`${dayInZone(b.at, zone)}T00:00:00Z`)) / DAY);
				const good = items.filter((b) => b.ok);
				const newestOf = (key: (b: RotationItem) => string) => {
					const m = new Map<string, RotationItem>();
					for (const b of good) {
						const k = key(b);
						const cur = m.get(k);
						if (!cur || b.at > cur.at || (b.at.getTime() === cur.at.getTime() && b.name > cur.name)) m.set(k, b);
					}
					return m;
				};
				const byDay = newestOf((b) => dayInZone(b.at, zone));
				const byWeek = newestOf((b) => isoWeek(dayInZone(b.at, zone)));
				const thisWeek = isoWeek(dayInZone(NOW, zone));
				const weeksBack = (w: string) => {
					// Count whole weeks between two Mondays.
					const monday = (iw: string) => {
						const [y, n] = iw.split('-W').map(Number) as [number, number];
						const jan4 = Date.UTC(y, 0, 4);
						return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY + (n - 1) * 7 * DAY;
					};
					return Math.round((monday(thisWeek) - monday(w)) / (7 * DAY));
				};
				const newestGood = [...good].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.name < b.name ? 1 : -1))[0];
				for (const b of items) {
					const recent = b.at.getTime() > NOW.getTime() - DAY;
					const d = dayInZone(b.at, zone);
					const w = isoWeek(d);
					const dailyPick = byDay.get(d) === b && dayIndex(b) >= 0 && dayIndex(b) < policy.keepDaily;
					const weeklyPick = byWeek.get(w) === b && weeksBack(w) >= 0 && weeksBack(w) < policy.keepWeekly;
					const expected = recent || dailyPick || weeklyPick || b === newestGood;
					expect(keep.has(b.name), `${b.name} ${b.at.toISOString()} ok=${b.ok}`).toBe(expected);
					if (!b.ok && !recent) expect(keep.has(b.name)).toBe(false);
				}
				// Rotating what was kept keeps it all: running it twice deletes nothing more.
				const kept = items.filter((b) => keep.has(b.name));
				expect(backupsToKeep(kept, NOW, policy)).toEqual(keep);
			}),
			{ numRuns: 300 }
		);
	});

	it('with the defaults, a year of backups every 6 hours leaves about 14 + 8 files plus the last day', () => {
		const items: RotationItem[] = Array.from({ length: 365 * 4 }, (_, i) => ({ name: `b${i}`, at: new Date(NOW.getTime() - i * 6 * 3600_000), ok: true }));
		const keep = backupsToKeep(items, NOW, { keepDaily: 14, keepWeekly: 8 });
		expect(keep.size).toBeGreaterThanOrEqual(14 + 8 - 3);
		expect(keep.size).toBeLessThanOrEqual(14 + 8 + 4);
		expect(keep.has('b0')).toBe(true);
		expect(keep.has(`b${365 * 4 - 1}`)).toBe(false);
	});

	it('never leaves no good backup: the newest good one stays, however old', () => {
		const items: RotationItem[] = [
			{ name: 'old', at: new Date(NOW.getTime() - 400 * DAY), ok: true },
			{ name: 'failed', at: new Date(NOW.getTime() - 3 * DAY), ok: false }
		];
		expect([...backupsToKeep(items, NOW, { keepDaily: 14, keepWeekly: 8 })]).toEqual(['old']);
	});
});
