import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { listSkills } from '$lib/server/training/framework';
import type { RequestHandler } from './$types';

/** The organisation's skills framework, each skill with the work events that give evidence of it. */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json({ items: await listSkills(getDb(), locals.actor!) }));
