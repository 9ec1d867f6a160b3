import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { myParcours } from '$lib/server/training/mine';
import type { PageServerLoad } from './$types';

/** "Mon parcours": the signed-in operator's own training record (no id: always their own). */
export const load: PageServerLoad = async ({ locals }) => ({ parcours: await orHttpError(() => myParcours(getDb(), locals.actor!)) });
