import { m } from '$lib/paraglide/messages';
import { fluxLabel } from '$lib/reuse/flux';
import { kgText } from '$lib/reuse/weighing';
import { money, signedMoney } from './format';
import { lossReasonLabel, rescueReasonLabel } from './stock/labels';
import { formatQuantity } from './stock/units';
import { methodLabel } from './till/format';
import { roleLabel } from './labels';
import { levelLabel } from './training/framework';
import { channelLabel } from './reuse/channels';

/**
 * The journal in French sentences: "Karim Benali a fermé la caisse Tablette 1 (Z n° 3) : écart espèces −0,48 €".
 * One sentence per audited action (AUDIT_ACTIONS is the central list: a test checks that every action
 * written by the code has its sentence). Households appear by their reference (FOY-0001), never by name.
 */

type Words = (p: { who: string; on: string }) => string;

/** Every action the application writes to the journal, with its sentence. */
const SENTENCES = {
	'api_token.create': m.audit_say_api_token_create,
	'api_token.revoke': m.audit_say_api_token_revoke,
	'auth.login': m.audit_say_auth_login,
	'auth.login_failed': m.audit_say_auth_login_failed,
	'auth.logout': m.audit_say_auth_logout,
	'auth.logout_everywhere': m.audit_say_auth_logout_everywhere,
	'auth.pin_failed': m.audit_say_auth_pin_failed,
	'auth.pin_locked': m.audit_say_auth_pin_locked,
	'auth.switch': m.audit_say_auth_switch,
	'backup.create': m.audit_say_backup_create,
	'category.create': m.audit_say_category_create,
	'category.defaults': m.audit_say_category_defaults,
	'count.line': m.audit_say_count_line,
	'count.move_here': m.audit_say_count_move_here,
	'count.start': m.audit_say_count_start,
	'count.validate': m.audit_say_count_validate,
	'device.enrol': m.audit_say_device_enrol,
	'device.revoke': m.audit_say_device_revoke,
	'household.application_submit': m.audit_say_household_application_submit,
	'household.budget_line_add': m.audit_say_household_budget_line_add,
	'household.budget_line_remove': m.audit_say_household_budget_line_remove,
	'household.card_issue': m.audit_say_household_card_issue,
	'household.card_reissue': m.audit_say_household_card_reissue,
	'household.card_revoke': m.audit_say_household_card_revoke,
	'household.committee': m.audit_say_household_committee,
	'household.create': m.audit_say_household_create,
	'household.decision': m.audit_say_household_decision,
	'household.desk': m.audit_say_household_desk,
	'household.erase': m.audit_say_household_erase,
	'household.export': m.audit_say_household_export,
	'household.member_add': m.audit_say_household_member_add,
	'household.member_remove': m.audit_say_household_member_remove,
	'household.open': m.audit_say_household_open,
	'household.retention_run': m.audit_say_household_retention_run,
	'household.search': m.audit_say_household_search,
	'household.settings': m.audit_say_household_settings,
	'household.update': m.audit_say_household_update,
	'labels.print': m.audit_say_labels_print,
	'location.create': m.audit_say_location_create,
	'location.deactivate': m.audit_say_location_deactivate,
	'location.reactivate': m.audit_say_location_reactivate,
	'location.update': m.audit_say_location_update,
	'organisation.create': m.audit_say_organisation_create,
	'organisation.time_zone': m.audit_say_organisation_time_zone,
	'origin.create': m.audit_say_origin_create,
	'origin.update': m.audit_say_origin_update,
	'product.create': m.audit_say_product_create,
	'product.import': m.audit_say_product_import,
	'product.quick_create': m.audit_say_product_quick_create,
	'product.update': m.audit_say_product_update,
	'reception.cancel': m.audit_say_reception_cancel,
	'reception.create': m.audit_say_reception_create,
	'reception.line_add': m.audit_say_reception_line_add,
	'reception.line_remove': m.audit_say_reception_line_remove,
	'reception.validate': m.audit_say_reception_validate,
	'reception.weight': m.audit_say_reception_weight,
	'right.issue': m.audit_say_right_issue,
	'right.limits': m.audit_say_right_limits,
	'right.renew': m.audit_say_right_renew,
	'right.resume': m.audit_say_right_resume,
	'right.revoke': m.audit_say_right_revoke,
	'right.suspend': m.audit_say_right_suspend,
	'site.create': m.audit_say_site_create,
	'site.deactivate': m.audit_say_site_deactivate,
	'site.reactivate': m.audit_say_site_reactivate,
	'site.update': m.audit_say_site_update,
	'stock.correct': m.audit_say_stock_correct,
	'stock.settings': m.audit_say_stock_settings,
	'stock.loss': m.audit_say_stock_loss,
	'stock.move': m.audit_say_stock_move,
	'stock.rescue': m.audit_say_stock_rescue,
	'stock.recall': m.audit_say_stock_recall,
	'stock.split': m.audit_say_stock_split,
	'till.basket_cancel': m.audit_say_till_basket_cancel,
	'till.basket_hold': m.audit_say_till_basket_hold,
	'till.basket_resume': m.audit_say_till_basket_resume,
	'till.cash_in': m.audit_say_till_cash_in,
	'till.cash_out': m.audit_say_till_cash_out,
	'till.close': m.audit_say_till_close,
	'till.held_cancel': m.audit_say_till_held_cancel,
	'till.lookup': m.audit_say_till_lookup,
	'till.lookup_refused': m.audit_say_till_lookup_refused,
	'till.open': m.audit_say_till_open,
	'till.override': m.audit_say_till_override,
	'till.refused': m.audit_say_till_refused,
	'till.return': m.audit_say_till_return,
	'till.sale': m.audit_say_till_sale,
	'till.settings': m.audit_say_till_settings,
	'training.contract_create': m.audit_say_training_contract_create,
	'training.contract_update': m.audit_say_training_contract_update,
	'training.erase': m.audit_say_training_erase,
	'training.exit': m.audit_say_training_exit,
	'training.read': m.audit_say_training_read,
	'training.retention_run': m.audit_say_training_retention_run,
	'training.settings': m.audit_say_training_settings,
	'training.review': m.audit_say_training_review,
	'training.skill_create': m.audit_say_training_skill_create,
	'training.skill_update': m.audit_say_training_skill_update,
	'training.validate': m.audit_say_training_validate,
	'user.badge_issue': m.audit_say_user_badge_issue,
	'user.badge_replace': m.audit_say_user_badge_replace,
	'user.badge_revoke': m.audit_say_user_badge_revoke,
	'user.change_refused': m.audit_say_user_change_refused,
	'user.create': m.audit_say_user_create,
	'user.deactivate': m.audit_say_user_deactivate,
	'user.password_change': m.audit_say_user_password_change,
	'user.password_change_failed': m.audit_say_user_password_change_failed,
	'user.password_set': m.audit_say_user_password_set,
	'user.pin_change': m.audit_say_user_pin_change,
	'user.pin_set': m.audit_say_user_pin_set,
	'user.pin_unlock': m.audit_say_user_pin_unlock,
	'user.reactivate': m.audit_say_user_reactivate,
	'user.update': m.audit_say_user_update,
	// Parcel rights (issue 14)
	'parcel_right.issue': m.audit_say_parcel_right_issue,
	'parcel_right.renew': m.audit_say_parcel_right_renew,
	'parcel_right.suspend': m.audit_say_parcel_right_suspend,
	'parcel_right.resume': m.audit_say_parcel_right_resume,
	'parcel_right.revoke': m.audit_say_parcel_right_revoke,
	// Parcels (issue 14): compositions and the parcels' settings.
	'parcel_template.create': m.audit_say_parcel_template_create,
	'parcel_template.update': m.audit_say_parcel_template_update,
	'parcel_template.deactivate': m.audit_say_parcel_template_deactivate,
	'parcel_template.reactivate': m.audit_say_parcel_template_reactivate,
	'parcels.settings': m.audit_say_parcels_settings,
	// Food parcels: distribution days, handover, sign-off (issue 14, docs/parcels.md)
	'distribution.plan': m.audit_say_distribution_plan,
	'distribution.add_household': m.audit_say_distribution_add_household,
	'distribution.absent': m.audit_say_distribution_absent,
	'distribution.present': m.audit_say_distribution_present,
	'distribution.close': m.audit_say_distribution_close,
	'distribution.signoff_read': m.audit_say_distribution_signoff_read,
	'parcel.handover': m.audit_say_parcel_handover,
	// Parcels: preparing (issue 14)
	'parcel.pick': m.audit_say_parcel_pick,
	'parcel.unpick': m.audit_say_parcel_unpick,
	'parcel.prepared': m.audit_say_parcel_prepared,
	// The ressourcerie (issue 15, docs/ressourcerie.md)
	'reuse.category_create': m.audit_say_reuse_category_create,
	'reuse.category_update': m.audit_say_reuse_category_update,
	'reuse.container_create': m.audit_say_reuse_container_create,
	'reuse.container_update': m.audit_say_reuse_container_update,
	'reuse.settings': m.audit_say_reuse_settings,
	'reuse.intake_create': m.audit_say_reuse_intake_create,
	'reuse.weighing': m.audit_say_reuse_weighing,
	'reuse.weighing_cancel': m.audit_say_reuse_weighing_cancel,
	'reuse.item': m.audit_say_reuse_item,
	'reuse.price': m.audit_say_reuse_price,
	'reuse.labels': m.audit_say_reuse_labels,
	'reuse.item_move': m.audit_say_reuse_item_move,
	'reuse.item_correct': m.audit_say_reuse_item_correct,
	'reuse.sale': m.audit_say_reuse_sale,
	'reuse.exit_create': m.audit_say_reuse_exit_create,
	'reuse.exit': m.audit_say_reuse_exit,
	'reuse.exit_cancel': m.audit_say_reuse_exit_cancel
} satisfies Record<string, Words>;

export type AuditAction = keyof typeof SENTENCES;
/** The central list of audited actions (the journal's filter offers them). */
export const AUDIT_ACTIONS = Object.keys(SENTENCES).sort() as AuditAction[];
export const isAuditAction = (a: string): a is AuditAction => Object.hasOwn(SENTENCES, a);

/** What describeAuditEvent needs of a journal row. */
export interface AuditEventLike {
	action: string;
	person?: string | null;
	device?: string | null;
	apiToken?: string | null;
	entityType?: string | null;
	/** What the entity is called now (a person, a site, a lot code, a till…); households are never named. */
	entityName?: string | null;
	details?: Record<string, unknown> | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const METHODS = ['cash', 'card', 'cheque'] as const;

/** The names of the fields an update changed ("name, zone"), from `{ before, after }` or `{ field: [a, b] }`. */
function changedFields(d: Record<string, unknown>): string[] {
	if (isRecord(d.before) && isRecord(d.after)) {
		const b = d.before;
		const a = d.after;
		return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
	}
	if (Array.isArray(d.fields)) return d.fields.filter((f): f is string => typeof f === 'string');
	return Object.entries(d)
		.filter(([, v]) => Array.isArray(v) && v.length === 2)
		.map(([k]) => k);
}

/** Why the till refused a sale (the codes of server/till/sales.ts's RULE_REFUSALS), in French. */
const REFUSALS: Record<string, () => string> = {
	dlc_past: m.audit_x_refused_dlc_past,
	ddm_too_old: m.audit_x_refused_ddm_too_old,
	lot_blocked: m.audit_x_refused_lot_blocked,
	limit_reached: m.audit_x_refused_limit_reached,
	budget_exceeded: m.audit_x_refused_budget_exceeded,
	right_not_valid: m.audit_x_refused_right_not_valid
};

/** The words after the colon: amounts, reasons, references, counts — never raw codes or JSON. */
function extras(action: string, d: Record<string, unknown>): string[] {
	const out: string[] = [];
	const ref = text(d.reference) ?? text(d.household);
	const cents = (k: string) => int(d[k]);
	switch (action) {
		// The ressourcerie's weighings (issue 15, intake): the flux and the net weight.
		case 'reuse.weighing':
		case 'reuse.weighing_cancel':
			if (text(d.flux)) out.push(fluxLabel(text(d.flux)!));
			if (int(d.netGrams) !== null) out.push(kgText(Math.abs(int(d.netGrams)!)));
			break;
		// Ressourcerie exits (issue 15): the exit's number, its channel and recipient, a line's flux, weight and item.
		case 'reuse.exit_create':
		case 'reuse.exit':
		case 'reuse.exit_cancel':
			if (text(d.number)) out.push(text(d.number)!);
			if (text(d.channel)) out.push(channelLabel(text(d.channel)!) + (text(d.recipient) ? ` (${text(d.recipient)})` : ''));
			if (text(d.flux)) out.push(fluxLabel(text(d.flux)!));
			if (int(d.netGrams) !== null) out.push(kgText(int(d.netGrams)!));
			if (text(d.code)) out.push(text(d.code)!);
			break;
		// Food parcels: distribution days, handover, sign-off (issue 14)
		case 'distribution.plan':
		case 'distribution.close':
		case 'distribution.signoff_read':
			if (text(d.day) && text(d.site)) out.push(m.audit_x_distribution_day({ day: text(d.day)!.split('-').reverse().join('/'), site: text(d.site)! }));
			if (action === 'distribution.close' && int(d.given) !== null)
				out.push(m.audit_x_parcels_given({ given: int(d.given)!, notCollected: int(d.notCollected) ?? 0, absent: int(d.absent) ?? 0 }));
			break;
		case 'parcel.handover':
			if (d.signed === false) out.push(m.audit_x_unsigned());
			if (cents('participationCents')) out.push(money(cents('participationCents')));
			break;
		case 'till.open':
			if (cents('floatCents') !== null) out.push(m.audit_x_float({ amount: money(cents('floatCents')) }));
			break;
		case 'till.close': {
			if (int(d.zNumber) !== null) out.push(m.audit_x_z({ number: int(d.zNumber)! }));
			const diff = isRecord(d.difference) ? d.difference : {};
			const gaps = METHODS.filter((k) => int(diff[k]) !== null && int(diff[k]) !== 0);
			if (gaps.length === 0 && isRecord(d.difference)) out.push(m.audit_x_no_gap());
			for (const k of gaps) out.push(m.audit_x_gap({ method: methodLabel(k).toLowerCase(), amount: signedMoney(int(diff[k])!) }));
			break;
		}
		case 'till.cash_in':
		case 'till.cash_out':
			if (cents('amountCents') !== null) out.push(money(cents('amountCents')));
			if (text(d.reason)) out.push(m.audit_x_reason({ reason: text(d.reason)! }));
			break;
		// A ressourcerie sale (issue 15) reads like a till sale: number, lines, paid.
		case 'till.sale':
		case 'reuse.sale':
			if (text(d.number)) out.push(m.audit_x_ticket({ number: text(d.number)! }));
			if (int(d.lines) !== null) out.push(m.audit_x_lines({ count: int(d.lines)! }));
			if (cents('paidCents') !== null) out.push(m.audit_x_paid({ amount: money(cents('paidCents')) }));
			if (text(d.overrideId)) out.push(m.audit_x_with_override());
			break;
		case 'till.return':
			if (text(d.number)) out.push(m.audit_x_ticket({ number: text(d.number)! }));
			if (int(d.lines) !== null) out.push(m.audit_x_lines({ count: int(d.lines)! }));
			if (cents('refundCents')) out.push(m.audit_x_refund({ amount: money(cents('refundCents')) }));
			if (cents('budgetCents')) out.push(m.audit_x_budget_back({ amount: money(cents('budgetCents')) }));
			if (text(d.reason)) out.push(m.audit_x_reason({ reason: text(d.reason)! }));
			break;
		case 'till.override':
			if (text(d.reason)) out.push(m.audit_x_reason({ reason: text(d.reason)! }));
			break;
		case 'till.refused': {
			const said = text(d.reason) ? REFUSALS[text(d.reason)!] : undefined;
			if (said) out.push(said());
			break;
		}
		case 'labels.print':
			if (int(d.labels) !== null) out.push(m.audit_x_labels({ count: int(d.labels)! }));
			break;
		// The ressourcerie's items (issue 15, helper "items"): the price, a price change, labels, a correction.
		case 'reuse.item':
			if (cents('priceCents') !== null) out.push(money(cents('priceCents')));
			if ((int(d.quantity) ?? 1) > 1) out.push(m.rit_audit_pieces({ count: int(d.quantity)! }));
			break;
		case 'reuse.price':
			if (cents('fromCents') !== null && cents('toCents') !== null) out.push(`${money(cents('fromCents'))} → ${money(cents('toCents'))}`);
			break;
		case 'reuse.labels':
			if (int(d.labels) !== null) out.push(m.audit_x_labels({ count: int(d.labels)! }));
			break;
		case 'reuse.item_correct':
			if (int(d.from) !== null && int(d.to) !== null) out.push(m.rit_audit_pieces_from_to({ from: int(d.from)!, to: int(d.to)! }));
			if (text(d.reason)) out.push(m.audit_x_reason({ reason: text(d.reason)! }));
			break;
		case 'training.validate':
			if (text(d.skill) && text(d.level)) out.push(m.audit_x_skill_level({ skill: text(d.skill)!, level: levelLabel(text(d.level)!).toLowerCase() }));
			break;
		case 'stock.loss':
			if (int(d.quantity) !== null) out.push(m.audit_x_quantity({ quantity: int(d.quantity)! }));
			if (text(d.reason)) out.push(lossReasonLabel(text(d.reason)!).toLowerCase());
			break;
		case 'stock.rescue':
			if (int(d.quantity) !== null) out.push(m.audit_x_quantity({ quantity: int(d.quantity)! }));
			if (text(d.action)) out.push(rescueReasonLabel(`rescue_${text(d.action)!}`).toLowerCase());
			if (text(d.partner)) out.push(text(d.partner)!);
			break;
		case 'parcel.pick':
		case 'parcel.unpick':
			if (text(d.lot)) out.push(text(d.lot)!);
			if (int(d.quantity) !== null) out.push(m.audit_x_quantity({ quantity: int(d.quantity)! }));
			break;
		case 'parcel.prepared':
			if (Array.isArray(d.missing) && d.missing.length) out.push(m.audit_x_parcel_missing({ count: d.missing.length }));
			break;
		case 'stock.split':
		case 'stock.correct':
		case 'reception.line_add':
		case 'reception.line_remove':
			if (text(d.product)) out.push(text(d.product)!);
			if (int(d.quantity) !== null) out.push(m.audit_x_quantity({ quantity: int(d.quantity)! }));
			break;
		case 'count.move_here':
			if (text(d.lot)) out.push(text(d.lot)!);
			if (text(d.from)) out.push(text(d.from)!);
			if (int(d.quantity) !== null) out.push(m.audit_x_quantity({ quantity: int(d.quantity)! }));
			break;
		case 'stock.settings': {
			const days = isRecord(d.dlcAlertDays) ? int(d.dlcAlertDays.after) : null;
			if (days !== null) out.push(m.audit_x_alert_days({ days }));
			break;
		}
		case 'stock.recall':
			if (text(d.lotNumber)) out.push(m.audit_x_lot_number({ number: text(d.lotNumber)! }));
			if (int(d.lots) !== null) out.push(m.audit_x_lots({ count: int(d.lots)! }));
			break;
		case 'reception.create':
		case 'reception.validate':
			if (text(d.origin)) out.push(text(d.origin)!);
			if (text(d.deliveryNote)) out.push(m.audit_x_delivery_note({ note: text(d.deliveryNote)! }));
			if (Array.isArray(d.lots)) out.push(m.audit_x_lots({ count: d.lots.length }));
			break;
		case 'reception.weight':
			if (int(d.after) !== null) out.push(m.audit_x_delivered_weight({ weight: formatQuantity('kg', int(d.after)!) }));
			break;
		case 'product.import':
			out.push(m.audit_x_import({ created: int(d.created) ?? 0, updated: int(d.updated) ?? 0 }));
			break;
		case 'user.create':
		case 'api_token.create':
			if (Array.isArray(d.roles) && d.roles.length) out.push(d.roles.map((r) => roleLabel(String(r)).toLowerCase()).join(', '));
			break;
		case 'parcel_right.issue':
		case 'right.issue':
			if (text(d.validTo)) out.push(m.audit_x_until({ date: frDay(text(d.validTo)!) }));
			if (cents('monthlyBudgetCents') !== null) out.push(m.audit_x_budget({ amount: money(cents('monthlyBudgetCents')) }));
			break;
		case 'right.renew':
		case 'parcel_right.renew':
			if (Array.isArray(d.validTo) && text(d.validTo[1])) out.push(m.audit_x_until({ date: frDay(text(d.validTo[1])!) }));
			break;
		case 'household.decision':
			if (text(d.outcome)) out.push(OUTCOMES[text(d.outcome)!]?.() ?? text(d.outcome)!);
			break;
		case 'household.retention_run':
			if (Array.isArray(d.anonymised)) out.push(m.audit_x_anonymised({ count: d.anonymised.length }));
			break;
		case 'training.retention_run':
			if (int(d.count) !== null) out.push(m.audit_x_people_erased({ count: int(d.count)! }));
			break;
		case 'household.search':
		case 'household.desk':
		case 'household.committee':
			if (int(d.count) !== null) out.push(m.audit_x_files({ count: int(d.count)! }));
			break;
		case 'auth.login':
			if (text(d.method)) out.push(LOGIN_METHODS[text(d.method)!]?.() ?? text(d.method)!);
			break;
		case 'auth.pin_failed':
			if (d.reason === 'throttled') out.push(m.audit_x_throttled());
			break;
		case 'auth.login_failed':
			if (d.reason === 'throttled') out.push(m.audit_x_throttled());
			if (d.unknownName) out.push(m.audit_x_unknown_name());
			break;
		case 'auth.logout_everywhere':
			if (int(d.sessions) !== null) out.push(m.audit_x_sessions({ count: int(d.sessions)! }));
			break;
		case 'organisation.time_zone':
			if (text(d.before) && text(d.after)) out.push(`${text(d.before)} → ${text(d.after)}`);
			break;
		default:
			if (action.endsWith('.update') || action.endsWith('.settings') || action === 'right.limits') {
				const fields = changedFields(d).filter((f) => f !== 'updatedAt');
				if (fields.length) out.push(m.audit_x_changed({ fields: fields.join(', ') }));
			}
	}
	// A household is shown by its reference (never its name), for every action about one.
	if (ref && (action.startsWith('household.') || action.startsWith('right.') || action.startsWith('parcel_right.') || action.startsWith('till.')))
		out.unshift(ref);
	return out;
}

const frDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const OUTCOMES: Record<string, () => string> = { approved: m.audit_x_approved, refused: m.audit_x_refused, deferred: m.audit_x_deferred };
const LOGIN_METHODS: Record<string, () => string> = { password: m.audit_x_by_password, pin: m.audit_x_by_pin, badge: m.audit_x_by_badge };

/** Who acted: the person, else the API token, else the tablet, else "Quelqu'un". */
export const auditWho = (e: AuditEventLike): string => e.person?.trim() || e.apiToken || e.device || m.audit_someone();

/** What the action was done on, as people know it (a name, a code; a household's reference). */
function auditOn(e: AuditEventLike): string {
	const d = e.details ?? {};
	if (e.entityType === 'household') return text(d.reference) ?? '';
	return e.entityName ?? text(d.name) ?? text(d.code) ?? text(d.location) ?? text(d.username) ?? '';
}

/**
 * One French (or English) sentence for a journal row: "Karim Benali a fermé la caisse Tablette 1 : Z n° 3,
 * écart espèces −0,48 €". An action the list does not know reads "Karim Benali : action « x.y »".
 */
export function describeAuditEvent(e: AuditEventLike): string {
	const who = auditWho(e);
	const on = auditOn(e);
	const say: Words | undefined = isAuditAction(e.action) ? SENTENCES[e.action] : undefined;
	const head = say
		? say({ who, on })
				.replace(/\s+/g, ' ')
				.replace(/ ([,.:])/g, '$1')
				.trim()
		: m.audit_say_unknown({ who, action: e.action });
	const more = say ? extras(e.action, isRecord(e.details) ? e.details : {}).filter((x, i) => i > 0 || !head.includes(x)) : [];
	return more.length ? `${head} : ${more.join(', ')}` : head;
}
