import { m } from '$lib/paraglide/messages';
import { addDays } from '$lib/stock/dates';
import type { Level } from './framework';

/**
 * "La suite" on an employee's own page (issue 13, item 5): what to do next, from their own evidence and
 * levels. Pure, so that the page and the text read aloud say the same. Encouraging only: never a mark,
 * never a quality signal. At most three suggestions, one of each kind first:
 * - `validate`: a skill practised often (OFTEN times or more) that no supervisor has validated yet;
 * - `continue`: a skill validated below "en autonomie" and practised in the last RECENT_DAYS days;
 * - `discover`: a block (or domain) where nothing has been practised nor validated yet.
 */

/** Practised this many times or more: time to ask for a validation. */
export const OFTEN = 10;
/** Practised within this many days: "recent". */
export const RECENT_DAYS = 30;
/** Suggestions shown at most. */
export const MAX_SUGGESTIONS = 3;

export interface NextSkill {
	id: string;
	name: string;
	block: string;
	/** An inactive skill is never suggested (it can no longer be validated). */
	active: boolean;
	/** Work events that give evidence of it (0: never practised). */
	times: number;
	/** The last day practised (YYYY-MM-DD in the organisation's zone), if ever. */
	lastDay: string | null;
	/** The current validated level, if any. */
	level: Level | null;
}

export type Suggestion = { kind: 'validate' | 'continue'; skillId: string; subject: string } | { kind: 'discover'; block: string; subject: string };

const BELOW_AUTONOMY: readonly Level[] = ['discovery', 'with_help'];

/** The suggestions for a person, in the framework's order within each kind (`skills` in that order). */
export function nextSteps(skills: readonly NextSkill[], today: string): Suggestion[] {
	const since = addDays(today, -RECENT_DAYS);
	const active = skills.filter((s) => s.active);
	const validate = active
		.filter((s) => s.level === null && s.times >= OFTEN)
		.sort((a, b) => b.times - a.times)
		.map((s): Suggestion => ({ kind: 'validate', skillId: s.id, subject: s.name }));
	const keep = active
		.filter((s) => s.level !== null && BELOW_AUTONOMY.includes(s.level) && s.lastDay !== null && s.lastDay >= since)
		.sort((a, b) => (b.lastDay! < a.lastDay! ? -1 : b.lastDay! > a.lastDay! ? 1 : b.times - a.times))
		.map((s): Suggestion => ({ kind: 'continue', skillId: s.id, subject: s.name }));
	const blocks = [...new Set(active.map((s) => s.block))];
	const touched = new Set(skills.filter((s) => s.times > 0 || s.level !== null).map((s) => s.block));
	const discover = blocks.filter((b) => !touched.has(b)).map((b): Suggestion => ({ kind: 'discover', block: b, subject: b }));
	// One of each kind first, then the rest in the same order.
	const out: Suggestion[] = [];
	const lists = [validate, keep, discover];
	for (let i = 0; out.length < MAX_SUGGESTIONS && lists.some((l) => i < l.length); i++)
		for (const l of lists) if (i < l.length && out.length < MAX_SUGGESTIONS) out.push(l[i]!);
	return out;
}

/** The suggestion in plain words ("Continuez : Servir et encaisser"). */
export function suggestionText(s: Suggestion): string {
	if (s.kind === 'validate') return m.training_mine_next_validate({ skill: s.subject });
	if (s.kind === 'continue') return m.training_mine_next_continue({ skill: s.subject });
	return m.training_mine_next_discover({ block: s.subject });
}
