import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isAuditAction, type AuditAction } from '$lib/auditEvents';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { QUALITY_SIGNAL_LABELS, QUALITY_SIGNALS, WORK_EVENT_AREA, WORK_EVENT_LABELS, WORK_EVENT_TYPES, workMeasure, type WorkEventType } from './events';
import { EVENT_SKILLS, LEVEL_LABELS, LEVELS, SEED_SKILLS, seedSkillEvents, EXIT_KINDS, EXIT_LABELS, isLevelDown } from './framework';

const messages = (locale: 'fr' | 'en') =>
	JSON.parse(readFileSync(new URL(`../../../messages/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;

describe('work events', () => {
	it('are a closed union: labels, areas and skills are records over exactly the event types (type level)', () => {
		expectTypeOf<keyof typeof WORK_EVENT_LABELS>().toEqualTypeOf<WorkEventType>();
		expectTypeOf<keyof typeof WORK_EVENT_AREA>().toEqualTypeOf<WorkEventType>();
		expectTypeOf<keyof typeof EVENT_SKILLS>().toEqualTypeOf<WorkEventType>();
		// Every work event but the one written for the person corrected is an audited action.
		expectTypeOf<Exclude<WorkEventType, 'stock.corrected'>>().toExtend<AuditAction>();
	});

	it('every event type maps to at least one seeded skill, and every seeded skill has events (run time)', () => {
		const codes = new Set(SEED_SKILLS.map((s) => s.code));
		for (const type of WORK_EVENT_TYPES) {
			expect(EVENT_SKILLS[type].length, type).toBeGreaterThan(0);
			for (const code of EVENT_SKILLS[type]) expect(codes.has(code), `${type} → ${code}`).toBe(true);
		}
		for (const s of SEED_SKILLS) expect(seedSkillEvents(s.code).length, s.code).toBeGreaterThan(0);
		expect(new Set(WORK_EVENT_TYPES).size).toBe(WORK_EVENT_TYPES.length);
		expect(codes.size).toBe(SEED_SKILLS.length);
	});

	it('the framework has the three CAP EPC blocks and the CléA domains the issue names', () => {
		const blocks = new Set(SEED_SKILLS.filter((s) => s.framework === 'cap_epc').map((s) => s.block));
		expect([...blocks]).toEqual([
			'Bloc 1 — Recevoir et suivre les commandes',
			'Bloc 2 — Mettre en valeur et approvisionner',
			"Bloc 3 — Conseiller et accompagner le client dans son parcours d'achat"
		]);
		expect(SEED_SKILLS.filter((s) => s.framework === 'clea').map((s) => s.code)).toEqual(['CLEA-2', 'CLEA-3', 'CLEA-4', 'CLEA-5', 'CLEA-7']);
	});

	it('every event type, level, exit and signal has a label in every language', () => {
		const fr = messages('fr');
		const en = messages('en');
		for (const type of WORK_EVENT_TYPES) {
			const key = `work_${type.replace('.', '_')}`;
			expect(fr[key], `fr ${key}`).toBeTruthy();
			expect(en[key], `en ${key}`).toBeTruthy();
			expect(WORK_EVENT_LABELS[type].name, type).toBe(key);
		}
		for (const locale of ['fr', 'en'] as const) {
			overwriteGetLocale(() => locale);
			try {
				const labels = [
					...WORK_EVENT_TYPES.map((t) => WORK_EVENT_LABELS[t]()),
					...LEVELS.map((l) => LEVEL_LABELS[l]()),
					...EXIT_KINDS.map((k) => EXIT_LABELS[k]()),
					...QUALITY_SIGNALS.map((s) => QUALITY_SIGNAL_LABELS[s]({ count: 2 }))
				];
				for (const l of labels) expect(l.trim().length, `${locale}: ${l}`).toBeGreaterThan(0);
				expect(new Set(WORK_EVENT_TYPES.map((t) => WORK_EVENT_LABELS[t]())).size, `${locale}: two events read the same`).toBe(WORK_EVENT_TYPES.length);
			} finally {
				overwriteGetLocale(() => 'fr');
			}
		}
		expect(WORK_EVENT_LABELS['till.sale']()).toBe('Encaisser une vente');
	});

	it('the audited work events have a journal sentence', () => {
		for (const type of WORK_EVENT_TYPES.filter((t) => t !== 'stock.corrected')) expect(isAuditAction(type), type).toBe(true);
	});
});

describe('workMeasure', () => {
	it('a till closing signals the size of its differences; a count line counted − expected; labels their number', () => {
		expect(workMeasure('till.close', { difference: { cash: -48, card: 0, cheque: 20 } })).toEqual({ quantity: 1, signal: 68 });
		expect(workMeasure('till.close', { difference: { cash: 0, card: 0, cheque: 0 } })).toEqual({ quantity: 1, signal: 0 });
		expect(workMeasure('count.line', { counted: 7, expected: 10 })).toEqual({ quantity: 1, signal: -3 });
		expect(workMeasure('count.line', { counted: 'x' })).toEqual({ quantity: 1, signal: null });
		expect(workMeasure('labels.print', { labels: 24 })).toEqual({ quantity: 24, signal: null });
		expect(workMeasure('till.sale', null)).toEqual({ quantity: 1, signal: null });
	});

	it('never throws and stays within an integer column, whatever the details (property)', () => {
		fc.assert(
			fc.property(fc.constantFrom(...WORK_EVENT_TYPES), fc.jsonValue(), (type, details) => {
				const r = workMeasure(type, details);
				expect(Number.isSafeInteger(r.quantity) && r.quantity >= 0 && r.quantity <= 2_147_483_647).toBe(true);
				if (r.signal !== null) expect(Number.isSafeInteger(r.signal) && Math.abs(r.signal) <= 2_147_483_647).toBe(true);
			})
		);
	});
});

describe('levels', () => {
	it('a level goes down only to a lower step; the first validation is never "down"', () => {
		expect(isLevelDown(null, 'discovery')).toBe(false);
		expect(isLevelDown('autonomous', 'with_help')).toBe(true);
		expect(isLevelDown('with_help', 'mastered')).toBe(false);
		expect(isLevelDown('mastered', 'mastered')).toBe(false);
	});
});
