import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle } from '$lib/server/http/api';
import { listLocations } from '$lib/server/places/places';
import type { RequestHandler } from './$types';

/** The organisation's active locations (?site=<uuid> for one site). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const site = url.searchParams.get('site');
		if (site !== null && !z.uuid().safeParse(site).success) throw new AppError('invalid_input', m.api_invalid_field({ field: 'site' }), 400, 'site');
		const rows = await listLocations(getDb(), locals.actor!, { siteId: site ?? undefined });
		return json({
			items: rows.map((l) => ({ id: l.id, code: l.code, name: l.name, kind: l.kind, zone: l.zone, site: { id: l.siteId, name: l.siteName } }))
		});
	});
