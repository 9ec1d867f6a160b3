import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { markPrepared, pickList, scanForParcel, unpick } from '$lib/server/parcels/prepare';
import { formatQuantity } from '$lib/stock/units';
import type { Actions, PageServerLoad } from './$types';

/** One parcel's picking screen: the list by template line, the scan field, "Colis prêt". */
export const load: PageServerLoad = async ({ locals, params }) => ({ list: await orHttpError(() => pickList(getDb(), locals.actor!, params.id)) });

export const actions: Actions = {
	/** A scanned lot label (the scanner's keystrokes then Enter): into the parcel, or the French refusal. */
	scan: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => scanForParcel(getDb(), locals.actor!, params.id, form.code ?? '', { templateLineId: form.templateLineId || null }));
		if (isFailure(r)) return fail(r.status, { error: r.data.error, scanned: (form.code ?? '').slice(0, 40) });
		const quantity = formatQuantity(r.unit, r.quantity) + (r.unit === 'piece' ? ' ×' : '');
		return {
			ok: r.substitute
				? m.pk_scan_ok_substitute({ product: r.productName, quantity, category: r.categoryName })
				: m.pk_scan_ok({ product: r.productName, quantity, category: r.categoryName }),
			scan: { product: r.productName, code: r.lotCode, substitute: r.substitute }
		};
	},
	/** Puts a picked line back (asks first: confirm=yes). */
	unpick: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		if (form.confirm !== 'yes') return { confirmUnpick: form.lineId ?? '' };
		const r = await attempt(() => unpick(getDb(), locals.actor!, params.id, form.lineId ?? ''));
		if (isFailure(r)) return r;
		return { ok: m.pk_unpick_done({ code: r.lotCode }) };
	},
	/** "Colis prêt": when something is missing, asks first (confirm=yes). */
	ready: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		if (form.confirm !== 'yes') {
			const list = await attempt(() => pickList(getDb(), locals.actor!, params.id));
			if (isFailure(list)) return list;
			if (!list.complete) return { confirmReady: true };
		}
		const r = await attempt(() => markPrepared(getDb(), locals.actor!, params.id));
		if (isFailure(r)) return r;
		return { ok: m.pk_ready_done({ code: r.code }), ready: true };
	}
};
