import { getDb } from '$lib/server/db/app';
import { takeAccountNotices } from '$lib/server/people/notices';
import { actorZone } from '$lib/server/timeZone';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const a = locals.actor!;
	return {
		me: {
			firstName: a.firstName,
			lastName: a.lastName,
			roles: a.roles,
			organisationName: a.organisationName,
			method: a.method
		},
		// The organisation's time zone: components show every time in it ($lib/shopTime).
		timeZone: actorZone(a),
		device: locals.device ? { name: locals.device.name } : null,
		// What others changed on this account since the person was last told: shown once.
		notices: await takeAccountNotices(getDb(), a)
	};
};
