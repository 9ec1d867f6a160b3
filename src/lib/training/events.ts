import { m } from '$lib/paraglide/messages';
import type { AuditAction } from '$lib/auditEvents';

/**
 * Work events: what the training record is built from (issue 13, docs/training.md). A closed union:
 * each type has its French (and English) label and the skills of the seeded framework it gives evidence
 * of, checked by the type checker (a missing label or mapping does not compile) and by a unit test.
 *
 * Most work events are audited actions: `audit()` writes the work event in the same statement batch
 * (server/training/events.ts). `stock.corrected` is the one that is not: it is written for the person
 * whose movement a supervisor corrected.
 */

/** Audited actions that are also work events. */
const AUDITED = [
	'reception.create',
	'reception.line_add',
	'reception.line_remove',
	'reception.weight',
	'reception.validate',
	'product.quick_create',
	'labels.print',
	'stock.move',
	'stock.split',
	'stock.loss',
	'stock.rescue',
	'count.start',
	'count.line',
	'count.validate',
	'till.open',
	'till.lookup',
	'till.sale',
	'till.refused',
	'till.override',
	'till.basket_hold',
	'till.return',
	'till.cash_in',
	'till.cash_out',
	'till.close',
	// Food parcels (issue 14): the handover (days helper)
	'parcel.handover',
	'parcel.prepared',
	// The ressourcerie (issue 15): weighing, sorting and pricing, labelling, selling, exits
	'reuse.weighing',
	'reuse.item',
	'reuse.price',
	'reuse.labels',
	'reuse.sale',
	'reuse.exit'
] as const satisfies readonly AuditAction[];

export const WORK_EVENT_TYPES = [...AUDITED, 'stock.corrected'] as const;
export type WorkEventType = (typeof WORK_EVENT_TYPES)[number];
export const isWorkEventType = (v: unknown): v is WorkEventType => typeof v === 'string' && (WORK_EVENT_TYPES as readonly string[]).includes(v);

/** What a person did, in a few words ("Ranger un lot"). */
export const WORK_EVENT_LABELS: Record<WorkEventType, () => string> = {
	'reception.create': m.work_reception_create,
	'reception.line_add': m.work_reception_line_add,
	'reception.line_remove': m.work_reception_line_remove,
	'reception.weight': m.work_reception_weight,
	'reception.validate': m.work_reception_validate,
	'product.quick_create': m.work_product_quick_create,
	'labels.print': m.work_labels_print,
	'stock.move': m.work_stock_move,
	'stock.split': m.work_stock_split,
	'stock.loss': m.work_stock_loss,
	'stock.rescue': m.work_stock_rescue,
	'stock.corrected': m.work_stock_corrected,
	'count.start': m.work_count_start,
	'count.line': m.work_count_line,
	'count.validate': m.work_count_validate,
	'till.open': m.work_till_open,
	'till.lookup': m.work_till_lookup,
	'till.sale': m.work_till_sale,
	'till.refused': m.work_till_refused,
	'till.override': m.work_till_override,
	'till.basket_hold': m.work_till_basket_hold,
	'till.return': m.work_till_return,
	'till.cash_in': m.work_till_cash_in,
	'till.cash_out': m.work_till_cash_out,
	'till.close': m.work_till_close,
	// Food parcels (issue 14): the handover (days helper)
	'parcel.handover': m.work_parcel_handover,
	'parcel.prepared': m.work_parcel_prepared,
	'reuse.weighing': m.work_reuse_weighing,
	'reuse.item': m.work_reuse_item,
	'reuse.price': m.work_reuse_price,
	'reuse.labels': m.work_reuse_labels,
	'reuse.sale': m.work_reuse_sale,
	'reuse.exit': m.work_reuse_exit
};

export const workEventLabel = (type: string): string => (isWorkEventType(type) ? WORK_EVENT_LABELS[type]() : type);

/** The pictogram shown beside each kind of work (names of $lib/components/Icon). */
export const WORK_EVENT_AREA: Record<WorkEventType, 'reception' | 'stock' | 'count' | 'till' | 'parcels' | 'reuse'> = {
	'reception.create': 'reception',
	'reception.line_add': 'reception',
	'reception.line_remove': 'reception',
	'reception.weight': 'reception',
	'reception.validate': 'reception',
	'product.quick_create': 'reception',
	'labels.print': 'reception',
	'stock.move': 'stock',
	'stock.split': 'stock',
	'stock.loss': 'stock',
	'stock.rescue': 'stock',
	'stock.corrected': 'stock',
	'count.start': 'count',
	'count.line': 'count',
	'count.validate': 'count',
	'till.open': 'till',
	'till.lookup': 'till',
	'till.sale': 'till',
	'till.refused': 'till',
	'till.override': 'till',
	'till.basket_hold': 'till',
	'till.return': 'till',
	'till.cash_in': 'till',
	'till.cash_out': 'till',
	'till.close': 'till',
	// Food parcels (issue 14): the handover (days helper)
	'parcel.handover': 'parcels',
	'parcel.prepared': 'parcels',
	'reuse.weighing': 'reuse',
	'reuse.item': 'reuse',
	'reuse.price': 'reuse',
	'reuse.labels': 'reuse',
	'reuse.sale': 'reuse',
	'reuse.exit': 'reuse'
};

/**
 * Quality signals: facts from the same data, shown as they are, never as a mark.
 * - corrections: a supervisor corrected one of the person's stock movements (`stock.corrected`);
 * - refusals: the till refused a sale the person tried (DLC past, a limit, the budget) (`till.refused`);
 * - cash differences: till closings with a difference (`till.close` with a non-zero signal, in cents);
 * - count differences: counted lines that differed from the expected quantity (`count.line`, signal ≠ 0).
 */
export const QUALITY_SIGNALS = ['corrections', 'refusals', 'cash_differences', 'count_differences'] as const;
export type QualitySignal = (typeof QUALITY_SIGNALS)[number];
export const QUALITY_SIGNAL_OF: Record<QualitySignal, { type: WorkEventType; nonZeroSignal: boolean }> = {
	corrections: { type: 'stock.corrected', nonZeroSignal: false },
	refusals: { type: 'till.refused', nonZeroSignal: false },
	cash_differences: { type: 'till.close', nonZeroSignal: true },
	count_differences: { type: 'count.line', nonZeroSignal: true }
};
export const QUALITY_SIGNAL_LABELS: Record<QualitySignal, (p: { count: number }) => string> = {
	corrections: m.training_signal_corrections,
	refusals: m.training_signal_refusals,
	cash_differences: m.training_signal_cash_differences,
	count_differences: m.training_signal_count_differences
};

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const clamp = (n: number) => Math.max(-2_000_000_000, Math.min(2_000_000_000, n));

/**
 * How much work an audited action stands for (`quantity`: labels printed, else 1) and its quality signal
 * (a till closing: the sum of the differences' sizes in cents; a counted line: counted − expected), from
 * the audit details. Pure, so that the migration's backfill and the tests read it the same way.
 */
export function workMeasure(type: WorkEventType, details: unknown): { quantity: number; signal: number | null } {
	const d = isRecord(details) ? details : {};
	switch (type) {
		case 'labels.print':
		case 'reuse.labels':
			return { quantity: Math.max(0, Math.min(100_000, int(d.labels) ?? 1)), signal: null };
		case 'till.close': {
			const diff = isRecord(d.difference) ? d.difference : {};
			const gap = Object.values(diff).reduce<number>((s, v) => s + Math.abs(int(v) ?? 0), 0);
			return { quantity: 1, signal: clamp(gap) };
		}
		case 'count.line': {
			const counted = int(d.counted);
			const expected = int(d.expected);
			return { quantity: 1, signal: counted !== null && expected !== null ? clamp(counted - expected) : null };
		}
		default:
			return { quantity: 1, signal: null };
	}
}
