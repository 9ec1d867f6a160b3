import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { intakeLineJson } from '$lib/server/reuse/apiViews';
import { cancelIntakeLine } from '$lib/server/reuse/intakes';
import type { RequestHandler } from './$types';

/** Cancels a line entered by mistake (supervisors, managers): answers the reversing line. No body. */
export const POST: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => json(intakeLineJson(await cancelIntakeLine(getDb(), locals.actor!, params.id, params.lineId)), { status: 201 }));
