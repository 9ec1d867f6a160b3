import { m } from '$lib/paraglide/messages';
import { OWN_TRAINING_RECORD, READ_TRAINING_RECORDS } from '$lib/permissions';
import { dayInZone, startOfDayInZone } from '$lib/format';
import { addDays, isIsoDate, shopToday } from '$lib/stock/dates';
import { FRAMEWORK_LABELS, FRAMEWORKS, levelLabel, type Framework, type Level } from '$lib/training/framework';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { hasAnyRole, requireRole } from '../auth/roles';
import type { Database } from '../db';
import { AppError } from '../errors';
import { actorZone } from '../timeZone';
import { bookletPdf } from './bookletPdf';
import { buildRecord, contractsOf } from './record';

/**
 * The skills booklet (issue 13, item 7): the person's, to take to an employer or a jury. Written once
 * here, rendered twice (the A4 page and the PDF). Plain JSON-able data: days as YYYY-MM-DD in the
 * organisation's time zone, no Date, no Map.
 */

export interface BookletPeriodInput {
	/** YYYY-MM-DD; by default the start of the person's latest contract (or a year ago without one). */
	from?: string | null;
	/** YYYY-MM-DD; by default the end of that contract, never after today (or today without one). */
	to?: string | null;
}

export interface BookletSkill {
	id: string;
	code: string;
	framework: Framework;
	block: string;
	name: string;
	level: Level;
	levelLabel: string;
	/** The day of the current validation, who gave it and their comment. */
	day: string;
	validatedBy: string;
	comment: string | null;
	/** The work over the period: how many times, first and last day, weeks active. */
	times: number;
	firstDay: string | null;
	lastDay: string | null;
	weeks: number;
}

export interface BookletData {
	organisation: string;
	person: { id: string; name: string; erased: boolean };
	period: { from: string; to: string };
	contract: { startDate: string; endDate: string; weeklyHours: number; referentName: string | null } | null;
	/** The frameworks the skills come from, in the frameworks' order, with their names (RNCP number…). */
	frameworks: { framework: Framework; label: string }[];
	skills: BookletSkill[];
	/** The day it was made (organisation's time zone). */
	madeOn: string;
}

function readPeriod(input: BookletPeriodInput): { from: string | null; to: string | null } {
	const errors: Record<string, string> = {};
	const from = (input.from ?? '').trim();
	const to = (input.to ?? '').trim();
	if (from && !isIsoDate(from)) errors.from = m.training_booklet_date_invalid();
	if (to && !isIsoDate(to)) errors.to = m.training_booklet_date_invalid();
	if (!errors.from && !errors.to && from && to && from > to) errors.to = m.training_booklet_period_order();
	const first = Object.keys(errors)[0];
	if (first) throw new AppError('invalid_period', errors[first]!, 400, first, errors);
	return { from: from || null, to: to || null };
}

/**
 * The booklet of `userId` over a period. One access rule: the person themself (OWN_TRAINING_RECORD, their
 * own id), or a supervisor or manager of the organisation (READ_TRAINING_RECORDS; the read of someone
 * else's record is audited `training.read`). Only validated skills, each at its current level; the
 * evidence is the work of the period.
 */
export async function bookletData(db: Database, actor: Actor, userId: string, input: BookletPeriodInput = {}): Promise<BookletData> {
	const own = userId === actor.userId;
	if (!(own && hasAnyRole(actor.roles, OWN_TRAINING_RECORD))) requireRole(actor, READ_TRAINING_RECORDS);
	const asked = readPeriod(input);
	const zone = actorZone(actor);
	const today = shopToday(new Date(), zone);
	return db.transaction(async (tx) => {
		const contracts = await contractsOf(tx, actor.organisationId, userId);
		const latest = contracts[0] ?? null;
		const from = asked.from ?? latest?.startDate ?? addDays(today, -365);
		const to = asked.to ?? (latest && latest.endDate < today ? latest.endDate : today);
		if (from > to) throw new AppError('invalid_period', m.training_booklet_period_order(), 400, 'from', { from: m.training_booklet_period_order() });
		const record = await buildRecord(tx, actor, userId, { from: startOfDayInZone(from, zone), to: startOfDayInZone(addDays(to, 1), zone) });
		if (!own) await audit(tx, actor, 'training.read', { type: 'user', id: userId });
		const day = (d: Date | null) => (d ? dayInZone(d, zone) : null);
		const skills = record.skills
			.filter((s) => s.current !== null)
			.map((s): BookletSkill => {
				const v = s.current!;
				return {
					id: s.skill.id,
					code: s.skill.code,
					framework: s.skill.framework,
					block: s.skill.block,
					name: s.skill.name,
					level: v.level,
					levelLabel: levelLabel(v.level),
					day: v.day,
					validatedBy: v.validatedBy,
					comment: v.comment,
					times: s.evidence?.times ?? 0,
					firstDay: day(s.evidence?.first ?? null),
					lastDay: day(s.evidence?.last ?? null),
					weeks: s.evidence?.weeks ?? 0
				};
			});
		const used = new Set(skills.map((s) => s.framework));
		return {
			organisation: actor.organisationName,
			person: { id: record.person.id, name: record.person.name, erased: record.person.erased },
			period: { from, to },
			contract: latest
				? { startDate: latest.startDate, endDate: latest.endDate, weeklyHours: latest.weeklyMinutes / 60, referentName: latest.referentName }
				: null,
			frameworks: FRAMEWORKS.filter((f) => used.has(f)).map((f) => ({ framework: f, label: FRAMEWORK_LABELS[f]() })),
			skills,
			madeOn: today
		};
	});
}

/**
 * For the booklet's page: the period asked in the address (`?from=&to=`); a bad one is shown beside the
 * period's fields (French) and the default period is used instead, so the page never fails on it.
 */
export async function bookletForPage(
	db: Database,
	actor: Actor,
	userId: string,
	params: URLSearchParams
): Promise<{ booklet: BookletData; asked: { from: string; to: string }; errors: Record<string, string> | null }> {
	const asked = { from: (params.get('from') ?? '').slice(0, 20), to: (params.get('to') ?? '').slice(0, 20) };
	try {
		return { booklet: await bookletData(db, actor, userId, asked), asked, errors: null };
	} catch (e) {
		if (!(e instanceof AppError) || e.code !== 'invalid_period') throw e;
		return { booklet: await bookletData(db, actor, userId), asked, errors: e.errors ?? { [e.field ?? 'from']: e.message } };
	}
}

/** The PDF's file name: livret-prenom-nom-AAAA-MM-JJ-AAAA-MM-JJ.pdf (ASCII). */
export function bookletFileName(data: BookletData): string {
	const slug =
		data.person.name
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'personne';
	return `livret-${slug}-${data.period.from}-${data.period.to}.pdf`;
}

/** The booklet as a PDF download (the page's GET `?from=&to=`). */
export async function bookletResponse(db: Database, actor: Actor, userId: string, params: URLSearchParams): Promise<Response> {
	const data = await bookletData(db, actor, userId, { from: params.get('from'), to: params.get('to') });
	const pdf = await bookletPdf(data);
	return new Response(pdf, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${bookletFileName(data)}"`,
			'cache-control': 'private, no-store'
		}
	});
}
