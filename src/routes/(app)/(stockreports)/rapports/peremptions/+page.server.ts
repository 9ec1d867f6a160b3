import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { formatCell } from '$lib/reports/format';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { listLocations } from '$lib/server/places/places';
import { reportPage } from '$lib/server/reports/routes';
import { rescueLot } from '$lib/server/stock/rescue';
import { getLotByCode } from '$lib/server/stock/views';
import { zoneAccepts } from '$lib/stock/fefo';
import { rescueReasonLabel } from '$lib/stock/labels';
import { RESCUE_REASON, type RescueAction } from '$lib/stock/rescue';
import type { Actions, PageServerLoad } from './$types';

const expiryPage = reportPage('expiry');

/**
 * Expiry (issue 12; server/reports/expiry.ts) and its rescues: `?sauver=L-…` opens the confirmation of
 * a lot of the "À sauver" list (a GET link: works without JavaScript); `?/rescue` does it.
 */
export const load: PageServerLoad = async (event) => {
	const page = await expiryPage(event);
	const code = event.url.searchParams.get('sauver');
	const row = code ? page.report.tables.find((t) => t.id === 'a-sauver')?.rows.find((r) => r.code === code) : undefined;
	// The free shelf's choices: the organisation's locations that can take the product (cold chain).
	const zone = row ? (await getLotByCode(getDb(), event.locals.actor!, String(row.code))).zone : null;
	const locations = zone
		? (await listLocations(getDb(), event.locals.actor!)).filter((l) => zoneAccepts(l.zone, zone)).map((l) => ({ id: l.id, label: `${l.code} – ${l.name}` }))
		: [];
	return {
		...page,
		days: event.url.searchParams.get('days') ?? '',
		rescuing: row
			? {
					lotId: String(row.lotId),
					code: String(row.code),
					product: String(row.product),
					quantity: formatCell({ key: 'quantity', label: '', type: 'quantity', unitKey: 'unit' }, row),
					action: String(row.action) as RescueAction
				}
			: null,
		notListed: code !== null && !row,
		locations
	};
};

export const actions: Actions = {
	/** Puts a lot on the free shelf, gives it to a partner or puts it in a parcel (rescueLot). */
	rescue: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(
			() =>
				rescueLot(getDb(), locals.actor!, {
					lotId: form.lotId ?? '',
					action: form.action ?? '',
					locationId: form.locationId || null,
					partner: form.partner || null
				}),
			form
		);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.rescue_done({ code: r.code, what: rescueReasonLabel(RESCUE_REASON[r.action]).toLowerCase() }) };
	}
};
