import { formatLongDay, type Locale } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { addDays } from '$lib/stock/dates';
import { workEventLabel, type WORK_EVENT_AREA, type WorkEventType } from './events';
import { levelLabel, type Level } from './framework';
import { suggestionText, type Suggestion } from './next';

/**
 * "Mon parcours", the employee's own page (issue 13, item 5): what it shows (built by
 * server/training/mine.ts) and the same facts as plain sentences for the "Écouter" button. Pure.
 */

export type WorkArea = (typeof WORK_EVENT_AREA)[WorkEventType];

export interface WeekWork {
	type: WorkEventType;
	area: WorkArea;
	times: number;
}

export interface Practised {
	skillId: string;
	name: string;
	block: string;
	times: number;
	/** First day practised (YYYY-MM-DD, the organisation's zone). */
	sinceDay: string;
}

export interface Validated {
	skillId: string;
	name: string;
	block: string;
	level: Level;
	day: string;
	by: string;
	comment: string | null;
}

export interface Parcours {
	firstName: string;
	/** Monday of this week and today (YYYY-MM-DD, the organisation's zone). */
	week: { from: string; to: string; work: WeekWork[] };
	learning: Practised[];
	validated: Validated[];
	next: Suggestion[];
	/** The contract running today, else the latest one: its end and the referent's name only. */
	contract: { endDate: string; referentName: string | null } | null;
}

/** The Monday (YYYY-MM-DD) of the week of a calendar day: weeks run Monday to Sunday. */
export function mondayOf(day: string): string {
	const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
	return addDays(day, -((weekday + 6) % 7));
}

/** The speech language of the interface's locale. */
export const speechLang = (locale: Locale): string => (locale === 'en' ? 'en-GB' : 'fr-FR');

/**
 * The page's main text as plain sentences, one a line, in the page's order: the same facts the page shows
 * (this week's work with its counts, the skills practised, the validated levels with who and when, what
 * comes next, the contract's end and the referent).
 */
export function parcoursText(p: Parcours, locale: Locale): string {
	const day = (iso: string) => formatLongDay(iso, locale);
	const lines: string[] = [
		m.training_mine_hello({ name: p.firstName }),
		'',
		m.training_mine_week_title() + '.',
		m.training_mine_week_since({ day: day(p.week.from) })
	];
	if (p.week.work.length === 0) lines.push(m.training_mine_week_empty());
	for (const w of p.week.work) lines.push(m.training_mine_say({ what: workEventLabel(w.type), times: m.training_mine_times({ count: w.times }) }));
	lines.push('', m.training_mine_learn_title() + '.');
	if (p.learning.length === 0) lines.push(m.training_mine_learn_empty());
	for (const s of p.learning)
		lines.push(m.training_mine_say({ what: s.name, times: m.training_mine_times({ count: s.times }) }), m.training_mine_since({ day: day(s.sinceDay) }));
	lines.push('', m.training_mine_validated_title() + '.');
	if (p.validated.length === 0) lines.push(m.training_mine_validated_empty());
	for (const v of p.validated) {
		lines.push(v.name + '.', m.training_mine_level({ level: levelLabel(v.level) }), m.training_mine_validated_by({ day: day(v.day), name: v.by }));
		if (v.comment) lines.push(m.training_mine_comment({ comment: v.comment }));
	}
	lines.push('', m.training_mine_next_title() + '.');
	if (p.next.length === 0) lines.push(m.training_mine_next_empty());
	for (const s of p.next) lines.push(suggestionText(s) + '.');
	if (p.contract) {
		lines.push('', m.training_mine_contract_title() + '.', m.training_mine_contract_end({ day: day(p.contract.endDate) }));
		if (p.contract.referentName) lines.push(m.training_mine_referent({ name: p.contract.referentName }));
	}
	return lines.join('\n');
}
