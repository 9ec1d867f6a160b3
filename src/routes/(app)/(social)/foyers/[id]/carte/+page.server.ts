import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { openHouseholdFile } from '$lib/server/households/households';
import { issueCard } from '$lib/server/households/rights';
import { attempt, isFailure } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { qrSvg } from '$lib/server/labels/qr';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const f = await orHttpError(() => openHouseholdFile(getDb(), locals.actor!, params.id));
	return {
		household: { id: f.household.id, reference: f.household.reference, firstName: f.household.firstName },
		hasCard: !!f.card,
		anonymised: !!f.household.anonymisedAt
	};
};

export const actions: Actions = {
	/** Issues the card and answers with its QR once: only the token's hash is kept, so a lost card is re-issued, never reprinted. */
	default: async ({ locals, params }) => {
		const r = await attempt(() => issueCard(getDb(), locals.actor!, params.id));
		if (isFailure(r)) return fail(r.status, r.data);
		return { card: { qr: await qrSvg(r.token), code: r.token, reference: r.reference, firstName: r.firstName } };
	}
};
