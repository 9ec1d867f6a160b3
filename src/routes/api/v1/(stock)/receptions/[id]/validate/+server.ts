import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { validateReception } from '$lib/server/stock/receptions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await validateReception(getDb(), locals.actor!, params.id)));
