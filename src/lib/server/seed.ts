import { count, eq } from 'drizzle-orm';
import { hashSecret } from './auth/password';
import type { Role } from './auth/roles';
import type { Database } from './db';
import { locations, memberships, organisations, sites, users } from './db/schema';

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

/** True when no organisation exists yet (a fresh database). */
export async function isEmpty(db: Database): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(organisations);
	return (row?.n ?? 0) === 0;
}

/**
 * Fills an empty database with the demo organisation: an épicerie, a stockroom with ambient, chilled
 * and frozen locations, a ressourcerie, and one account per role. One transaction: all or nothing.
 */
export async function seedDemo(db: Database): Promise<void> {
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
		}
	});
}

export function demoLoginsText(): string {
	const lines = DEMO_ACCOUNTS.map((a) => {
		const how = [a.password ? `mot de passe « ${DEMO_PASSWORD} »` : null, a.pin ? `PIN ${a.pin} (tablette)` : null].filter(Boolean).join(', ');
		return `  ${a.username.padEnd(8)} ${a.roles.join(', ').padEnd(14)} ${how}`;
	});
	return ['Comptes de démonstration :', ...lines].join('\n');
}
