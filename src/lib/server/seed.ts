import { count, eq } from 'drizzle-orm';
import { hashSecret } from './auth/password';
import type { Role } from './auth/roles';
import type { Database } from './db';
import { hashToken } from './auth/tokens';
import {
	applications,
	beneficiaryCards,
	committeeDecisions,
	householdBudgetLines,
	householdMembers,
	households,
	locations,
	memberships,
	organisations,
	rights,
	sites,
	users
} from './db/schema';
import { addDays, addMonths, compositionOf, gridBudgetCents, nameKey, periodEnd, todayIso } from './households/rules';
import { DEFAULT_SETTINGS } from './households/settings';

export const DEMO_ORGANISATION = 'Épicerie solidaire Les Quatre Saisons';
export const DEMO_SLUG = 'quatre-saisons';
/** One password for every demo account; printed at start-up. Never use it for real. */
export const DEMO_PASSWORD = 'quatre-saisons';

export interface DemoAccount {
	username: string;
	firstName: string;
	lastName: string;
	roles: Role[];
	password: boolean;
	pin?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
	{ username: 'admin', firstName: 'Camille', lastName: 'Admin', roles: ['admin'], password: true },
	{ username: 'sophie', firstName: 'Sophie', lastName: 'Martin', roles: ['manager'], password: true },
	{ username: 'julien', firstName: 'Julien', lastName: 'Bernard', roles: ['social_worker'], password: true },
	{ username: 'nadia', firstName: 'Nadia', lastName: 'Haddad', roles: ['supervisor'], password: true, pin: '4826' },
	{ username: 'karim', firstName: 'Karim', lastName: 'Diallo', roles: ['operator'], password: false, pin: '2580' },
	{ username: 'lea', firstName: 'Léa', lastName: 'Petit', roles: ['operator'], password: false, pin: '1397' }
];

/** True when the demo organisation is in this database (its logins are then worth printing). */
export async function hasDemo(db: Database): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(organisations).where(eq(organisations.slug, DEMO_SLUG));
	return (row?.n ?? 0) > 0;
}

export interface DemoHousehold {
	reference: string;
	firstName: string;
	lastName: string;
	birthDate: string;
	commune: string;
	members: { birthYear: number; relation: 'conjoint' | 'enfant' | 'parent' | 'autre' }[];
	lines: { kind: 'resource' | 'charge'; type: string; monthlyCents: number }[];
	/** valid: a right started a month ago; expiring: a right ending within a week; none: an application waits for the committee. */
	right: 'valid' | 'expiring' | 'none';
	/** What the demo card's QR holds (demo only: real cards are random and shown once). */
	card: string | null;
}

export const DEMO_HOUSEHOLDS: DemoHousehold[] = [
	{
		reference: 'FOY-0001',
		firstName: 'Amina',
		lastName: 'Benali',
		birthDate: '1986-03-14',
		commune: 'Lyon 8e',
		members: [{ birthYear: 2014, relation: 'enfant' }, { birthYear: 2018, relation: 'enfant' }],
		lines: [
			{ kind: 'resource', type: 'rsa', monthlyCents: 90_000 },
			{ kind: 'resource', type: 'prestations_caf', monthlyCents: 35_000 },
			{ kind: 'charge', type: 'loyer', monthlyCents: 52_000 },
			{ kind: 'charge', type: 'energie', monthlyCents: 9_000 }
		],
		right: 'valid',
		card: 'CARTE-DEMOAMINABENALIDEMOAMINABENALIAA'
	},
	{
		reference: 'FOY-0002',
		firstName: 'Marc',
		lastName: 'Lefèvre',
		birthDate: '1961-11-02',
		commune: 'Vénissieux',
		members: [],
		lines: [
			{ kind: 'resource', type: 'pension', monthlyCents: 98_000 },
			{ kind: 'charge', type: 'loyer', monthlyCents: 48_000 },
			{ kind: 'charge', type: 'energie', monthlyCents: 7_000 }
		],
		right: 'expiring',
		card: 'CARTE-DEMOMARCLEFEVREDEMOMARCLEFEVREAA'
	},
	{
		reference: 'FOY-0003',
		firstName: 'Fatou',
		lastName: 'Diop',
		birthDate: '1993-07-21',
		commune: 'Lyon 8e',
		members: [{ birthYear: 2021, relation: 'enfant' }],
		lines: [
			{ kind: 'resource', type: 'salaire', monthlyCents: 82_000 },
			{ kind: 'charge', type: 'loyer', monthlyCents: 51_000 }
		],
		right: 'none',
		card: null
	}
];

/** True when no organisation exists yet (a fresh database). */
export async function isEmpty(db: Database): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(organisations);
	return (row?.n ?? 0) === 0;
}

/**
 * Fills an empty database with the demo organisation: an épicerie, a stockroom with ambient, chilled
 * and frozen locations, a ressourcerie, one account per role, and three households (a valid right, a
 * right ending soon, an application waiting for the committee). One transaction: all or nothing.
 */
export async function seedDemo(db: Database, opts: { today?: string } = {}): Promise<void> {
	const today = opts.today ?? todayIso();
	const passwordHash = await hashSecret(DEMO_PASSWORD);
	const pins = new Map<string, string>();
	for (const a of DEMO_ACCOUNTS) if (a.pin) pins.set(a.username, await hashSecret(a.pin));
	await db.transaction(async (tx) => {
		const [org] = await tx
			.insert(organisations)
			.values({ name: DEMO_ORGANISATION, slug: DEMO_SLUG })
			.returning({ id: organisations.id });
		const organisationId = org!.id;
		const [epicerie, reserve, ressourcerie] = await tx
			.insert(sites)
			.values([
				{ organisationId, name: 'Épicerie Les Quatre Saisons', kind: 'epicerie', address: '12 rue des Lilas, 69008 Lyon' },
				{ organisationId, name: 'Réserve', kind: 'entrepot', address: '12 rue des Lilas, 69008 Lyon (sous-sol)' },
				{ organisationId, name: 'Ressourcerie La Deuxième Vie', kind: 'ressourcerie', address: '4 impasse du Marché, 69008 Lyon' }
			])
			.returning({ id: sites.id });
		const loc = (siteId: string, n: number, name: string, kind: typeof locations.$inferInsert.kind, zone: typeof locations.$inferInsert.zone) => ({
			organisationId,
			siteId,
			code: 'EMP-' + String(n).padStart(4, '0'),
			name,
			kind,
			zone
		});
		await tx.insert(locations).values([
			loc(reserve!.id, 1, 'Étagère A', 'etagere', 'ambient'),
			loc(reserve!.id, 2, 'Étagère B', 'etagere', 'ambient'),
			loc(reserve!.id, 3, 'Chambre froide', 'chambre_froide', 'chilled'),
			loc(reserve!.id, 4, 'Congélateur', 'congelateur', 'frozen'),
			loc(epicerie!.id, 5, 'Rayon épicerie sèche', 'rayon', 'ambient'),
			loc(epicerie!.id, 6, 'Frigo vitrine', 'refrigerateur', 'chilled'),
			loc(epicerie!.id, 7, 'Bac surgelés', 'congelateur', 'frozen'),
			loc(ressourcerie!.id, 8, 'Zone de tri', 'zone', 'ambient')
		]);
		const ids = new Map<string, string>();
		for (const a of DEMO_ACCOUNTS) {
			const [u] = await tx
				.insert(users)
				.values({
					organisationId,
					username: a.username,
					firstName: a.firstName,
					lastName: a.lastName,
					passwordHash: a.password ? passwordHash : null,
					pinHash: pins.get(a.username) ?? null
				})
				.returning({ id: users.id });
			await tx.insert(memberships).values(a.roles.map((role) => ({ organisationId, userId: u!.id, role })));
			ids.set(a.username, u!.id);
		}
		const worker = ids.get('julien')!;
		const { durationMonths, rateDefaultBp, grid, budgetBasis } = DEFAULT_SETTINGS;
		for (const d of DEMO_HOUSEHOLDS) {
			const [h] = await tx
				.insert(households)
				.values({
					organisationId,
					reference: d.reference,
					firstName: d.firstName,
					lastName: d.lastName,
					nameKey: nameKey(d.firstName, d.lastName),
					birthDate: d.birthDate,
					commune: d.commune,
					orientingStructure: 'CCAS de Lyon',
					socialWorkerId: worker,
					rgpdInformedOn: today,
					consent: true
				})
				.returning({ id: households.id });
			const householdId = h!.id;
			if (d.members.length) await tx.insert(householdMembers).values(d.members.map((mb) => ({ organisationId, householdId, ...mb })));
			await tx.insert(householdBudgetLines).values(d.lines.map((l) => ({ organisationId, householdId, ...l })));
			const [app] = await tx
				.insert(applications)
				.values({
					organisationId,
					householdId,
					assessment: 'Reste à vivre sous le seuil ; orientation par le CCAS.',
					status: d.right === 'none' ? 'pending' : 'accepted',
					submittedBy: worker
				})
				.returning({ id: applications.id });
			if (d.right !== 'none') {
				// valid: started a month ago; expiring: ends in a week (the desk and the till show the warning).
				const validFrom = d.right === 'valid' ? addMonths(today, -1) : addDays(addMonths(today, -durationMonths), 8);
				const [decision] = await tx
					.insert(committeeDecisions)
					.values({ organisationId, applicationId: app!.id, outcome: 'accepted', decidedOn: validFrom, recordedBy: worker })
					.returning({ id: committeeDecisions.id });
				await tx.insert(rights).values({
					organisationId,
					householdId,
					decisionId: decision!.id,
					validFrom,
					validTo: periodEnd(validFrom, durationMonths),
					rateBp: rateDefaultBp,
					monthlyBudgetCents: gridBudgetCents(compositionOf(d.members), grid),
					budgetBasis,
					issuedBy: worker
				});
			}
			if (d.card) await tx.insert(beneficiaryCards).values({ organisationId, householdId, tokenHash: hashToken(d.card), issuedBy: worker });
		}
	});
}

export function demoLoginsText(): string {
	const lines = DEMO_ACCOUNTS.map((a) => {
		const how = [a.password ? `mot de passe « ${DEMO_PASSWORD} »` : null, a.pin ? `PIN ${a.pin} (tablette)` : null].filter(Boolean).join(', ');
		return `  ${a.username.padEnd(8)} ${a.roles.join(', ').padEnd(14)} ${how}`;
	});
	const cards = DEMO_HOUSEHOLDS.filter((h) => h.card).map((h) => `  ${h.reference} ${h.firstName.padEnd(8)} ${h.card}`);
	return ['Comptes de démonstration :', ...lines, 'Cartes de foyers de démonstration (à taper au champ « Carte » de la caisse) :', ...cards].join('\n');
}
