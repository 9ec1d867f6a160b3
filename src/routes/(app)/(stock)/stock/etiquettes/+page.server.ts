import { fail } from '@sveltejs/kit';
import { DEFAULT_LABEL_FORMAT, isLabelFormat, LABEL_FORMATS, parseSkip } from '$lib/components/labels/formats';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, many, readForm } from '$lib/server/http/forms';
import { lotLabels, recordLabelPrint } from '$lib/server/stock/views';
import type { Actions, PageServerLoad } from './$types';

/**
 * Labels of lots: ?reception=… (all lots of a validated reception) or ?lot=L-000001&lot=…,
 * &format=roll62|zebra57|a4-24, &skip=N (positions already used on the first A4 sheet).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const raw = url.searchParams.get('format');
	const format = isLabelFormat(raw) ? raw : DEFAULT_LABEL_FORMAT;
	const skip = parseSkip(LABEL_FORMATS[format], url.searchParams.get('skip'));
	const receptionId = url.searchParams.get('reception');
	const codes = url.searchParams.getAll('lot').slice(0, 500);
	const labels = await lotLabels(getDb(), locals.actor!, { receptionId, codes }, url.origin);
	return { format, skip, selection: { receptionId: receptionId ?? '', codes: receptionId ? [] : labels.map((l) => l.code) }, labels };
};

export const actions: Actions = {
	/** Called by the Print button just before the browser's print dialog: the work event `labels.print`. */
	printed: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => recordLabelPrint(getDb(), locals.actor!, { receptionId: form.reception || null, codes: many(form.lot) }));
		if (isFailure(r)) return fail(r.status, r.data);
		return { printed: r.labels };
	}
};
