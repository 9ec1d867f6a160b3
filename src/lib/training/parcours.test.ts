import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays } from '$lib/stock/dates';
import { workEventLabel } from './events';
import { mondayOf, parcoursText, speechLang, type Parcours } from './parcours';

describe('mondayOf', () => {
	test('weeks run Monday to Sunday', () => {
		expect(mondayOf('2026-11-30')).toBe('2026-11-30'); // a Monday
		expect(mondayOf('2026-12-02')).toBe('2026-11-30');
		expect(mondayOf('2026-12-06')).toBe('2026-11-30'); // Sunday
		expect(mondayOf('2026-12-07')).toBe('2026-12-07');
		expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // across a year
	});

	test('property: a Monday, at most 6 days before, the same for every day of its week', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 20_000 }), (n) => {
				const day = addDays('2000-01-01', n);
				const monday = mondayOf(day);
				expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
				expect(monday <= day && addDays(monday, 6) >= day).toBe(true);
				for (let i = 0; i < 7; i++) expect(mondayOf(addDays(monday, i))).toBe(monday);
			})
		);
	});
});

const PARCOURS: Parcours = {
	firstName: 'Karim',
	week: {
		from: '2026-11-30',
		to: '2026-12-02',
		work: [
			{ type: 'till.sale', area: 'till', times: 12 },
			{ type: 'stock.move', area: 'stock', times: 1 }
		]
	},
	learning: [{ skillId: 's1', name: 'Servir et encaisser', block: 'Bloc 3', times: 34, sinceDay: '2026-11-03' }],
	validated: [
		{ skillId: 's2', name: 'Ouvrir et clôturer la caisse', block: 'Bloc 3', level: 'with_help', day: '2026-11-20', by: 'Nadia Martin', comment: 'Bien compté.' }
	],
	next: [{ kind: 'validate', skillId: 's1', subject: 'Servir et encaisser' }],
	contract: { endDate: '2027-03-31', referentName: 'Nadia Martin' }
};

describe('parcoursText (read aloud)', () => {
	test('reads the facts the page shows, in plain sentences, one a line', () => {
		const text = parcoursText(PARCOURS, 'fr');
		const lines = text.split('\n');
		expect(lines).toContain('Bonjour Karim. Voici votre parcours.');
		expect(lines).toContain('Cette semaine.');
		expect(lines).toContain('Depuis lundi 30 novembre 2026.');
		expect(lines).toContain(`${workEventLabel('till.sale')} : 12 fois.`);
		expect(lines).toContain(`${workEventLabel('stock.move')} : 1 fois.`);
		expect(lines).toContain('Servir et encaisser : 34 fois.');
		expect(lines).toContain('Depuis le 3 novembre 2026.');
		expect(lines).toContain('Ouvrir et clôturer la caisse.');
		expect(lines).toContain('Niveau : Avec aide.');
		expect(lines).toContain('Validé le 20 novembre 2026 par Nadia Martin.');
		expect(lines).toContain('Son mot : « Bien compté. »');
		expect(lines).toContain('Demandez à votre encadrant·e de valider : Servir et encaisser.');
		expect(lines).toContain('Votre contrat finit le 31 mars 2027.');
		expect(lines).toContain('Votre encadrant·e référent·e : Nadia Martin.');
		// In the page's order.
		const at = (s: string) => lines.indexOf(s);
		expect(at('Cette semaine.')).toBeLessThan(at("Ce que j'apprends."));
		expect(at("Ce que j'apprends.")).toBeLessThan(at('Ce que mon encadrant·e a validé.'));
		expect(at('Ce que mon encadrant·e a validé.')).toBeLessThan(at('La suite.'));
		expect(at('La suite.')).toBeLessThan(at('Mon contrat.'));
	});

	test('empty sections say so in plain words; no contract, no contract lines', () => {
		const text = parcoursText({ ...PARCOURS, week: { ...PARCOURS.week, work: [] }, learning: [], validated: [], next: [], contract: null }, 'fr');
		expect(text).toContain('Pas encore de travail cette semaine.');
		expect(text).toContain('Pas encore de travail enregistré.');
		expect(text).toContain("Rien n'est encore validé.");
		expect(text).toContain('Continuez comme ça !');
		expect(text).not.toContain('contrat');
	});

	test('property: every count of the week is read with its kind of work', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 2 }), (counts) => {
				const types = ['till.sale', 'labels.print'] as const;
				const work = counts.map((times, i) => ({ type: types[i]!, area: 'till' as const, times }));
				const lines = parcoursText({ ...PARCOURS, week: { ...PARCOURS.week, work } }, 'fr').split('\n');
				for (const w of work) expect(lines).toContain(`${workEventLabel(w.type)} : ${w.times} fois.`);
			})
		);
	});

	test('the speech language follows the interface', () => {
		expect(speechLang('fr')).toBe('fr-FR');
		expect(speechLang('en')).toBe('en-GB');
	});
});
