import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays } from '$lib/stock/dates';
import { LEVELS } from './framework';
import { MAX_SUGGESTIONS, nextSteps, OFTEN, RECENT_DAYS, suggestionText, type NextSkill } from './next';

const TODAY = '2026-12-02';
const skill = (over: Partial<NextSkill> & { id: string }): NextSkill => ({
	name: `Compétence ${over.id}`,
	block: 'Bloc 1',
	active: true,
	times: 0,
	lastDay: null,
	level: null,
	...over
});

describe('nextSteps (La suite)', () => {
	test('practised often, not validated: ask the supervisor; validated below autonomy and practised lately: keep going; untouched block: discover', () => {
		const skills = [
			skill({ id: 'a', block: 'Bloc 1', times: OFTEN, lastDay: TODAY }),
			skill({ id: 'b', block: 'Bloc 1', times: OFTEN - 1, lastDay: TODAY }),
			skill({ id: 'c', block: 'Bloc 2', times: 3, lastDay: addDays(TODAY, -2), level: 'with_help' }),
			skill({ id: 'd', block: 'Bloc 2', times: 40, lastDay: TODAY, level: 'autonomous' }),
			skill({ id: 'e', block: 'Bloc 3' })
		];
		const next = nextSteps(skills, TODAY);
		expect(next).toEqual([
			{ kind: 'validate', skillId: 'a', subject: 'Compétence a' },
			{ kind: 'continue', skillId: 'c', subject: 'Compétence c' },
			{ kind: 'discover', block: 'Bloc 3', subject: 'Bloc 3' }
		]);
		expect(next.map(suggestionText)).toEqual(['Demandez à votre encadrant·e de valider : Compétence a', 'Continuez : Compétence c', 'À découvrir : Bloc 3']);
	});

	test('"continue" needs practice within the last days; an inactive skill is never suggested', () => {
		const old = skill({ id: 'old', times: 5, lastDay: addDays(TODAY, -RECENT_DAYS - 1), level: 'discovery' });
		const recent = skill({ id: 'recent', times: 5, lastDay: addDays(TODAY, -RECENT_DAYS), level: 'discovery' });
		const inactive = skill({ id: 'x', times: 50, lastDay: TODAY, active: false });
		expect(nextSteps([old, recent, inactive], TODAY).map((s) => s.kind === 'discover' || s.skillId)).toEqual(['recent']);
	});

	test('a block with a validation but no practice is not "to discover"; nothing to say: no suggestion', () => {
		expect(nextSteps([skill({ id: 'v', level: 'mastered' })], TODAY)).toEqual([]);
		expect(nextSteps([], TODAY)).toEqual([]);
	});

	test('one of each kind first, then the most practised', () => {
		const skills = [
			...['p', 'q', 'r', 's'].map((id, i) => skill({ id, block: 'B1', times: OFTEN + i, lastDay: TODAY })),
			skill({ id: 'z', block: 'B2', times: 2, lastDay: TODAY, level: 'discovery' })
		];
		expect(nextSteps(skills, TODAY).map((s) => s.kind === 'discover' || s.skillId)).toEqual(['s', 'z', 'r']);
	});

	const arbSkill = fc.record({
		id: fc.uuid(),
		name: fc.string({ minLength: 1, maxLength: 8 }),
		block: fc.constantFrom('B1', 'B2', 'B3', 'CléA'),
		active: fc.boolean(),
		times: fc.nat({ max: 40 }),
		lastDay: fc.option(fc.integer({ min: 0, max: 90 }).map((n) => addDays(TODAY, -n))),
		level: fc.option(fc.constantFrom(...LEVELS))
	});

	test('property: at most 3, each one true to its rule, no skill nor block twice, something whenever there is something to say', () => {
		fc.assert(
			fc.property(fc.uniqueArray(arbSkill, { selector: (s) => s.id, maxLength: 25 }), (skills) => {
				const next = nextSteps(skills, TODAY);
				expect(next.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
				const byId = new Map(skills.map((s) => [s.id, s]));
				for (const s of next) {
					if (s.kind === 'discover') {
						expect(skills.some((k) => k.active && k.block === s.block)).toBe(true);
						expect(skills.some((k) => k.block === s.block && (k.times > 0 || k.level !== null))).toBe(false);
					} else {
						const k = byId.get(s.skillId)!;
						expect(k.active).toBe(true);
						if (s.kind === 'validate') expect(k.level === null && k.times >= OFTEN).toBe(true);
						else expect((k.level === 'discovery' || k.level === 'with_help') && k.lastDay! >= addDays(TODAY, -RECENT_DAYS)).toBe(true);
					}
				}
				const keys = next.map((s) => (s.kind === 'discover' ? `b:${s.block}` : `s:${s.skillId}`));
				expect(new Set(keys).size).toBe(keys.length);
				// Never a skill already "en autonomie" or above.
				for (const s of next) if (s.kind !== 'discover') expect(['autonomous', 'mastered']).not.toContain(byId.get(s.skillId)!.level);
				const anyCandidate = skills.some(
					(k) =>
						k.active &&
						((k.level === null && k.times >= OFTEN) ||
							((k.level === 'discovery' || k.level === 'with_help') && k.lastDay !== null && k.lastDay >= addDays(TODAY, -RECENT_DAYS)) ||
							!skills.some((o) => o.block === k.block && (o.times > 0 || o.level !== null)))
				);
				expect(next.length > 0).toBe(anyCandidate);
			})
		);
	});
});
