import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { runDashboard } from '$lib/server/reports/dashboard';
import type { RequestHandler } from './$types';

/** GET /reports/dashboard — the dashboard's figures as JSON (server/reports/dashboard.ts): supervisors get the stock part only. */
export const GET: RequestHandler = (event) => apiHandle(async () => json(await runDashboard(getDb(), event.locals.actor!, event.url.searchParams)));
