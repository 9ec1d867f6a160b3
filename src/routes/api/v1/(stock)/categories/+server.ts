import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { listCategories } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/** The organisation's categories, the tree flattened in reading order, each with its path ("Frais › Produits laitiers"). */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json({ items: await listCategories(getDb(), locals.actor!) }));
