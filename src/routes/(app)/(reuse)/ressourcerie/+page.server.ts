import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { listIntakes } from '$lib/server/reuse/intakes';
import type { PageServerLoad } from './$types';

/** The ressourcerie's home on the tablet: its big buttons, and today's last intakes. */
export const load: PageServerLoad = ({ locals }) =>
	orHttpError(async () => {
		const r = await listIntakes(getDb(), locals.actor!, { page: 1 });
		return { intakes: r.rows.slice(0, 5) };
	});
