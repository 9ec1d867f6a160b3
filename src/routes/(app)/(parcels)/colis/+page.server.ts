import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { parcelsToPrepare } from '$lib/server/parcels/prepare';
import type { PageServerLoad } from './$types';

/** Today's parcels (every site's distribution of the day): to prepare, being prepared, ready. */
export const load: PageServerLoad = async ({ locals }) => orHttpError(() => parcelsToPrepare(getDb(), locals.actor!));
