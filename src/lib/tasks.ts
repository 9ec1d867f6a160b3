import type { Pathname } from '$app/types';
import type { IconName } from '$lib/components/Icon.svelte';
import { m } from '$lib/paraglide/messages';
import {
	EVERYONE,
	OWN_TRAINING_RECORD,
	READ_TRAINING_RECORDS,
	MANAGE_CATALOGUE,
	MANAGE_PARCEL_TEMPLATES,
	PLAN_DISTRIBUTIONS,
	PREPARE_PARCELS,
	MANAGE_REUSE,
	WORK_REUSE,
	MANAGE_ORGANISATION,
	READ_HOUSEHOLD_FILES,
	READ_SALES,
	READ_STOCK_REPORTS,
	READ_Z_REPORTS,
	SUPERVISE_STAFF,
	TAKE_TILL_ON_TABLET,
	withoutAdmin,
	WORK_STOCK,
	type Role
} from '$lib/permissions';

/**
 * Paths a tile may point at: real pages (Extract drops a path that no longer exists, so its tile fails
 * to compile). Kept to the tiles' paths: `resolve()` checks a union of more than 25 paths poorly.
 */
export type TaskPath = Extract<
	Pathname,
	| '/personnes'
	| '/lieux'
	| '/appareils'
	| '/jetons-api'
	| '/journal'
	| '/compte'
	| '/stock'
	| '/stock/receptions'
	| '/stock/rangement'
	| '/stock/inventaires'
	| '/catalogue'
	| '/origines'
	| '/foyers'
	| '/caisse'
	| '/caisse/carte'
	| '/ventes'
	| '/clotures'
	| '/reglages-foyers'
	| '/reglages-caisse'
	| '/sauvegardes'
	| '/rapports'
	| '/parcours'
	| '/formation'
	| '/colis'
	| '/colis/remise'
	| '/distributions'
	| '/colis-modeles'
	| '/ressourcerie'
	| '/caisse/ressourcerie'
	| '/ressourcerie-reglages'
>;

/**
 * The tiles of the home page. Each feature adds its own entries here with the capability
 * (`$lib/permissions`) of the people who do it; the page shows a person the tasks of all their roles.
 * The admin's home keeps to setting the organisation up: no tile for the daily sales and Z reports
 * (`withoutAdmin`), which an admin still opens by their address.
 */
export interface Task {
	href: TaskPath;
	icon: IconName;
	title: () => string;
	hint: () => string;
	roles: readonly Role[];
}

export const TASKS: Task[] = [
	{ href: '/personnes', icon: 'people', title: m.task_people, hint: m.task_people_hint, roles: SUPERVISE_STAFF },
	{ href: '/lieux', icon: 'place', title: m.task_places, hint: m.task_places_hint, roles: MANAGE_ORGANISATION },
	{ href: '/appareils', icon: 'tablet', title: m.task_devices, hint: m.task_devices_hint, roles: SUPERVISE_STAFF },
	{ href: '/jetons-api', icon: 'api', title: m.task_api_tokens, hint: m.task_api_tokens_hint, roles: MANAGE_ORGANISATION },
	{ href: '/journal', icon: 'journal', title: m.task_journal, hint: m.task_journal_hint, roles: MANAGE_ORGANISATION },
	{ href: '/stock/receptions', icon: 'box', title: m.task_reception, hint: m.task_reception_hint, roles: WORK_STOCK },
	{ href: '/stock/rangement', icon: 'place', title: m.task_shelving, hint: m.task_shelving_hint, roles: WORK_STOCK },
	{ href: '/stock/inventaires', icon: 'journal', title: m.task_counts, hint: m.task_counts_hint, roles: WORK_STOCK },
	{ href: '/stock', icon: 'search', title: m.task_stock, hint: m.task_stock_hint, roles: WORK_STOCK },
	{ href: '/catalogue', icon: 'box', title: m.task_catalogue, hint: m.task_catalogue_hint, roles: MANAGE_CATALOGUE },
	{ href: '/origines', icon: 'globe', title: m.task_origins, hint: m.task_origins_hint, roles: MANAGE_CATALOGUE },
	{ href: '/foyers', icon: 'people', title: m.task_households, hint: m.task_households_hint, roles: READ_HOUSEHOLD_FILES },
	{ href: '/caisse', icon: 'till', title: m.task_till, hint: m.task_till_hint, roles: TAKE_TILL_ON_TABLET },
	{ href: '/caisse/carte', icon: 'badge', title: m.task_card_check, hint: m.task_card_check_hint, roles: TAKE_TILL_ON_TABLET },
	{ href: '/ventes', icon: 'receipt', title: m.task_sales, hint: m.task_sales_hint, roles: withoutAdmin(READ_SALES) },
	{ href: '/clotures', icon: 'journal', title: m.task_z_reports, hint: m.task_z_reports_hint, roles: withoutAdmin(READ_Z_REPORTS) },
	{ href: '/colis', icon: 'basket', title: m.task_parcels_prepare, hint: m.task_parcels_prepare_hint, roles: PREPARE_PARCELS },
	{ href: '/colis/remise', icon: 'check', title: m.task_parcels_handover, hint: m.task_parcels_handover_hint, roles: PREPARE_PARCELS },
	{ href: '/distributions', icon: 'calendar', title: m.task_distributions, hint: m.task_distributions_hint, roles: PLAN_DISTRIBUTIONS },
	{ href: '/colis-modeles', icon: 'basket', title: m.task_parcel_templates, hint: m.task_parcel_templates_hint, roles: withoutAdmin(MANAGE_PARCEL_TEMPLATES) },
	{ href: '/ressourcerie', icon: 'recycle', title: m.task_reuse, hint: m.task_reuse_hint, roles: WORK_REUSE },
	{ href: '/caisse/ressourcerie', icon: 'till', title: m.task_reuse_till, hint: m.task_reuse_till_hint, roles: TAKE_TILL_ON_TABLET },
	{ href: '/ressourcerie-reglages', icon: 'settings', title: m.task_reuse_settings, hint: m.task_reuse_settings_hint, roles: withoutAdmin(MANAGE_REUSE) },
	{ href: '/formation', icon: 'people', title: m.task_training, hint: m.task_training_hint, roles: READ_TRAINING_RECORDS },
	{ href: '/parcours', icon: 'leaf', title: m.task_my_training, hint: m.task_my_training_hint, roles: OWN_TRAINING_RECORD },
	{ href: '/rapports', icon: 'chart', title: m.task_reports, hint: m.task_reports_hint, roles: withoutAdmin(READ_STOCK_REPORTS) },
	{ href: '/reglages-foyers', icon: 'settings', title: m.task_household_settings, hint: m.task_household_settings_hint, roles: MANAGE_ORGANISATION },
	{ href: '/reglages-caisse', icon: 'settings', title: m.task_till_settings, hint: m.task_till_settings_hint, roles: MANAGE_ORGANISATION },
	{ href: '/sauvegardes', icon: 'backup', title: m.task_backups, hint: m.task_backups_hint, roles: MANAGE_ORGANISATION },
	{ href: '/compte', icon: 'key', title: m.task_account, hint: m.task_account_hint, roles: EVERYONE }
];

export function tasksFor(roles: readonly Role[]): Task[] {
	return TASKS.filter((t) => t.roles.some((r) => roles.includes(r)));
}
