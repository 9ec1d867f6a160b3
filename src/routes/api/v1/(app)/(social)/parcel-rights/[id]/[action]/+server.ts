import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { changeParcelRightStatus, checkParcelRight, renewParcelRight } from '$lib/server/households/parcelRights';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

const body = z.object({ reason: z.string().max(500).optional() });

/** POST /parcel-rights/{id}/renew | suspend | resume | revoke (suspend and revoke need {"reason"}), as /rights/{id}/{action}. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		if (params.action === 'renew') return json(await renewParcelRight(db, locals.actor!, params.id));
		if (params.action !== 'suspend' && params.action !== 'resume' && params.action !== 'revoke') throw new AppError('not_found', m.error_not_found(), 404);
		await checkParcelRight(db, locals.actor!, params.id);
		const { reason } = params.action === 'resume' ? { reason: '' } : await readJson(request, body);
		await changeParcelRightStatus(db, locals.actor!, params.id, params.action, reason ?? '');
		return json({ ok: true });
	});
