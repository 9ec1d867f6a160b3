import { getDb } from '$lib/server/db/app';
import { exportHousehold } from '$lib/server/households/privacy';
import { orHttpError } from '$lib/server/http/load';
import { actorZone } from '$lib/server/timeZone';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => ({
	data: await orHttpError(() => exportHousehold(getDb(), locals.actor!, params.id)),
	// This page leaves the (app) layout: it carries the shop's time zone itself.
	timeZone: actorZone(locals.actor)
});
