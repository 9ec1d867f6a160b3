import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { isAppError, isDatabaseUnavailable } from '$lib/server/errors';
import { attempt, isFailure } from '$lib/server/http/forms';
import { hasBadCharacter, readBody } from '$lib/server/http/input';
import { CATALOGUE_FILE_MAX, ensureDefaultCategories, importCatalogueCsv, listCategories, searchProducts } from '$lib/server/stock/catalogue';
import { pageParam } from '$lib/server/http/paging';
import type { Actions, PageServerLoad } from './$types';

const DONE: Record<string, () => string> = { created: m.product_created, saved: m.product_saved };
const MAX_FILE = CATALOGUE_FILE_MAX;

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	const inactive = url.searchParams.get('inactifs') === '1';
	const review = url.searchParams.get('verifier') === '1';
	const page = pageParam(url);
	const db = getDb();
	const [result, toReview, cats] = await Promise.all([
		searchProducts(db, locals.actor!, { q, page, includeInactive: inactive, needsReview: review }),
		searchProducts(db, locals.actor!, { includeInactive: true, needsReview: true, limit: 1 }),
		listCategories(db, locals.actor!)
	]);
	return {
		query: { q, inactive, review },
		result,
		/** Products created at a reception by an operator or a supervisor, not yet saved by a manager. */
		toReview: toReview.total,
		categories: Object.fromEntries(cats.map((c) => [c.id, c.path])),
		hasCategories: cats.length > 0,
		done: DONE[url.searchParams.get('ok') ?? '']?.() ?? null
	};
};

export const actions: Actions = {
	import: async ({ request, locals }) => {
		let text: string;
		try {
			// The file and the form around it, bounded even when streamed (413 beyond).
			const bytes = await readBody(request, MAX_FILE + 20_000);
			const data = await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
			const file = data.get('file');
			if (!(file instanceof File) || file.size === 0) return fail(400, { error: m.csv_no_file() });
			if (file.size > MAX_FILE) return fail(413, { error: m.csv_too_big() });
			text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
		} catch (e) {
			if (isAppError(e) && e.status === 413) return fail(413, { error: m.csv_too_big() });
			if (isDatabaseUnavailable(e)) throw e;
			return fail(400, { error: m.csv_not_utf8() });
		}
		if (hasBadCharacter(text)) return fail(400, { error: m.error_invalid_characters() });
		const r = await attempt(() => importCatalogueCsv(getDb(), locals.actor!, text));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		if (r.errors.length > 0) return fail(400, { error: m.csv_import_refused({ count: r.errors.length }), report: r.errors.slice(0, 200) });
		return { ok: m.csv_imported({ created: r.created, updated: r.updated }) };
	},
	categories: async ({ locals }) => {
		const r = await attempt(() => ensureDefaultCategories(getDb(), locals.actor!));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		return { ok: m.categories_created() };
	}
};
