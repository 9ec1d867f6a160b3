import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { limitCategories } from '$lib/server/households/rights';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The categories a right's limit can name (the organisation's active ones, by name), as the file's form lists them. */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json({ items: await limitCategories(getDb(), locals.actor!) }));
