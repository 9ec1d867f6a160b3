import { json } from '@sveltejs/kit';
import { MANAGE_PARCEL_TEMPLATES } from '$lib/permissions';
import { activeBody } from '$lib/server/api/bodies';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { templateBody, templateInputOf, templateJson } from '$lib/server/parcels/apiViews';
import { getTemplate, setTemplateActive, updateTemplate } from '$lib/server/parcels/templates';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(templateJson(await getTemplate(getDb(), locals.actor!, params.id))));

/** Replaces the template's name, note and lines (the edit page's form, whole). A line sent with its id keeps it. */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_PARCEL_TEMPLATES);
		const db = getDb();
		await getTemplate(db, locals.actor!, params.id);
		const body = await readJson(request, templateBody);
		await updateTemplate(db, locals.actor!, params.id, templateInputOf(body));
		return json(templateJson(await getTemplate(db, locals.actor!, params.id)));
	});

/** Takes the template out of use or back: {"active": false}. Refused (409) while a planned day uses it. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_PARCEL_TEMPLATES);
		const db = getDb();
		await getTemplate(db, locals.actor!, params.id);
		const { active } = await readJson(request, activeBody);
		await setTemplateActive(db, locals.actor!, params.id, active);
		return json(templateJson(await getTemplate(db, locals.actor!, params.id)));
	});
