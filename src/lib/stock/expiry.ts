/**
 * The one DLC/DDM decision (docs/stock.md, "Dates of goods"): may this lot be sold or given today,
 * is it flagged? Pure, shared by the browser (the till's basket) and the server (reception, ledger,
 * till, returns, FEFO, alerts). Dates are shop days (YYYY-MM-DD in Europe/Paris, see `shopToday`).
 *
 * - DLC (use-by) past — the day after the date on — never sold nor given (`dlc_past`).
 * - DLC at most `dlcAlertDays` days ahead (when asked): sellable, flagged (`dlc_soon`).
 * - DDM (best-before) past: sellable and flagged while within `ddmGraceMonths` months after the date
 *   (`ddm_past`), then no longer (`ddm_too_old`).
 * - No date (or date type none): `ok`.
 */

export type DateType = 'dlc' | 'ddm' | 'none';
export type ExpiryState = 'ok' | 'dlc_soon' | 'dlc_past' | 'ddm_past' | 'ddm_too_old';

/** Months a DDM-past lot may still leave (organisation setting till.ddmGraceMonths). */
export const DEFAULT_DDM_GRACE_MONTHS = 3;

export interface ExpiryStatus {
	state: ExpiryState;
	/** May leave to a customer or a household today (sold or given). */
	sellable: boolean;
	/** Shown with a warning: DLC soon, DDM past (within the grace or beyond), DLC past. */
	flagged: boolean;
	/** The date is before today (DLC or DDM). */
	past: boolean;
}

/** The last day a DDM-past lot may leave: `graceMonths` months after the date (31 Jan + 1 month = 28/29 Feb). */
export function ddmGraceEnd(date: string, graceMonths: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	const day = d.getUTCDate();
	d.setUTCDate(1);
	d.setUTCMonth(d.getUTCMonth() + graceMonths);
	const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
	d.setUTCDate(Math.min(day, last));
	return d.toISOString().slice(0, 10);
}

/** True while `today` is at most `graceMonths` months after a DDM. */
export function ddmWithinGrace(date: string, today: string, graceMonths: number): boolean {
	return today <= ddmGraceEnd(date, graceMonths);
}

function plusDays(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/**
 * The lot's state today. `ddmGraceMonths` defaults to 3. `dlcAlertDays`: a DLC at most that many days
 * ahead is `dlc_soon` (the alerts' window, organisation setting stock.dlcAlertDays); left out, never.
 */
export function expiryStatus(
	lot: { dateType: DateType; date: string | null },
	today: string,
	ddmGraceMonths: number = DEFAULT_DDM_GRACE_MONTHS,
	dlcAlertDays?: number
): ExpiryStatus {
	if (lot.dateType === 'none' || lot.date === null) return { state: 'ok', sellable: true, flagged: false, past: false };
	const past = lot.date < today;
	if (lot.dateType === 'dlc') {
		if (past) return { state: 'dlc_past', sellable: false, flagged: true, past };
		if (dlcAlertDays !== undefined && lot.date <= plusDays(today, dlcAlertDays)) return { state: 'dlc_soon', sellable: true, flagged: true, past };
		return { state: 'ok', sellable: true, flagged: false, past };
	}
	if (!past) return { state: 'ok', sellable: true, flagged: false, past };
	if (ddmWithinGrace(lot.date, today, ddmGraceMonths)) return { state: 'ddm_past', sellable: true, flagged: true, past };
	return { state: 'ddm_too_old', sellable: false, flagged: true, past };
}

/** The DLC is past: the lot never leaves (sale, distribution), never goes back to stock, is not received. */
export const isDlcPast = (lot: { dateType: DateType; date: string | null }, today: string) => expiryStatus(lot, today).state === 'dlc_past';
