import { isRedirect, type RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { actions } from '../../src/routes/(public)/connexion/+page.server';
import { IP_POLICY, ipKey, recordFailure } from '$lib/server/auth/throttle';
import { useApiTestDatabase } from '../helpers/api';
import { auditRows, makeOrg, TEST_PASSWORD, uniq } from '../helpers/fixtures';

// The sign-in page's real form action, on the test database (served to getDb()).
const t = useApiTestDatabase();

const PROXY = '10.0.0.1';

/** Posts the sign-in form as a browser behind the shop's reverse proxy would: the socket is the proxy's. */
async function signIn(form: { username: string; password: string }, opts: { xff?: string; redirectTo?: string } = {}) {
	const url = new URL(`http://shop.local/connexion${opts.redirectTo === undefined ? '' : `?redirectTo=${opts.redirectTo}`}`);
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', origin: url.origin };
	if (opts.xff) headers['x-forwarded-for'] = opts.xff;
	const jar = new Map<string, string>();
	const event = {
		url,
		request: new Request(url, { method: 'POST', headers, body: new URLSearchParams(form).toString() }),
		locals: { actor: null, device: null, sessionExpired: false },
		cookies: { get: (n: string) => jar.get(n), set: (n: string, v: string) => void jar.set(n, v), delete: (n: string) => void jar.delete(n) },
		getClientAddress: () => PROXY
	} as unknown as RequestEvent;
	try {
		const r = (await actions.default!(event as never)) as { status: number; data: { error: string } };
		return { status: r.status, error: r.data.error, location: null, cookie: jar.get('session') ?? null };
	} catch (e) {
		if (isRedirect(e)) return { status: e.status, error: null, location: e.location, cookie: jar.get('session') ?? null };
		throw e;
	}
}

afterEach(() => {
	vi.unstubAllEnvs();
});

describe('the sign-in form action', () => {
	test('the issue’s redirectTo (%2F%09%2Fevil.example%2F) lands on this site’s home page', async () => {
		const org = await makeOrg(t.db);
		const xff = `192.0.2.${1 + Math.floor(Math.random() * 200)}`;
		const r = await signIn({ username: org.users.manager.username, password: TEST_PASSWORD }, { redirectTo: '%2F%09%2Fevil.example%2F', xff });
		expect(r.status).toBe(303);
		expect(r.location).toBe('/');
		expect(r.cookie).not.toBeNull();
		const kept = await signIn({ username: org.users.manager.username, password: TEST_PASSWORD }, { redirectTo: '%2Fventes%3Fpage%3D2' });
		expect(kept.location).toBe('/ventes?page=2');
	});

	test('TRUST_PROXY=true: one client’s failures do not refuse the others behind the same proxy', async () => {
		vi.stubEnv('TRUST_PROXY', 'true');
		const org = await makeOrg(t.db);
		const attacker = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
		// The attacker's own address reaches its ceiling (the last failure through the form itself).
		await recordFailure(
			t.db,
			Array.from({ length: IP_POLICY.freeFailures - 1 }, () => ipKey(attacker)),
			new Date()
		);
		const last = await signIn({ username: `ghost-${uniq()}`, password: 'some-password' }, { xff: attacker });
		expect(last.status).toBe(429);
		// Even with a forged address on the left of the header, the attacker is the right-most entry.
		const forged = await signIn({ username: org.users.manager.username, password: TEST_PASSWORD }, { xff: `198.51.100.4, ${attacker}` });
		expect(forged.status).toBe(429);
		// Colleagues behind the same proxy, each with their own address, sign in.
		for (const colleague of ['192.0.2.10', '192.0.2.11']) {
			const ok = await signIn({ username: org.users.manager.username, password: TEST_PASSWORD }, { xff: colleague });
			expect(ok.status, colleague).toBe(303);
		}
		// The failure is audited with the client's address, not the proxy's.
		const ownFailure = await signIn({ username: org.users.social_worker.username, password: 'not-the-password' }, { xff: '192.0.2.12' });
		expect(ownFailure.status).toBe(400);
		const rows = await auditRows(t.db, org.organisationId, 'auth.login_failed');
		expect(rows.map((r) => [r.userId, r.details])).toEqual([
			[org.users.manager.id, { address: attacker, reason: 'throttled' }],
			[org.users.social_worker.id, { address: '192.0.2.12', reason: 'wrong_password' }]
		]);
	});

	test('without TRUST_PROXY the header is not believed: a client cannot dodge its address’s count by sending one', async () => {
		vi.stubEnv('TRUST_PROXY', 'false');
		const org = await makeOrg(t.db);
		const u = org.users.supervisor;
		let throttled = 0;
		for (let i = 0; i < 8; i++) {
			const r = await signIn({ username: u.username, password: `wrong-${i}-password` }, { xff: `198.51.100.${i + 1}` });
			if (r.status === 429) throttled++;
		}
		// All eight counted against the one (proxy) address for this name: the pair's delay started.
		expect(throttled).toBeGreaterThan(0);
		expect((await auditRows(t.db, org.organisationId, 'auth.login_failed')).every((r) => (r.details as { address: string }).address === PROXY)).toBe(true);
	});
});
