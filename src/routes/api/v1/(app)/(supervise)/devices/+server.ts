import { json } from '@sveltejs/kit';
import { listDevices } from '$lib/server/auth/devices';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The organisation's tablets, active first (no token: only its hash is kept). Enrolling stays on the tablet's screen. */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json({ items: await listDevices(getDb(), locals.actor!) }));
