import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { MANAGE_ORGANISATION, VALIDATE_STOCK } from '$lib/permissions';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { listLocations } from '$lib/server/places/places';
import { setDlcAlertDays } from '$lib/server/stock/settings';
import { writeOffExpiredLot } from '$lib/server/stock/lots';
import { locationLots, productLots, stockAlerts, stockByProduct } from '$lib/server/stock/views';
import { pageParam } from '$lib/server/http/paging';
import { actorZone } from '$lib/server/timeZone';
import { shopToday } from '$lib/stock/dates';
import type { Actions, PageServerLoad } from './$types';

/**
 * Stock: ?vue=produits (default, ?q=, ?page=, ?produit= for its lots), ?vue=lieux (&lieu=), ?vue=alertes
 * (&perte=L-… opens the confirmation of a DLC-past lot's loss).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const db = getDb();
	const actor = locals.actor!;
	const view = (['produits', 'lieux', 'alertes'] as const).find((v) => v === url.searchParams.get('vue')) ?? 'produits';
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	const productId = url.searchParams.get('produit') ?? '';
	const locationId = url.searchParams.get('lieu') ?? '';
	const alerts = view === 'alertes' ? await stockAlerts(db, actor) : null;
	const canWriteOff = hasAnyRole(actor.roles, VALIDATE_STOCK);
	return {
		view,
		// The recalls page is for supervisors (route group (supervise)): no link for those who cannot open it.
		canRecall: hasAnyRole(actor.roles, VALIDATE_STOCK),
		q,
		productId,
		locationId,
		byProduct: view === 'produits' ? await stockByProduct(db, actor, { q, page: pageParam(url) }) : null,
		lots:
			view === 'produits' && productId
				? await productLots(db, actor, productId)
				: view === 'lieux' && locationId
					? await locationLots(db, actor, locationId)
					: [],
		locations: view === 'lieux' ? await listLocations(db, actor) : [],
		alerts,
		today: shopToday(new Date(), actorZone(actor)),
		canWriteOff,
		canSetDays: hasAnyRole(actor.roles, MANAGE_ORGANISATION),
		writingOff: canWriteOff ? (alerts?.dlcPast.find((l) => l.code === url.searchParams.get('perte')) ?? null) : null
	};
};

export const actions: Actions = {
	/** A manager changes the DLC alerts' window (organisation setting stock.dlcAlertDays). */
	alertDays: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => setDlcAlertDays(getDb(), locals.actor!, form.days ?? ''), form);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.stock_alert_days_saved({ days: r.days }) };
	},
	/** A supervisor takes a DLC-past lot off the stock: a loss of its whole balance, reason "DLC dépassée". */
	writeOff: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => writeOffExpiredLot(getDb(), locals.actor!, form.lotId ?? ''), form);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.stock_writeoff_done({ code: r.code }) };
	}
};
