import { fail } from '@sveltejs/kit';
import { DEFAULT_LABEL_FORMAT, isLabelFormat, LABEL_FORMATS, parseSkip } from '$lib/components/labels/formats';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, many, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { itemLabels, MAX_ITEM_LABELS, recordItemLabelPrint } from '$lib/server/reuse/itemLabels';
import type { Actions, PageServerLoad } from './$types';

/**
 * Labels of items, on the lots' label stock: ?item=O-000123&item=…, &perPiece=0 (a batch: one label for
 * the batch instead of one per piece), &format=roll62|zebra57|a4-24, &skip=N. An unknown code, or one of
 * another organisation: "not found".
 */
export const load: PageServerLoad = ({ locals, url }) =>
	orHttpError(async () => {
		const raw = url.searchParams.get('format');
		const format = isLabelFormat(raw) ? raw : DEFAULT_LABEL_FORMAT;
		const skip = parseSkip(LABEL_FORMATS[format], url.searchParams.get('skip'));
		const codes = url.searchParams.getAll('item').slice(0, MAX_ITEM_LABELS);
		const perPiece = url.searchParams.get('perPiece') !== '0';
		const labels = await itemLabels(getDb(), locals.actor!, { codes, perPiece });
		return { format, skip, codes: [...new Set(labels.map((l) => l.code))], perPiece, hasBatch: labels.some((l) => l.piece !== null || l.pieces > 1), labels };
	});

export const actions: Actions = {
	/** Called by the Print button just before the browser's print dialog: the work event `reuse.labels`. */
	printed: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => recordItemLabelPrint(getDb(), locals.actor!, { codes: many(form.item), perPiece: form.perPiece !== '0' }));
		if (isFailure(r)) return fail(r.status, r.data);
		return { printed: r.labels };
	}
};
