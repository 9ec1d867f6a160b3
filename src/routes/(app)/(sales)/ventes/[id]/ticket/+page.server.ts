import { getDb } from '$lib/server/db/app';
import { hasAnyRole } from '$lib/server/auth/roles';
import { orHttpError } from '$lib/server/http/load';
import { getSale } from '$lib/server/till/sales';
import { actorZone } from '$lib/server/timeZone';
import type { PageServerLoad } from './$types';
import { RUN_TILL } from '$lib/permissions';

/** A sale's receipt, to show and print (80 mm receipt printer or A4); reprinted from the sales list. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = locals.actor!;
	const sale = await orHttpError(() => getSale(getDb(), actor, params.id, { device: locals.device }));
	return {
		sale,
		shop: actor.organisationName,
		// This page leaves the (app) layout: it carries the shop's time zone itself.
		timeZone: actorZone(actor),
		format: url.searchParams.get('format') === 'a4' ? ('a4' as const) : ('80mm' as const),
		canTill: hasAnyRole(actor.roles, RUN_TILL)
	};
};
