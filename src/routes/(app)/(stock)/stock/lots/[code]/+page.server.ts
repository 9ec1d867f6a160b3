import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { correctMovement, LOSS_REASONS, recordLossFromForm } from '$lib/server/stock/lots';
import { getLotByCode, lotHistory } from '$lib/server/stock/views';
import { actorZone } from '$lib/server/timeZone';
import { shopToday } from '$lib/stock/dates';
import { isCorrectable } from '$lib/stock/movements';
import type { Actions, PageServerLoad } from './$types';
import { VALIDATE_STOCK } from '$lib/permissions';

export const load: PageServerLoad = ({ locals, params, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const lot = await getLotByCode(db, locals.actor!, params.code);
		const history = await lotHistory(db, locals.actor!, lot.id);
		const canCorrect = hasAnyRole(locals.actor!.roles, VALIDATE_STOCK);
		// ?annuler=<movement id>: the confirmation step of "Annuler ce mouvement" (a reason is asked).
		const undoing = canCorrect ? (history.find((h) => String(h.id) === url.searchParams.get('annuler') && isCorrectable(h) && !h.corrected) ?? null) : null;
		return { lot, history, reasons: LOSS_REASONS, canCorrect, undoing, today: shopToday(new Date(), actorZone(locals.actor!)) };
	});

export const actions: Actions = {
	loss: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const db = getDb();
		const r = await attempt(async () => recordLossFromForm(db, locals.actor!, (await getLotByCode(db, locals.actor!, params.code)).id, form), form);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.loss_recorded() };
	},
	correct: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const db = getDb();
		const r = await attempt(
			async () =>
				correctMovement(db, locals.actor!, Number(form.movementId ?? '0'), form.reason ?? '', {
					lotId: (await getLotByCode(db, locals.actor!, params.code)).id
				}),
			form
		);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.movement_corrected() };
	}
};
