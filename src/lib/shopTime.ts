import { page } from '$app/state';
import { getLocale } from '$lib/paraglide/runtime';
import { DEFAULT_TIME_ZONE, dayInZone, formatDate, formatDateTime, formatTime, zoneOrDefault } from './format';

/**
 * The organisation's time zone for components: the (app) layout puts it in the page data
 * (`timeZone`), so the server render and the browser show the same wall time. Call these while
 * rendering (or in handlers); outside the signed-in app the default zone is used.
 */
export function shopZone(): string {
	try {
		return zoneOrDefault(page.data?.timeZone);
	} catch {
		return DEFAULT_TIME_ZONE;
	}
}

/** "23/11/2026 14:05" in the shop's zone and the person's language. */
export const shopDateTime = (d: Date | string | null | undefined, empty = '—'): string => formatDateTime(d, shopZone(), getLocale(), empty);
/** "14:05" in the shop's zone. */
export const shopTime = (d: Date | string | null | undefined, empty = '—'): string => formatTime(d, shopZone(), getLocale(), empty);
/** "23/11/2026": the shop's day of an instant. */
export const shopDate = (d: Date | string | null | undefined, empty = '—'): string => formatDate(d, shopZone(), getLocale(), empty);
/** Today in the shop, YYYY-MM-DD. */
export const shopDay = (now: Date = new Date()): string => dayInZone(now, shopZone());
