import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { intakeJson } from '$lib/server/reuse/apiViews';
import { getIntake } from '$lib/server/reuse/intakes';
import type { RequestHandler } from './$types';

/** An intake with its lines and totals by flux. */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(intakeJson(await getIntake(getDb(), locals.actor!, params.id))));
