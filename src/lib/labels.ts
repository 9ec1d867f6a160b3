import { m } from '$lib/paraglide/messages';
import type { AuditAction } from '$lib/auditEvents';

/** People-facing names of the codes stored in the database. */
const ROLE_LABELS: Record<string, () => string> = {
	admin: m.role_admin,
	manager: m.role_manager,
	social_worker: m.role_social_worker,
	supervisor: m.role_supervisor,
	operator: m.role_operator
};
export const roleLabel = (r: string): string => ROLE_LABELS[r]?.() ?? r;

const ZONE_LABELS: Record<string, () => string> = { ambient: m.zone_ambient, chilled: m.zone_chilled, frozen: m.zone_frozen };
export const zoneLabel = (z: string): string => ZONE_LABELS[z]?.() ?? z;

const SITE_KIND_LABELS: Record<string, () => string> = {
	epicerie: m.site_kind_epicerie,
	ressourcerie: m.site_kind_ressourcerie,
	entrepot: m.site_kind_entrepot,
	distribution: m.site_kind_distribution
};
export const siteKindLabel = (k: string): string => SITE_KIND_LABELS[k]?.() ?? k;

const LOCATION_KIND_LABELS: Record<string, () => string> = {
	rayon: m.location_kind_rayon,
	etagere: m.location_kind_etagere,
	reserve: m.location_kind_reserve,
	chambre_froide: m.location_kind_chambre_froide,
	refrigerateur: m.location_kind_refrigerateur,
	congelateur: m.location_kind_congelateur,
	zone: m.location_kind_zone
};
export const locationKindLabel = (k: string): string => LOCATION_KIND_LABELS[k]?.() ?? k;

/** What each audited action means, for the journal. A code missing here is shown as it is. */
/** One label per journal action: a missing one does not compile. */
const AUDIT_ACTION_LABELS: Record<AuditAction, () => string> = {
	'auth.login': m.audit_auth_login,
	'auth.login_failed': m.audit_auth_login_failed,
	'auth.logout': m.audit_auth_logout,
	'auth.logout_everywhere': m.audit_auth_logout_everywhere,
	'auth.pin_failed': m.audit_auth_pin_failed,
	'auth.pin_locked': m.audit_auth_pin_locked,
	'auth.switch': m.audit_auth_switch,
	'backup.create': m.audit_backup_create,
	'user.create': m.audit_user_create,
	'user.update': m.audit_user_update,
	'user.deactivate': m.audit_user_deactivate,
	'user.reactivate': m.audit_user_reactivate,
	'user.password_set': m.audit_user_password_set,
	'user.password_change': m.audit_user_password_change,
	'user.password_change_failed': m.audit_user_password_change_failed,
	'user.change_refused': m.audit_user_change_refused,
	'user.pin_set': m.audit_user_pin_set,
	'user.pin_change': m.audit_user_pin_change,
	'user.pin_unlock': m.audit_user_pin_unlock,
	'user.badge_issue': m.audit_user_badge_issue,
	'user.badge_replace': m.audit_user_badge_replace,
	'user.badge_revoke': m.audit_user_badge_revoke,
	'device.enrol': m.audit_device_enrol,
	'device.revoke': m.audit_device_revoke,
	'site.create': m.audit_site_create,
	'site.update': m.audit_site_update,
	'site.deactivate': m.audit_site_deactivate,
	'site.reactivate': m.audit_site_reactivate,
	'location.create': m.audit_location_create,
	'location.update': m.audit_location_update,
	'location.deactivate': m.audit_location_deactivate,
	'location.reactivate': m.audit_location_reactivate,
	'api_token.create': m.audit_api_token_create,
	'api_token.revoke': m.audit_api_token_revoke,
	'household.create': m.audit_household_create,
	'household.update': m.audit_household_update,
	'household.open': m.audit_household_open,
	'household.search': m.audit_household_search,
	'household.desk': m.audit_household_desk,
	'household.committee': m.audit_household_committee,
	'household.export': m.audit_household_export,
	'household.erase': m.audit_household_erase,
	'household.member_add': m.audit_household_member_add,
	'household.member_remove': m.audit_household_member_remove,
	'household.budget_line_add': m.audit_household_budget_line_add,
	'household.budget_line_remove': m.audit_household_budget_line_remove,
	'household.application_submit': m.audit_household_application_submit,
	'household.decision': m.audit_household_decision,
	'household.card_issue': m.audit_household_card_issue,
	'household.card_reissue': m.audit_household_card_reissue,
	'household.card_revoke': m.audit_household_card_revoke,
	'household.retention_run': m.audit_household_retention_run,
	'household.settings': m.audit_household_settings,
	'right.issue': m.audit_right_issue,
	'right.renew': m.audit_right_renew,
	'right.suspend': m.audit_right_suspend,
	'right.resume': m.audit_right_resume,
	'right.revoke': m.audit_right_revoke,
	'organisation.create': m.audit_organisation_create,
	'organisation.time_zone': m.audit_organisation_time_zone,
	'category.create': m.audit_category_create,
	'category.defaults': m.audit_category_defaults,
	'product.create': m.audit_product_create,
	'product.quick_create': m.audit_product_quick_create,
	'product.update': m.audit_product_update,
	'product.import': m.audit_product_import,
	'origin.create': m.audit_origin_create,
	'origin.update': m.audit_origin_update,
	'reception.create': m.audit_reception_create,
	'reception.line_add': m.audit_reception_line_add,
	'reception.line_remove': m.audit_reception_line_remove,
	'reception.validate': m.audit_reception_validate,
	'reception.cancel': m.audit_reception_cancel,
	'reception.weight': m.audit_reception_weight,
	'count.start': m.audit_count_start,
	'count.line': m.audit_count_line,
	'count.move_here': m.audit_count_move_here,
	'count.validate': m.audit_count_validate,
	'stock.move': m.audit_stock_move,
	'stock.split': m.audit_stock_split,
	'stock.loss': m.audit_stock_loss,
	'stock.rescue': m.audit_stock_rescue,
	'stock.correct': m.audit_stock_correct,
	'stock.settings': m.audit_stock_settings,
	'stock.recall': m.audit_stock_recall,
	'right.limits': m.audit_right_limits,
	'till.open': m.audit_till_open,
	'till.close': m.audit_till_close,
	'till.cash_in': m.audit_till_cash_in,
	'till.cash_out': m.audit_till_cash_out,
	'till.sale': m.audit_till_sale,
	'till.return': m.audit_till_return,
	'till.override': m.audit_till_override,
	'till.basket_hold': m.audit_till_basket_hold,
	'till.basket_resume': m.audit_till_basket_resume,
	'till.held_cancel': m.audit_till_held_cancel,
	'till.basket_cancel': m.audit_till_basket_cancel,
	'till.settings': m.audit_till_settings,
	'till.lookup': m.audit_till_lookup,
	'till.lookup_refused': m.audit_till_lookup_refused,
	'till.refused': m.audit_till_refused,
	'labels.print': m.audit_labels_print,
	'training.read': m.audit_training_read,
	'training.validate': m.audit_training_validate,
	'training.review': m.audit_training_review,
	'training.skill_create': m.audit_training_skill_create,
	'training.skill_update': m.audit_training_skill_update,
	'training.contract_create': m.audit_training_contract_create,
	'training.contract_update': m.audit_training_contract_update,
	'training.exit': m.audit_training_exit,
	'training.erase': m.audit_training_erase,
	'training.retention_run': m.audit_training_retention_run,
	'training.settings': m.audit_training_settings,
	// Parcel rights (issue 14)
	'parcel_right.issue': m.audit_parcel_right_issue,
	'parcel_right.renew': m.audit_parcel_right_renew,
	'parcel_right.suspend': m.audit_parcel_right_suspend,
	'parcel_right.resume': m.audit_parcel_right_resume,
	'parcel_right.revoke': m.audit_parcel_right_revoke
	// Parcels (issue 14): compositions and the parcels' settings.
	'parcel_template.create': m.audit_parcel_template_create,
	'parcel_template.update': m.audit_parcel_template_update,
	'parcel_template.deactivate': m.audit_parcel_template_deactivate,
	'parcel_template.reactivate': m.audit_parcel_template_reactivate,
	'parcels.settings': m.audit_parcels_settings
};
export const auditActionLabel = (code: string): string => (Object.hasOwn(AUDIT_ACTION_LABELS, code) ? AUDIT_ACTION_LABELS[code as AuditAction]() : code);

/** Families of actions (the part before the dot), for the journal's filter. */
const AUDIT_FAMILY_LABELS: Record<string, () => string> = {
	auth: m.audit_family_auth,
	user: m.audit_family_user,
	device: m.audit_family_device,
	site: m.audit_family_site,
	location: m.audit_family_location,
	api_token: m.audit_family_api_token,
	household: m.audit_family_household,
	right: m.audit_family_right,
	stock: m.audit_family_stock,
	product: m.audit_family_product,
	origin: m.audit_family_origin,
	category: m.audit_family_category,
	reception: m.audit_family_reception,
	count: m.audit_family_count,
	till: m.audit_family_till,
	labels: m.audit_family_labels,
	training: m.audit_family_training,
	organisation: m.audit_family_organisation,
	parcel_right: m.audit_family_parcel_right
	parcel_template: m.audit_family_parcel_template,
	parcels: m.audit_family_parcels
};
export const auditFamilyLabel = (family: string): string => AUDIT_FAMILY_LABELS[family]?.() ?? family;
