import { DEFAULT_LABEL_FORMAT, isLabelFormat, LABEL_FORMATS, parseSkip } from '$lib/components/labels/formats';
import { getDb } from '$lib/server/db/app';
import { locationLabels } from '$lib/server/labels/locationLabels';
import type { PageServerLoad } from './$types';

/**
 * Labels of locations: ?id=…&id=… (ticked on the places page) or ?site=… (all of a site),
 * &format=roll62|zebra57|a4-24, &skip=N (positions already used on the first A4 sheet).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const raw = url.searchParams.get('format');
	const format = isLabelFormat(raw) ? raw : DEFAULT_LABEL_FORMAT;
	const skip = parseSkip(LABEL_FORMATS[format], url.searchParams.get('skip'));
	const ids = url.searchParams.getAll('id').slice(0, 500);
	const siteId = url.searchParams.get('site');
	const labels = await locationLabels(getDb(), locals.actor!, { ids, siteId });
	return { format, skip, selection: { ids: labels.length > 0 && ids.length > 0 ? labels.map((l) => l.id) : [], siteId: siteId ?? '' }, labels };
};
