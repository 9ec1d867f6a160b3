import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle } from '$lib/server/http/api';
import { parcelsToPrepare } from '$lib/server/parcels/prepare';
import { isIsoDate } from '$lib/stock/dates';
import type { RequestHandler } from './$types';

/** GET /parcels/to-prepare?day= — the parcels of the day's distributions, every site (the /colis page). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const day = url.searchParams.get('day') ?? undefined;
		if (day !== undefined && !isIsoDate(day)) throw new AppError('day_invalid', m.training_api_day_invalid(), 400, 'day');
		return json(await parcelsToPrepare(getDb(), locals.actor!, { day }));
	});
