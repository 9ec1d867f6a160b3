import { m } from '$lib/paraglide/messages';

/**
 * The ressourcerie's flux and default object categories (issue 15, docs/ressourcerie.md). Pure and
 * client-safe. The database enum `reuse_flux` has the same codes (schema/reuse.ts).
 *
 * Each organisation starts with DEFAULT_REUSE_CATEGORIES (seeded once by the categories' service); a
 * manager changes names, average weights, eco-organism categories and price grids afterwards.
 */
export const REUSE_FLUXES = ['mobilier', 'deee', 'textile', 'livres', 'jouets', 'vaisselle', 'deco', 'sport', 'bricolage', 'autre'] as const;
export type ReuseFlux = (typeof REUSE_FLUXES)[number];
export const isReuseFlux = (v: unknown): v is ReuseFlux => typeof v === 'string' && (REUSE_FLUXES as readonly string[]).includes(v);

const FLUX_LABELS: Record<ReuseFlux, () => string> = {
	mobilier: m.reuse_flux_mobilier,
	deee: m.reuse_flux_deee,
	textile: m.reuse_flux_textile,
	livres: m.reuse_flux_livres,
	jouets: m.reuse_flux_jouets,
	vaisselle: m.reuse_flux_vaisselle,
	deco: m.reuse_flux_deco,
	sport: m.reuse_flux_sport,
	bricolage: m.reuse_flux_bricolage,
	autre: m.reuse_flux_autre
};
export const fluxLabel = (f: string): string => (isReuseFlux(f) ? FLUX_LABELS[f]() : f);

/** The seven official DEEE categories (décret 2014-928, since 15 August 2018). */
export const DEEE_CATEGORIES = [
	'1 — Équipements d’échange thermique',
	'2 — Écrans et moniteurs',
	'3 — Lampes',
	'4 — Gros équipements',
	'5 — Petits équipements',
	'6 — Petits équipements informatiques et de télécommunications',
	'7 — Panneaux photovoltaïques'
] as const;

/** The furniture eco-organism's (Ecomaison) declaration categories. */
export const FURNITURE_CATEGORIES = ['Assise', 'Couchage', 'Rangement', 'Plan de pose', 'Décoration textile'] as const;

export interface DefaultReuseCategory {
	flux: ReuseFlux;
	name: string;
	ecoCategory: string | null;
	averageWeightGrams: number;
	priceGrid: { label: string; priceCents: number }[];
}

const grid = (...p: [string, number][]) => p.map(([label, priceCents]) => ({ label, priceCents }));

export const DEFAULT_REUSE_CATEGORIES: readonly DefaultReuseCategory[] = [
	{
		flux: 'mobilier',
		name: 'Assises (chaises, fauteuils)',
		ecoCategory: 'Assise',
		averageWeightGrams: 6000,
		priceGrid: grid(['Chaise', 500], ['Fauteuil', 1500], ['Canapé', 4000])
	},
	{
		flux: 'mobilier',
		name: 'Couchage (lits, matelas)',
		ecoCategory: 'Couchage',
		averageWeightGrams: 25000,
		priceGrid: grid(['Lit enfant', 2000], ['Lit adulte', 4000])
	},
	{
		flux: 'mobilier',
		name: 'Rangements (armoires, commodes)',
		ecoCategory: 'Rangement',
		averageWeightGrams: 30000,
		priceGrid: grid(['Petit', 1000], ['Moyen', 2500], ['Grand', 5000])
	},
	{
		flux: 'mobilier',
		name: 'Plans de pose (tables, bureaux)',
		ecoCategory: 'Plan de pose',
		averageWeightGrams: 18000,
		priceGrid: grid(['Table basse', 1000], ['Table', 2500], ['Bureau', 2000])
	},
	{
		flux: 'mobilier',
		name: 'Décoration textile (rideaux, coussins)',
		ecoCategory: 'Décoration textile',
		averageWeightGrams: 800,
		priceGrid: grid(['Coussin', 200], ['Rideau', 500])
	},
	...DEEE_CATEGORIES.map((eco, i): DefaultReuseCategory => ({
		flux: 'deee',
		name: 'DEEE ' + eco,
		ecoCategory: eco,
		averageWeightGrams: [40000, 12000, 300, 50000, 2500, 1500, 18000][i]!,
		priceGrid: [
			grid(['Réfrigérateur', 4000]),
			grid(['Écran', 1500], ['Téléviseur', 3000]),
			grid(['Lampe', 300]),
			grid(['Lave-linge', 6000]),
			grid(['Petit appareil', 500], ['Appareil moyen', 1000]),
			grid(['Téléphone', 1000], ['Ordinateur', 5000]),
			[]
		][i]!
	})),
	{
		flux: 'textile',
		name: 'Vêtements',
		ecoCategory: 'TLC — Vêtements',
		averageWeightGrams: 400,
		priceGrid: grid(['Enfant', 100], ['Adulte', 300], ['Manteau', 800])
	},
	{
		flux: 'textile',
		name: 'Linge de maison',
		ecoCategory: 'TLC — Linge de maison',
		averageWeightGrams: 800,
		priceGrid: grid(['Petit', 100], ['Drap, nappe', 300])
	},
	{
		flux: 'textile',
		name: 'Chaussures et maroquinerie',
		ecoCategory: 'TLC — Chaussures',
		averageWeightGrams: 700,
		priceGrid: grid(['Chaussures', 300], ['Sac', 300])
	},
	{ flux: 'livres', name: 'Livres', ecoCategory: null, averageWeightGrams: 400, priceGrid: grid(['Poche', 50], ['Grand format', 100], ['Beau livre', 300]) },
	{
		flux: 'livres',
		name: 'Disques, DVD, jeux vidéo',
		ecoCategory: null,
		averageWeightGrams: 150,
		priceGrid: grid(['CD, DVD', 100], ['Vinyle', 200], ['Jeu vidéo', 300])
	},
	{
		flux: 'jouets',
		name: 'Jouets et jeux',
		ecoCategory: 'Jouets',
		averageWeightGrams: 800,
		priceGrid: grid(['Petit jouet', 50], ['Jouet', 200], ['Jeu de société', 300])
	},
	{
		flux: 'vaisselle',
		name: 'Vaisselle et ustensiles',
		ecoCategory: null,
		averageWeightGrams: 400,
		priceGrid: grid(['Pièce', 50], ['Lot', 200], ['Service', 1000])
	},
	{ flux: 'deco', name: 'Décoration et bibelots', ecoCategory: null, averageWeightGrams: 600, priceGrid: grid(['Petit', 100], ['Moyen', 300], ['Grand', 800]) },
	{
		flux: 'sport',
		name: 'Sport et loisirs',
		ecoCategory: 'ASL — Articles de sport et de loisirs',
		averageWeightGrams: 2000,
		priceGrid: grid(['Petit', 200], ['Moyen', 500], ['Grand', 1500])
	},
	{ flux: 'sport', name: 'Vélos', ecoCategory: 'ASL — Cycles', averageWeightGrams: 14000, priceGrid: grid(['Vélo enfant', 1500], ['Vélo adulte', 4000]) },
	{
		flux: 'bricolage',
		name: 'Bricolage et jardin',
		ecoCategory: 'ABJ — Bricolage et jardin',
		averageWeightGrams: 2500,
		priceGrid: grid(['Outil', 200], ['Outil électrique', 1000])
	},
	{ flux: 'autre', name: 'Divers', ecoCategory: null, averageWeightGrams: 1000, priceGrid: grid(['Petit', 100], ['Moyen', 300]) }
];
