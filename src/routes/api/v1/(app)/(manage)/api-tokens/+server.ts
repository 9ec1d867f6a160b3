import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { createApiToken, listApiTokens } from '$lib/server/auth/apiTokens';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The organisation's API tokens, newest first (never their secret: only its first characters). */
export const GET: RequestHandler = ({ locals }) =>
	apiHandle(async () => json({ items: await listApiTokens(getDb(), locals.actor!) }, { headers: { 'cache-control': 'no-store' } }));

const body = z.object({ name: z.string().max(200), roles: z.array(z.string().max(40)).max(10) });

/**
 * Creates a token with at most the caller's roles (through a token: at most that token's roles). The
 * secret is in this answer only, never stored, never shown again.
 */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const db = getDb();
		const { id, token } = await createApiToken(db, locals.actor!, input as never);
		const row = (await listApiTokens(db, locals.actor!)).find((t) => t.id === id)!;
		return json({ ...row, token }, { status: 201, headers: { 'cache-control': 'no-store' } });
	});
