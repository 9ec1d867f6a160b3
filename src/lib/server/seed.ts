import { count, eq } from 'drizzle-orm';
import { toGtin14 } from '$lib/stock/gs1';
import type { ProductUnit } from '$lib/stock/units';
import type { Actor } from './auth/actor';
import { hashSecret } from './auth/password';
import type { Role } from './auth/roles';
import type { Database } from './db';
import { hashToken } from './auth/tokens';
import {
	applications,
	beneficiaryCards,
	categories,
	committeeDecisions,
	householdBudgetLines,
	householdMembers,
	households,
	locations,
	memberships,
	organisations,
	origins,
	productGtins,
	products,
	receptions,
	rights,
	sites,
	users
} from './db/schema';
import type { Tx } from './db';
import { addDays, addMonths, compositionOf, gridBudgetCents, nameKey, periodEnd, todayIso } from './households/rules';
import { DEFAULT_SETTINGS } from './households/settings';
import { DEFAULT_CATEGORIES } from './stock/catalogue';
import { createLot } from './stock/lots';
import { seedContracts, seedTrainingRecord } from './demo/training';
import { generateHistory } from './demo/history';
import { seedDistributions } from './demo/distributions';
import { seedParcelRights } from './demo/parcelRights';
import { seedParcelTemplates } from './demo/parcelTemplates';
import { seedReuseIntakes } from './demo/reuseIntakes';
import { seedReuseItems } from './demo/reuseItems';
import { seedReuseExits } from './demo/reuseExits';
import { seedReuseSales } from './demo/reuseSales';

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
		members: [
			{ birthYear: 2014, relation: 'enfant' },
			{ birthYear: 2018, relation: 'enfant' }
		],
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

type OriginKey = 'ba' | 'fse' | 'ramasse' | 'achat';

/** The demo's origins: a food bank, European aid (FSE+: always free at the till), a supermarket pick-up, purchases. */
export const DEMO_ORIGINS: { key: OriginKey; name: string; kind: 'food_bank' | 'fse' | 'ramasse' | 'purchase'; fse: boolean }[] = [
	{ key: 'ba', name: 'Banque Alimentaire de Lyon', kind: 'food_bank', fse: false },
	{ key: 'fse', name: 'FSE+ (aide européenne)', kind: 'fse', fse: true },
	{ key: 'ramasse', name: 'Ramasse Carrefour Vénissieux', kind: 'ramasse', fse: false },
	{ key: 'achat', name: 'Achats', kind: 'purchase', fse: false }
];

export interface DemoLot {
	origin: OriginKey;
	quantity: number;
	/** Days from the seeding day to the date on the goods (negative: past); ignored when the product has no date. */
	days?: number;
	/** EMP-0005 (épicerie sèche, ambient) unless told; chilled goods go to EMP-0006 (frigo vitrine). */
	location?: string;
	/** What this lot is there to show at the till. */
	note?: string;
}

export interface DemoProduct {
	name: string;
	/** A category of the default tree (DEFAULT_CATEGORIES). */
	category: string;
	unit: ProductUnit;
	priceCents: number;
	/** Net weight in grams of one piece (of one litre for a litre product); none for kg products. */
	netWeightGrams?: number;
	zone: 'ambient' | 'chilled' | 'frozen';
	dateType: 'dlc' | 'ddm' | 'none';
	/** EAN-13 (in-store range 2xx: no real product carries it). */
	ean: string;
	limitPerVisit?: number;
	limitPerMonth?: number;
	lots: DemoLot[];
}

/**
 * A small catalogue so that the till can be shown at once: everyday products with their EAN codes
 * and reference prices, a product sold by weight, a limit per visit and one per month, an FSE+ lot
 * (free), a chilled lot whose DLC is past (refused), a lot whose DDM is past within the grace (sold,
 * flagged). Lots are created in this order, so their codes are L-000001… in a fresh database.
 */
export const DEMO_PRODUCTS: DemoProduct[] = [
	{
		name: 'Pâtes coquillettes 500 g',
		category: 'Pâtes, riz, céréales',
		unit: 'piece',
		priceCents: 95,
		netWeightGrams: 500,
		zone: 'ambient',
		dateType: 'ddm',
		ean: '2040000000011',
		lots: [{ origin: 'ba', quantity: 40, days: 300 }]
	},
	{
		name: 'Riz long grain 1 kg',
		category: 'Pâtes, riz, céréales',
		unit: 'piece',
		priceCents: 180,
		netWeightGrams: 1000,
		zone: 'ambient',
		dateType: 'ddm',
		ean: '2040000000028',
		lots: [{ origin: 'ba', quantity: 30, days: 400 }]
	},
	{
		name: 'Huile de tournesol 1 L',
		category: 'Épicerie sèche',
		unit: 'piece',
		priceCents: 260,
		netWeightGrams: 920,
		zone: 'ambient',
		dateType: 'ddm',
		ean: '2040000000035',
		limitPerVisit: 2,
		lots: [{ origin: 'achat', quantity: 20, days: 250, note: '2 par passage au plus' }]
	},
	{
		name: 'Café moulu 250 g',
		category: 'Petit-déjeuner',
		unit: 'piece',
		priceCents: 290,
		netWeightGrams: 250,
		zone: 'ambient',
		dateType: 'ddm',
		ean: '2040000000042',
		lots: [
			{ origin: 'ramasse', quantity: 6, days: -30, note: 'DDM passée depuis un mois : vendu, signalé' },
			{ origin: 'achat', quantity: 20, days: 200 }
		]
	},
	{
		name: 'Haricots verts 400 g',
		category: 'Conserves',
		unit: 'piece',
		priceCents: 120,
		netWeightGrams: 400,
		zone: 'ambient',
		dateType: 'ddm',
		ean: '2040000000059',
		lots: [{ origin: 'fse', quantity: 30, days: 500, note: 'FSE+ : gratuit' }]
	},
	{
		name: 'Lait demi-écrémé 1 L',
		category: 'Produits laitiers',
		unit: 'piece',
		priceCents: 105,
		netWeightGrams: 1030,
		zone: 'ambient',
		dateType: 'ddm',
		ean: '2040000000066',
		lots: [{ origin: 'ba', quantity: 24, days: 120 }]
	},
	{
		name: 'Yaourts nature x4',
		category: 'Produits laitiers',
		unit: 'piece',
		priceCents: 160,
		netWeightGrams: 500,
		zone: 'chilled',
		dateType: 'dlc',
		ean: '2040000000073',
		lots: [
			{ origin: 'ramasse', quantity: 8, days: -2, location: 'EMP-0006', note: 'DLC passée : refusé à la caisse' },
			{ origin: 'ramasse', quantity: 12, days: 10, location: 'EMP-0006' }
		]
	},
	{
		name: 'Pommes Golden',
		category: 'Fruits et légumes',
		unit: 'kg',
		priceCents: 240,
		zone: 'ambient',
		dateType: 'none',
		ean: '2040000000080',
		lots: [{ origin: 'ramasse', quantity: 25_000, note: 'au poids' }]
	},
	{
		name: 'Savon de Marseille',
		category: 'Hygiène',
		unit: 'piece',
		priceCents: 150,
		netWeightGrams: 300,
		zone: 'ambient',
		dateType: 'none',
		ean: '2040000000097',
		lots: [{ origin: 'ba', quantity: 15 }]
	},
	{
		name: 'Couches taille 4 (x30)',
		category: 'Bébé',
		unit: 'piece',
		priceCents: 790,
		netWeightGrams: 900,
		zone: 'ambient',
		dateType: 'none',
		ean: '2040000000103',
		limitPerMonth: 2,
		lots: [{ origin: 'achat', quantity: 10, note: '2 par mois au plus' }]
	},
	{
		name: 'Liquide vaisselle 500 ml',
		category: 'Entretien',
		unit: 'piece',
		priceCents: 130,
		netWeightGrams: 520,
		zone: 'ambient',
		dateType: 'none',
		ean: '2040000000110',
		lots: [{ origin: 'achat', quantity: 12 }]
	},
	// Issue 12 (expiry report, "à sauver"): lots close to their DLC, after every other demo lot (codes unchanged).
	{
		name: 'Salade de carottes 300 g',
		category: 'Fruits et légumes',
		unit: 'piece',
		priceCents: 150,
		netWeightGrams: 300,
		zone: 'chilled',
		dateType: 'dlc',
		ean: '2040000000127',
		lots: [
			{ origin: 'ramasse', quantity: 6, days: 1, note: 'DLC demain : au rayon gratuit' },
			{ origin: 'ramasse', quantity: 10, days: 3, note: 'DLC dans 3 jours : dans un colis' }
		]
	}
];

/** The demo lots in creation order with their codes in a fresh database (L-000001…), for the start-up text. */
export function demoLots(): { code: string; product: string; ean: string; note?: string }[] {
	const out: { code: string; product: string; ean: string; note?: string }[] = [];
	for (const p of DEMO_PRODUCTS)
		for (const l of p.lots) out.push({ code: 'L-' + String(out.length + 1).padStart(6, '0'), product: p.name, ean: p.ean, note: l.note });
	return out;
}

/** The demo catalogue, origins and stock, in the seeding transaction (lots through the ledger: reception movements). */
async function seedCatalogue(tx: Tx, organisationId: string, receiver: Actor, today: string): Promise<void> {
	const catIds = new Map<string, string>();
	for (const [name, children] of DEFAULT_CATEGORIES) {
		const [c] = await tx.insert(categories).values({ organisationId, name }).returning({ id: categories.id });
		catIds.set(name, c!.id);
		for (const child of children) {
			const [cc] = await tx.insert(categories).values({ organisationId, name: child, parentId: c!.id }).returning({ id: categories.id });
			catIds.set(child, cc!.id);
		}
	}
	const originIds = new Map<OriginKey, { id: string; reception: string }>();
	for (const o of DEMO_ORIGINS) {
		const [row] = await tx.insert(origins).values({ organisationId, name: o.name, kind: o.kind, fse: o.fse }).returning({ id: origins.id });
		const [r] = await tx
			.insert(receptions)
			.values({
				organisationId,
				originId: row!.id,
				deliveryNote: 'Démonstration',
				status: 'validated',
				createdBy: receiver.userId,
				validatedBy: receiver.userId,
				validatedAt: new Date()
			})
			.returning({ id: receptions.id });
		originIds.set(o.key, { id: row!.id, reception: r!.id });
	}
	const locs = await tx.select({ id: locations.id, code: locations.code }).from(locations).where(eq(locations.organisationId, organisationId));
	const locId = (code: string) => locs.find((l) => l.code === code)!.id;
	for (const p of DEMO_PRODUCTS) {
		const [row] = await tx
			.insert(products)
			.values({
				organisationId,
				categoryId: catIds.get(p.category)!,
				name: p.name,
				unit: p.unit,
				referencePriceCents: p.priceCents,
				netWeightGrams: p.netWeightGrams ?? null,
				zone: p.zone,
				dateType: p.dateType,
				limitPerVisit: p.limitPerVisit ?? null,
				limitPerMonth: p.limitPerMonth ?? null
			})
			.returning({ id: products.id });
		await tx.insert(productGtins).values({ organisationId, productId: row!.id, gtin: toGtin14(p.ean)! });
		for (const l of p.lots) {
			const origin = originIds.get(l.origin)!;
			await createLot(tx, receiver, {
				productId: row!.id,
				originId: origin.id,
				receptionId: origin.reception,
				date: p.dateType === 'none' ? null : addDays(today, l.days ?? 180),
				dateType: p.dateType,
				locationId: locId(l.location ?? (p.zone === 'chilled' ? 'EMP-0006' : 'EMP-0005')),
				quantity: l.quantity
			});
		}
	}
}

/** Households of the demo's history (besides the named ones): about 3 visits each a month, weekly receptions. */
export const DEMO_HISTORY_HOUSEHOLDS = 40;

/** Months of history the demo gets: DEMO_HISTORY_MONTHS (default 12; 0 turns it off). */
export function demoHistoryMonths(env: Record<string, string | undefined> = process.env): number {
	const raw = env.DEMO_HISTORY_MONTHS?.trim();
	if (raw === undefined || raw === '') return 12;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0 || n > 120) throw new Error(`DEMO_HISTORY_MONTHS must be a whole number of months from 0 to 120, not "${raw}"`);
	return n;
}

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
export async function seedDemo(db: Database, opts: { today?: string; historyMonths?: number } = {}): Promise<void> {
	const today = opts.today ?? todayIso();
	const historyMonths = opts.historyMonths ?? demoHistoryMonths();
	const passwordHash = await hashSecret(DEMO_PASSWORD);
	const pins = new Map<string, string>();
	for (const a of DEMO_ACCOUNTS) if (a.pin) pins.set(a.username, await hashSecret(a.pin));
	await db.transaction(async (tx) => {
		const [org] = await tx.insert(organisations).values({ name: DEMO_ORGANISATION, slug: DEMO_SLUG }).returning({ id: organisations.id });
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
		await tx
			.insert(locations)
			.values([
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
		const nadia = DEMO_ACCOUNTS.find((a) => a.username === 'nadia')!;
		const receiver: Actor = {
			kind: 'user',
			userId: ids.get('nadia')!,
			organisationId,
			organisationName: DEMO_ORGANISATION,
			username: nadia.username,
			firstName: nadia.firstName,
			lastName: nadia.lastName,
			roles: nadia.roles,
			deviceId: null,
			sessionId: null,
			apiTokenId: null,
			method: 'password'
		};
		await seedCatalogue(tx, organisationId, receiver, today);
		// The operators' contracts (issue 13): the history hands its work to those in post each day.
		const staff = await seedContracts(tx, organisationId, ids, today);
		// Months of past activity (after the demo's lots, none left in stock, no till open) so reports show charts at once.
		if (historyMonths > 0)
			await generateHistory(tx, organisationId, {
				months: historyMonths,
				households: DEMO_HISTORY_HOUSEHOLDS,
				visitsPerHouseholdMonth: 3,
				endDay: addDays(today, -1),
				seed: 12,
				userId: ids.get('nadia'),
				staff: staff.windows
			});
		// Their work events (from the history above), validations by Nadia, a review and an own skill.
		await seedTrainingRecord(tx, organisationId, ids, staff, today);
		// Food parcels (issue 14): the compositions; parcel rights for some of the history's households; six past
		// distribution days (closed, signed) and today's, planned, two parcels prepared (docs/parcels.md).
		await seedParcelTemplates(tx, organisationId, ids, today);
		if (historyMonths > 0) {
			await seedParcelRights(tx, organisationId, ids, today);
			await seedDistributions(tx, organisationId, ids, today);
		}
		// The ressourcerie (issue 15, docs/ressourcerie.md): containers and three months of weighed intakes,
		// items in stock of every flux and age (one batch), five months of exits on every channel.
		await seedReuseIntakes(tx, organisationId, ids, today);
		await seedReuseItems(tx, organisationId, ids, today);
		if (historyMonths > 0) await seedReuseSales(tx, organisationId, ids, today);
		await seedReuseExits(tx, organisationId, ids, today);
	});
}

export function demoLoginsText(): string {
	const lines = DEMO_ACCOUNTS.map((a) => {
		const how = [a.password ? `mot de passe « ${DEMO_PASSWORD} »` : null, a.pin ? `PIN ${a.pin} (tablette)` : null].filter(Boolean).join(', ');
		return `  ${a.username.padEnd(8)} ${a.roles.join(', ').padEnd(14)} ${how}`;
	});
	const cards = DEMO_HOUSEHOLDS.filter((h) => h.card).map((h) => `  ${h.reference} ${h.firstName.padEnd(8)} ${h.card}`);
	const goods = DEMO_PRODUCTS.map((p) => `  ${p.ean}  ${p.name}`);
	const lots = demoLots()
		.filter((l) => l.note)
		.map((l) => `  ${l.code}  ${l.product} — ${l.note}`);
	return [
		'Comptes de démonstration :',
		...lines,
		'Cartes de foyers de démonstration (à taper au champ « Carte » de la caisse) :',
		...cards,
		'Produits de démonstration (code-barres à taper ou scanner à la caisse) :',
		...goods,
		'Lots à essayer à la caisse :',
		...lots
	].join('\n');
}
