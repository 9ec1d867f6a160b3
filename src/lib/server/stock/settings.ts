import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { MANAGE_ORGANISATION } from '$lib/permissions';
import { requireRole } from '../auth/roles';
import type { Database, Executor } from '../db';
import { organisations } from '../db/schema';
import { AppError } from '../errors';
import { readTillSettings } from '../till/settings';

/**
 * The stock settings of an organisation, flat keys of organisations.settings (docs/stock.md):
 * - `stock.dlcAlertDays` (0–60, default 3): a DLC at most this many days ahead shows in the alerts;
 * - `stock.countCheckPercent` (1–100, default 20) and `stock.countCheckUnits` (0–100 000, default 10,
 *   in pieces, kg or L): a count difference larger than BOTH needs the supervisor's reason at validation.
 * The DDM grace (`till.ddmGraceMonths`, default 3) is the till's setting, read here too.
 */
export interface StockSettings {
	dlcAlertDays: number;
	countCheckPercent: number;
	countCheckUnits: number;
	ddmGraceMonths: number;
}

export const DEFAULT_DLC_ALERT_DAYS = 3;
export const MAX_DLC_ALERT_DAYS = 60;
export const DEFAULT_COUNT_CHECK_PERCENT = 20;
export const DEFAULT_COUNT_CHECK_UNITS = 10;

const intIn = (v: unknown, min: number, max: number, dflt: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : dflt);

export function readStockSettings(orgSettings: Record<string, unknown> | null | undefined): StockSettings {
	const s = orgSettings ?? {};
	return {
		dlcAlertDays: intIn(s['stock.dlcAlertDays'], 0, MAX_DLC_ALERT_DAYS, DEFAULT_DLC_ALERT_DAYS),
		countCheckPercent: intIn(s['stock.countCheckPercent'], 1, 100, DEFAULT_COUNT_CHECK_PERCENT),
		countCheckUnits: intIn(s['stock.countCheckUnits'], 0, 100_000, DEFAULT_COUNT_CHECK_UNITS),
		ddmGraceMonths: readTillSettings(s).ddmGraceMonths
	};
}

/** The actor's organisation's stock settings (any reader of the stock). */
export async function stockSettings(ex: Executor, actor: Actor): Promise<StockSettings> {
	const [org] = await ex.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId));
	return readStockSettings(org?.settings as Record<string, unknown> | undefined);
}

/** A manager changes the alerts' window (days before a DLC), on the alerts page; audited with before and after. */
export async function setDlcAlertDays(db: Database, actor: Actor, days: string | number): Promise<{ days: number }> {
	requireRole(actor, MANAGE_ORGANISATION);
	const text = String(days).trim();
	const n = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
	if (!Number.isInteger(n) || n < 0 || n > MAX_DLC_ALERT_DAYS) {
		throw new AppError('invalid_input', m.stock_alert_days_invalid({ max: MAX_DLC_ALERT_DAYS }), 400, 'days');
	}
	return db.transaction(async (tx) => {
		const [org] = await tx.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId)).for('update');
		const settings = (org?.settings ?? {}) as Record<string, unknown>;
		const before = readStockSettings(settings).dlcAlertDays;
		await tx
			.update(organisations)
			.set({ settings: { ...settings, 'stock.dlcAlertDays': n } })
			.where(eq(organisations.id, actor.organisationId));
		await audit(tx, actor, 'stock.settings', null, { dlcAlertDays: { before, after: n } });
		return { days: n };
	});
}
