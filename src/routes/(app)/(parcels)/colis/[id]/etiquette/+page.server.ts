import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { parcelLabel } from '$lib/server/parcels/prepare';
import { actorZone } from '$lib/server/timeZone';
import type { PageServerLoad } from './$types';

/** A parcel's label (A6): its code and QR, the household's reference and first name only, the day, FROID. */
export const load: PageServerLoad = async ({ locals, params }) => ({
	label: await orHttpError(() => parcelLabel(getDb(), locals.actor!, params.id)),
	id: params.id,
	// This page leaves the (app) layout: it carries the shop's time zone itself.
	timeZone: actorZone(locals.actor!)
});
