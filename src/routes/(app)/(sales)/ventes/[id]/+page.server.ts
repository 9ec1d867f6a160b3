import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm, type FormText } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { previewReturn, returnableLines, returnDesk, returnSale, returnsOfSale } from '$lib/server/till/returns';
import { getSale } from '$lib/server/till/sales';
import { readReturnForm, returnDeskRefusal } from '$lib/till/returns';
import type { Actions, PageServerLoad } from './$types';
import { RUN_TILL } from '$lib/permissions';

/** A sale: lines, payments, returns, override; for a supervisor on the till's tablet, the return form. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const db = getDb();
	const actor = locals.actor!;
	const sale = await orHttpError(() => getSale(db, actor, params.id, { device: locals.device }));
	const returns = await returnsOfSale(db, actor, sale.id);
	const desk = await returnDesk(db, actor, locals.device);
	const lines = desk.ok ? await returnableLines(db, actor, sale.id) : [];
	const done = returns.find((r) => r.id === url.searchParams.get('retour')) ?? null;
	return {
		sale,
		returns,
		desk: desk.ok ? 'ok' : desk.why,
		canOpenTill: hasAnyRole(actor.roles, RUN_TILL),
		lines,
		done: done ? { refundCents: done.refundCents, refunds: done.refunds, budgetRestoredCents: done.budgetRestoredCents } : null
	};
};

/** Reads the return form and checks this person can take a return here: the service input, or a failure. */
async function readReturn(request: Request, locals: App.Locals, saleId: string, key: (form: FormText) => string) {
	const form = await readForm(request);
	if (isFailure(form)) return form;
	const values: Record<string, string> = { ...form };
	delete values.key;
	const db = getDb();
	const actor = locals.actor!;
	const desk = await returnDesk(db, actor, locals.device);
	if (!desk.ok) {
		const refused = returnDeskRefusal(desk.why);
		return fail(refused.status, { error: refused.error, values });
	}
	const sale = await attempt(async () => {
		const { id } = await getSale(db, actor, saleId, { device: locals.device });
		return { id, lines: await returnableLines(db, actor, id) };
	}, values);
	if (isFailure(sale)) return sale;
	const lines = readReturnForm(form, sale.lines);
	if (!lines.ok) return fail(400, { error: lines.error, values });
	return { db, actor, point: desk.point, values, input: { saleId: sale.id, idempotencyKey: key(form), reason: form.reason ?? '', lines: lines.lines } };
}

export const actions: Actions = {
	/** First step: what the return would give back (nothing recorded), and a key for the confirmation. */
	verifier: async ({ request, locals, params }) => {
		const r = await readReturn(request, locals, params.id, () => randomUUID());
		if (isFailure(r)) return r;
		const preview = await attempt(() => previewReturn(r.db, r.actor, r.point, r.input), r.values);
		if (isFailure(preview)) return preview;
		return {
			values: r.values,
			key: r.input.idempotencyKey,
			preview: { refundCents: preview.refundCents, refunds: preview.refunds, budgetRestoredCents: preview.budgetRestoredCents, lines: preview.lines }
		};
	},
	/** Second step: records the return (the key makes a double tap or a retry record it once). */
	confirmer: async ({ request, locals, params }) => {
		const r = await readReturn(request, locals, params.id, (form) => form.key ?? '');
		if (isFailure(r)) return r;
		const done = await attempt(() => returnSale(r.db, r.actor, r.point, r.input), r.values);
		if (isFailure(done)) return done;
		redirect(303, `${resolve(`/ventes/${done.saleId}`)}?retour=${done.id}`);
	}
};
