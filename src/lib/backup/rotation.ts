import { dayInZone, DEFAULT_TIME_ZONE } from '$lib/format';

/** One backup as rotation sees it: its name, when it was taken, whether it passed its check. */
export interface RotationItem {
	name: string;
	at: Date;
	ok: boolean;
}

export interface RotationPolicy {
	/** The newest good backup of each of the last N days (today included) is kept. */
	keepDaily: number;
	/** The newest good backup of each of the last N ISO weeks (this week included) is kept. */
	keepWeekly: number;
	/** Days and weeks are counted in this zone (the organisation's: Europe/Paris by default). */
	zone?: string;
}

const DAY_MS = 86_400_000;

/** "2026-12-01" → the ISO week it falls in, as "2026-W49" (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
	const year = thursday.getUTCFullYear();
	const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The N calendar days ending on `today` (YYYY-MM-DD), today first. */
function lastDays(today: string, n: number): string[] {
	const t = Date.parse(`${today}T00:00:00Z`);
	return Array.from({ length: Math.max(0, n) }, (_, i) => new Date(t - i * DAY_MS).toISOString().slice(0, 10));
}

/**
 * Which backups to keep (the others are deleted):
 * - every backup, good or failed, of the last 24 hours;
 * - the newest good backup of each of the last `keepDaily` days and of each of the last `keepWeekly`
 *   ISO weeks, days and weeks counted in `zone`;
 * - and always the newest good backup, however old (never left with none).
 * A failed backup older than a day is never kept. Backups dated in the future (a clock set back) are
 * kept: nothing is deleted on a date we cannot place.
 */
export function backupsToKeep(items: readonly RotationItem[], now: Date, policy: RotationPolicy): Set<string> {
	const zone = policy.zone ?? DEFAULT_TIME_ZONE;
	const keep = new Set<string>();
	for (const b of items) if (b.at.getTime() > now.getTime() - DAY_MS) keep.add(b.name);
	const good = items.filter((b) => b.ok).sort((a, b) => b.at.getTime() - a.at.getTime() || (a.name < b.name ? 1 : -1));
	if (good[0]) keep.add(good[0].name);
	const today = dayInZone(now, zone);
	const days = new Set(lastDays(today, policy.keepDaily));
	const weeks = new Set(lastDays(today, Math.max(0, policy.keepWeekly) * 7).map(isoWeek));
	// Only the weeks among the last keepWeekly (this one and keepWeekly − 1 before it).
	const wantedWeeks = new Set([...weeks].sort().reverse().slice(0, Math.max(0, policy.keepWeekly)));
	const seenDays = new Set<string>();
	const seenWeeks = new Set<string>();
	for (const b of good) {
		const day = dayInZone(b.at, zone);
		if (days.has(day) && !seenDays.has(day)) {
			seenDays.add(day);
			keep.add(b.name);
		}
		const week = isoWeek(day);
		if (wantedWeeks.has(week) && !seenWeeks.has(week)) {
			seenWeeks.add(week);
			keep.add(b.name);
		}
	}
	return keep;
}
