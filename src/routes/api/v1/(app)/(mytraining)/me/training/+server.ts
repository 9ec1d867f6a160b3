import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { recordJson } from '$lib/server/training/events-list';
import { myRecord } from '$lib/server/training/record';
import type { RequestHandler } from './$types';

/** "Mon parcours" through the API: the operator's own training record (nobody else's: there is no id to give). */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json(recordJson(await myRecord(getDb(), locals.actor!))));
