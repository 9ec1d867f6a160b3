import type { Cookies } from '@sveltejs/kit';
import { config, DEVICE_COOKIE_MAX_AGE_S } from '../config';

export const SESSION_COOKIE = 'session';
export const DEVICE_COOKIE = 'device';

/** Secure when served over HTTPS (or when COOKIE_SECURE says so); plain HTTP on a shop's LAN still works. */
function secure(url: URL): boolean {
	return config.cookieSecure ?? url.protocol === 'https:';
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(url), expires: expiresAt });
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(url) });
}

export function setDeviceCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(DEVICE_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(url), maxAge: DEVICE_COOKIE_MAX_AGE_S });
}

export function clearDeviceCookie(cookies: Cookies, url: URL): void {
	cookies.delete(DEVICE_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(url) });
}
