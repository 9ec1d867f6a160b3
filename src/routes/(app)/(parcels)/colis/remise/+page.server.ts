import { fail } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { m } from '$lib/paraglide/messages';
import { SIGNATURE_DATA_URL_MAX } from '$lib/parcels/signature';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { findParcelsForHandover, handOver } from '$lib/server/parcels/handover';
import type { Actions, PageServerLoad } from './$types';

/** The handover on the tablet: scan the card (or type the reference), "Remis", the finger signature. */
export const load: PageServerLoad = async () => ({});

export const actions: Actions = {
	/** The household's parcels of today. */
	find: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const code = form.code ?? '';
		const r = await attempt(() => findParcelsForHandover(getDb(), locals.actor!, code), { code });
		if (isFailure(r)) return fail(r.status, r.data);
		return { code, found: r };
	},
	/** "Remis" on a ready parcel: the signature step (a key so that a double submit hands it over once). */
	sign: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const code = form.code ?? '';
		const r = await attempt(() => findParcelsForHandover(getDb(), locals.actor!, code), { code });
		if (isFailure(r)) return fail(r.status, r.data);
		const parcel = r.parcels.find((p) => p.id === form.parcelId && p.ready);
		if (!parcel) return fail(409, { error: m.dd_not_ready(), code, found: r });
		return { code, found: r, signFor: parcel, key: randomUUID() };
	},
	/** The signature (or the reason there is none): the parcel is handed over. */
	handover: async ({ request, locals }) => {
		// The signature's data URL: up to 200 kB of PNG in base64 (handOver checks the PNG itself).
		const form = await readForm(request, { long: { signaturePng: SIGNATURE_DATA_URL_MAX } });
		if (isFailure(form)) return form;
		const r = await attempt(() =>
			handOver(getDb(), locals.actor!, form.parcelId ?? '', {
				signaturePng: form.signaturePng || null,
				noSignatureReason: form.noSignatureReason || null,
				idempotencyKey: form.key || null
			})
		);
		if (isFailure(r)) {
			// Back to the signature step with the same parcel, the message beside it.
			const again = await attempt(() => findParcelsForHandover(getDb(), locals.actor!, form.code ?? ''));
			const found = isFailure(again) ? null : again;
			const signFor = found?.parcels.find((p) => p.id === form.parcelId && p.ready) ?? null;
			return fail(r.status, { ...r.data, code: form.code ?? '', found, signFor, key: form.key ?? '', reason: form.noSignatureReason ?? '' });
		}
		return { ok: m.dd_handed_ok({ code: r.code }), done: r.code };
	}
};
