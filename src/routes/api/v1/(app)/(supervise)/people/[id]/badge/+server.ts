import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle, readJson } from '$lib/server/http/api';
import { qrSvg } from '$lib/server/labels/qr';
import { checkMayChange, getPerson, issueBadge, revokeBadge } from '$lib/server/people/people';
import type { RequestHandler } from './$types';

const body = z.object({ replace: z.boolean().optional() });

/**
 * Issues a badge and answers its code once (only its hash is kept). A person who has one already keeps
 * it unless `replace: true` (the screen asks the same confirmation): the old one stops working.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		const actor = locals.actor!;
		await checkMayChange(db, actor, params.id, 'badge');
		const hasBody = !!request.headers.get('content-type') || Number(request.headers.get('content-length') ?? '0') > 0;
		const { replace } = hasBody ? await readJson(request, body) : {};
		if ((await getPerson(db, actor, params.id)).hasBadge && replace !== true) throw new AppError('badge_exists', m.api_badge_replace_needed(), 409, 'replace');
		const r = await issueBadge(db, actor, params.id);
		return json(
			{ code: r.code, qrSvg: await qrSvg(r.code), firstName: r.person.firstName, lastName: r.person.lastName },
			{ status: 201, headers: { 'cache-control': 'no-store' } }
		);
	});

/** Revokes the person's badge: it stops working and the sessions opened with it end. */
export const DELETE: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		await revokeBadge(getDb(), locals.actor!, params.id);
		return json({ ok: true });
	});
