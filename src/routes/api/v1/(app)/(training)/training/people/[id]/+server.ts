import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { recordJson } from '$lib/server/training/events-list';
import { trainingRecord } from '$lib/server/training/record';
import type { RequestHandler } from './$types';

/** A person's training record: contracts, skills with evidence, current level and history, signals (the read is audited). */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(recordJson(await trainingRecord(getDb(), locals.actor!, params.id))));
