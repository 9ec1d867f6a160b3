import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { handle } from '../../src/hooks.server';
import { createSession, validateSessionToken } from '$lib/server/auth/sessions';
import { badgeSignIn, pinSignIn } from '$lib/server/auth/tablet';
import { revokeDevice, type DeviceInfo } from '$lib/server/auth/devices';
import { sessions } from '$lib/server/db/schema';
import { DEVICE_COOKIE, SESSION_COOKIE } from '$lib/server/http/cookies';
import { issueBadge, revokeBadge } from '$lib/server/people/people';
import { useApiTestDatabase } from '../helpers/api';
import { makeDevice, makeOrg, TEST_PIN, type OrgFixture } from '../helpers/fixtures';

const t = useApiTestDatabase();

// SvelteKit's sequence() reads its request store; a request run outside the server needs one.
const internal = '@sveltejs/kit/internal/server';
const { with_request_store } = (await import(/* @vite-ignore */ internal)) as { with_request_store: <T>(store: unknown, fn: () => T) => T };

async function pinSession(org: OrgFixture, device: DeviceInfo, userId = org.users.operator.id) {
	const r = await pinSignIn(t.db, device, { userId, pin: TEST_PIN });
	if (!r.ok) throw r.error;
	return r.session;
}

/**
 * One request through the app's real hooks (identify, then the route guard), with these cookies. The
 * route itself is replaced by a stub that reports who the hooks let through.
 */
async function request(path: string, routeId: string, cookies: Record<string, string>, method = 'GET') {
	const url = new URL(`http://shop.local${path}`);
	const jar = new Map(Object.entries(cookies));
	const event = {
		url,
		request: new Request(url, { method, headers: method === 'GET' ? {} : { origin: url.origin } }),
		route: { id: routeId },
		params: {},
		locals: {},
		cookies: {
			get: (name: string) => jar.get(name),
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			set: (name: string, value: string) => void jar.set(name, value),
			delete: (name: string) => void jar.delete(name),
			serialize: () => ''
		},
		getClientAddress: () => '192.0.2.10',
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false,
		fetch
	} as unknown as RequestEvent;
	let reached: App.Locals | null = null;
	try {
		const state = { tracing: { record_span: ({ fn }: { fn: (span: unknown) => unknown }) => fn({}) } };
		const response = await with_request_store({ event, state }, () =>
			handle({
				event,
				resolve: async (e) => {
					reached = e.locals;
					return new Response('ok');
				}
			})
		);
		return { status: response.status, location: response.headers.get('location'), reached: reached as App.Locals | null, jar };
	} catch (e) {
		if (isRedirect(e)) return { status: e.status, location: e.location, reached, jar };
		if (isHttpError(e)) return { status: e.status, location: null, reached, jar };
		throw e;
	}
}

describe('a tablet session lives on its tablet', () => {
	test('a PIN session opens only with its own tablet’s device id; a password session needs none', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const { device: other } = await makeDevice(t.db, org, 'Tablette réserve');
		const s = await pinSession(org, device);
		expect((await validateSessionToken(t.db, s.token, new Date(), device.id))?.actor.userId).toBe(org.users.operator.id);
		expect(await validateSessionToken(t.db, s.token, new Date(), null)).toBeNull();
		expect(await validateSessionToken(t.db, s.token, new Date(), other.id)).toBeNull();
		// The copy is refused but does not sign the operator out on the tablet.
		expect(await t.db.select().from(sessions).where(eq(sessions.id, s.id))).toHaveLength(1);
		expect(await validateSessionToken(t.db, s.token, new Date(), device.id)).not.toBeNull();

		const pc = await createSession(t.db, { userId: org.users.manager.id, organisationId: org.organisationId, method: 'password' });
		expect(await validateSessionToken(t.db, pc.token, new Date(), null)).not.toBeNull();
		expect(await validateSessionToken(t.db, pc.token, new Date(), device.id)).not.toBeNull();
	});

	test('through the hooks: the session cookie alone reads no page or API and records nothing; with the tablet’s cookie it does', async () => {
		const org = await makeOrg(t.db);
		const { device, token: deviceToken } = await makeDevice(t.db, org);
		const { token: otherDeviceToken } = await makeDevice(t.db, org, 'Tablette réserve');
		const s = await pinSession(org, device);

		// On its tablet: let through, as the operator, on that tablet.
		const onTablet = await request('/ventes', '/(app)/(sales)/ventes', { [SESSION_COOKIE]: s.token, [DEVICE_COOKIE]: deviceToken });
		expect(onTablet.status).toBe(200);
		expect(onTablet.reached?.actor).toMatchObject({ userId: org.users.operator.id, deviceId: device.id });

		// The copied cookie on another machine: sent to sign in, API 401, a cash-out refused.
		const page = await request('/ventes', '/(app)/(sales)/ventes', { [SESSION_COOKIE]: s.token });
		expect(page.reached).toBeNull();
		expect(page.status).toBe(303);
		expect(page.location).toMatch(/^\/connexion\?redirectTo=%2Fventes/);
		const api = await request('/api/v1/sales', '/api/v1/(sales)/sales', { [SESSION_COOKIE]: s.token });
		expect(api.reached).toBeNull();
		expect(api.status).toBe(401);
		const cashOut = await request('/caisse?/cash', '/(app)/(till)/caisse', { [SESSION_COOKIE]: s.token }, 'POST');
		expect(cashOut.reached).toBeNull();
		expect(cashOut.status).toBe(401);
		// On another enrolled tablet of the same organisation: sent to that tablet's sign-in screen.
		const otherTablet = await request('/ventes', '/(app)/(sales)/ventes', { [SESSION_COOKIE]: s.token, [DEVICE_COOKIE]: otherDeviceToken });
		expect(otherTablet.reached).toBeNull();
		expect(otherTablet.location).toMatch(/^\/tablette\?/);

		// The operator's own tablet still works afterwards.
		const again = await request('/ventes', '/(app)/(sales)/ventes', { [SESSION_COOKIE]: s.token, [DEVICE_COOKIE]: deviceToken });
		expect(again.reached?.actor?.userId).toBe(org.users.operator.id);
	});

	test('a revoked tablet: its sessions end with it', async () => {
		const org = await makeOrg(t.db);
		const { device, token: deviceToken } = await makeDevice(t.db, org);
		const s = await pinSession(org, device);
		await revokeDevice(t.db, org.actors.supervisor, device.id);
		const after = await request('/ventes', '/(app)/(sales)/ventes', { [SESSION_COOKIE]: s.token, [DEVICE_COOKIE]: deviceToken });
		expect(after.reached).toBeNull();
		expect(await t.db.select().from(sessions).where(eq(sessions.id, s.id))).toHaveLength(0);
	});
});

describe('a replaced or revoked badge ends the sessions opened with it', () => {
	test('replacing the badge signs out its badge sessions on every tablet, not the PIN ones', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const { device: other } = await makeDevice(t.db, org, 'Tablette réserve');
		const op = org.users.operator.id;
		const { code } = await issueBadge(t.db, org.actors.supervisor, op);
		const b1 = await badgeSignIn(t.db, device, { code });
		const b2 = await badgeSignIn(t.db, other, { code });
		const pin = await pinSession(org, device);
		expect(await validateSessionToken(t.db, b1.token, new Date(), device.id)).not.toBeNull();

		await issueBadge(t.db, org.actors.supervisor, op);
		expect(await validateSessionToken(t.db, b1.token, new Date(), device.id)).toBeNull();
		expect(await validateSessionToken(t.db, b2.token, new Date(), other.id)).toBeNull();
		expect(await validateSessionToken(t.db, pin.token, new Date(), device.id)).not.toBeNull();
	});

	test('revoking the badge signs out its badge sessions', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const op = org.users.operator.id;
		const { code } = await issueBadge(t.db, org.actors.supervisor, op);
		const b = await badgeSignIn(t.db, device, { code });
		await revokeBadge(t.db, org.actors.supervisor, op);
		expect(await validateSessionToken(t.db, b.token, new Date(), device.id)).toBeNull();
		expect(await t.db.select().from(sessions).where(eq(sessions.userId, op))).toHaveLength(0);
	});
});
