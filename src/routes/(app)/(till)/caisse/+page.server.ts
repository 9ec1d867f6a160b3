import { orHttpError } from '$lib/server/http/load';
import { requireOpenTill } from '$lib/server/till/point';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { session } = await orHttpError(() => requireOpenTill(locals));
	return { session: { id: session.id, openedAt: session.openedAt, floatCents: session.floatCents } };
};
