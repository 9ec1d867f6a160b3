import { getDb } from '$lib/server/db/app';
import { exportHousehold } from '$lib/server/households/privacy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => ({ data: await exportHousehold(getDb(), locals.actor!, params.id) });
