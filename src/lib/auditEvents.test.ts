import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, describeAuditEvent, isAuditAction } from './auditEvents';
import { auditActionLabel } from './labels';

/** Every .ts file of the application (tests left out). */
function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return name === 'paraglide' ? [] : sources(path);
		return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
	});
}

/** The text of each `audit(…)` call (balanced parentheses) in a file. */
function auditCalls(text: string): string[] {
	const calls: string[] = [];
	for (const match of text.matchAll(/\baudit\(/g)) {
		let depth = 0;
		let i = match.index! + 'audit'.length;
		for (; i < text.length; i++) {
			if (text[i] === '(') depth++;
			else if (text[i] === ')' && --depth === 0) break;
		}
		calls.push(text.slice(match.index!, i + 1));
	}
	return calls;
}

const root = new URL('../', import.meta.url).pathname;
const files = [...sources(join(root, 'lib')), ...sources(join(root, 'routes')), join(root, 'hooks.server.ts')];
const literals = new Set<string>();
const templates = new Set<string>();
for (const file of files) {
	const text = readFileSync(file, 'utf8');
	for (const call of auditCalls(text)) {
		if (/^audit\(\s*ex\b/.test(call)) continue; // the writer itself
		for (const m of call.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) literals.add(m[1]!);
		for (const m of call.matchAll(/`([a-z_]+)\.\$\{/g)) templates.add(m[1]!);
	}
	// Actions passed through a typed helper (auditListRead's union of actions).
	for (const m of text.matchAll(/action: ((?:'[a-z_]+\.[a-z_]+'(?: \| )?)+)/g)) for (const a of m[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) literals.add(a[1]!);
}

describe('describeAuditEvent', () => {
	it('finds the actions the code writes (the scan itself works)', () => {
		expect(literals.size).toBeGreaterThan(80);
		expect(literals).toContain('till.close');
		expect(literals).toContain('household.search');
		expect(templates).toContain('right');
	});

	it('has a sentence for every action written by an audit( call', () => {
		const missing = [...literals].filter((a) => !isAuditAction(a));
		expect(missing, 'add a sentence in src/lib/auditEvents.ts (SENTENCES) and messages/*.json').toEqual([]);
		for (const family of templates) expect(AUDIT_ACTIONS.some((a) => a.startsWith(family + '.'))).toBe(true);
	});

	it('says every action as a sentence with the person, never the raw code or JSON', () => {
		for (const action of AUDIT_ACTIONS) {
			const s = describeAuditEvent({
				action,
				person: 'Karim Benali',
				entityName: 'Étagère A',
				details: { reference: 'FOY-0001', quantity: 3, amountCents: 150 }
			});
			expect(s, action).toMatch(/Karim Benali/);
			expect(s, action).not.toContain(action);
			expect(s, action).not.toMatch(/[{}"]|Cents|undefined|null/);
			expect(auditActionLabel(action), `${action}: a label for the filter`).not.toBe(action);
		}
	});

	it('reads the till closing as the issue asks', () => {
		const s = describeAuditEvent({
			action: 'till.close',
			person: 'Karim Benali',
			entityType: 'till_session',
			entityName: 'Caisse 1',
			details: { zNumber: 3, difference: { card: 0, cash: -48, cheque: 0 } }
		});
		expect(s).toBe('Karim Benali a fermé la caisse Caisse 1 : Z n° 3, écart espèces −0,48\u00a0€');
	});

	it('says a sale with its amount, not paidCents', () => {
		const s = describeAuditEvent({ action: 'till.sale', person: 'Nadia Haddad', details: { number: 'V-12', lines: 2, paidCents: 98, overrideId: null } });
		expect(s).toBe('Nadia Haddad a fait une vente : ticket V-12, 2 articles, payé 0,98\u00a0€');
	});

	it('names a household only by its reference', () => {
		const s = describeAuditEvent({
			action: 'household.open',
			person: 'Sophie Martin',
			entityType: 'household',
			entityName: 'Dupont Jeanne',
			details: { reference: 'FOY-0001' }
		});
		expect(s).toBe('Sophie Martin a ouvert le dossier du foyer FOY-0001');
		expect(s).not.toContain('Dupont');
	});

	it('says who when nobody signed in, and an unknown action plainly', () => {
		expect(describeAuditEvent({ action: 'auth.login_failed', person: null, details: { reason: 'throttled', unknownName: true } })).toBe(
			"Quelqu'un a tapé un mauvais mot de passe : trop d'essais, essai refusé, nom inconnu"
		);
		expect(describeAuditEvent({ action: 'zz.new', person: 'Karim' })).toBe('Karim : action « zz.new »');
	});

	it('lists the fields an update changed', () => {
		const s = describeAuditEvent({ action: 'till.settings', person: 'Lea', details: { before: { ddmGraceMonths: 3 }, after: { ddmGraceMonths: 4 } } });
		expect(s).toBe('Lea a modifié les réglages de la caisse : changé : ddmGraceMonths');
	});

	it('says the training record actions with their words (issue 13)', () => {
		expect(describeAuditEvent({ action: 'labels.print', person: 'Karim', details: { labels: 12, lots: ['L1'] } })).toBe(
			'Karim a imprimé des étiquettes : 12 étiquette(s)'
		);
		expect(describeAuditEvent({ action: 'till.refused', person: 'Karim', details: { reason: 'dlc_past' } })).toBe(
			'Karim a vu une vente refusée par la caisse : DLC dépassée'
		);
		expect(describeAuditEvent({ action: 'till.refused', person: 'Karim', details: { reason: 'limit_reached' } })).toContain('limite atteinte');
		expect(
			describeAuditEvent({
				action: 'training.validate',
				person: 'Nadia',
				entityName: 'Karim',
				details: { skill: 'CAP-B1-1', level: 'autonomous', before: null }
			})
		).toBe('Nadia a validé une compétence de Karim : CAP-B1-1 : en autonomie');
	});
});
