import { json } from '@sveltejs/kit';
import { MANAGE_PARCEL_TEMPLATES } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { templateBody, templateInputOf, templateJson, templateSummaryJson } from '$lib/server/parcels/apiViews';
import { createTemplate, getTemplate, listTemplates } from '$lib/server/parcels/templates';
import type { RequestHandler } from './$types';

/** The organisation's parcel templates (`?inactive=1`: those out of use too). Managers, planners and preparers read. */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const rows = await listTemplates(getDb(), locals.actor!, { includeInactive: url.searchParams.get('inactive') === '1' });
		return json({ items: rows.map(templateSummaryJson) });
	});

/** Creates a template with its lines (managers: the templates page). */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_PARCEL_TEMPLATES);
		const body = await readJson(request, templateBody);
		const db = getDb();
		const { id } = await createTemplate(db, locals.actor!, templateInputOf(body));
		return json(templateJson(await getTemplate(db, locals.actor!, id)), { status: 201 });
	});
