import { formatTime } from '$lib/format';
import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { signoffSheet } from '$lib/server/parcels/signoff';
import { actorZone } from '$lib/server/timeZone';
import type { PageServerLoad } from './$types';

/** The sign-off sheet (émargement) of a day, an A4 page to print; the read is audited. */
export const load: PageServerLoad = async ({ locals, params }) =>
	orHttpError(async () => {
		const sheet = await signoffSheet(getDb(), locals.actor!, params.id);
		const zone = actorZone(locals.actor!);
		return {
			organisation: locals.actor!.organisationName,
			day: sheet.day,
			rows: sheet.rows.map((r) => ({ ...r, time: formatTime(r.handedAt, zone) }))
		};
	});
