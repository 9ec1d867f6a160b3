import { json } from '@sveltejs/kit';
import { getHandle } from '$lib/server/db/app';
import type { RequestHandler } from './$types';

/** 200 when the database answers within 2 s, 503 otherwise. For load balancers and monitoring. */
export const GET: RequestHandler = async () => {
	const handle = getHandle();
	if (!handle) return json({ status: 'unavailable', database: 'starting or unreachable' }, { status: 503 });
	try {
		await Promise.race([handle.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
		return json({ status: 'ok', database: handle.kind }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable', database: handle.kind }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
