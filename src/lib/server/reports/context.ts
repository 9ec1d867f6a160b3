/**
 * What every report reads from its request: the period (period/from/to, $lib/reports/period), the site
 * (`site`, an id of one of the organisation's sites), the organisation's zone and day. A bad parameter
 * is a 400 with a French message, an unknown site a 404 — before any figure is computed.
 */
import { and, eq } from 'drizzle-orm';
import { dayInZone, startOfDayInZone } from '$lib/format';
import { addDays, periodLabel, readPeriod, type Period } from '$lib/reports/period';
import type { Actor } from '../auth/actor';
import type { Executor } from '../db';
import { sites } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from '../http/input';
import { actorZone } from '../timeZone';

export interface ReportContext {
	actor: Actor;
	zone: string;
	/** The organisation's calendar day now. */
	today: string;
	now: Date;
	period: Period;
	periodLabel: string;
	/** First instant of the period (start of `period.from` in the zone). */
	from: Date;
	/** First instant after the period (start of the day after `period.to`). */
	to: Date;
	siteId: string | null;
	/** Every query parameter, for a report's own (e.g. `days` for expiry, `at` for stock at a date). */
	params: URLSearchParams;
	locale: string;
}

/** The instants of a period in a zone: [start of from, start of the day after to). */
export function periodInstants(p: Period, zone: string): { from: Date; to: Date } {
	return { from: startOfDayInZone(p.from, zone), to: startOfDayInZone(addDays(p.to, 1), zone) };
}

/** Reads and checks a report request's parameters. */
export async function readReportContext(
	ex: Executor,
	actor: Actor,
	params: URLSearchParams,
	opts: { now?: Date; locale?: string } = {}
): Promise<ReportContext> {
	const now = opts.now ?? new Date();
	const zone = actorZone(actor);
	const today = dayInZone(now, zone);
	const read = readPeriod(params, today);
	if (!read.ok) throw new AppError('invalid_period', read.message, 400, read.field);
	const siteText = params.get('site') || null;
	let siteId: string | null = null;
	if (siteText) {
		if (!isUuid(siteText)) throw new AppError('unknown_site', 'Site inconnu.', 404, 'site');
		const [s] = await ex
			.select({ id: sites.id })
			.from(sites)
			.where(and(eq(sites.organisationId, actor.organisationId), eq(sites.id, siteText)));
		if (!s) throw new AppError('unknown_site', 'Site inconnu.', 404, 'site');
		siteId = s.id;
	}
	const locale = opts.locale ?? 'fr';
	return {
		actor,
		zone,
		today,
		now,
		period: read.period,
		periodLabel: periodLabel(read.period, locale),
		...periodInstants(read.period, zone),
		siteId,
		params,
		locale
	};
}

/** A whole number parameter of a report within bounds (400 in French otherwise); `fallback` when absent. */
export function intParam(ctx: ReportContext, name: string, fallback: number, min: number, max: number, label: string): number {
	const text = ctx.params.get(name);
	if (text === null || text === '') return fallback;
	if (!/^\d{1,6}$/.test(text) || Number(text) < min || Number(text) > max)
		throw new AppError('invalid_parameter', `${label} : un nombre entier de ${min} à ${max}.`, 400, name);
	return Number(text);
}
