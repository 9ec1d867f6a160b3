import { m } from '$lib/paraglide/messages';
import { WORK_EVENT_TYPES, type WorkEventType } from './events';

/**
 * The skills framework every organisation starts with (issue 13): the three blocks of the CAP Équipier
 * polyvalent du commerce (RNCP34947) and the CléA domains that the work in the shop shows. Managers add
 * their own skills (`framework` = 'own') and choose the work events that give evidence of them.
 *
 * The names are the frameworks' own French words (they go on the booklet a jury reads): data, not
 * interface text. Which events give evidence of which seeded skill is `EVENT_SKILLS`, one entry per
 * event type (the type checker refuses a missing one).
 */

export const FRAMEWORKS = ['cap_epc', 'clea', 'own'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const FRAMEWORK_LABELS: Record<Framework, () => string> = {
	cap_epc: m.training_framework_cap_epc,
	clea: m.training_framework_clea,
	own: m.training_framework_own
};

const CAP_B1 = 'Bloc 1 — Recevoir et suivre les commandes';
const CAP_B2 = 'Bloc 2 — Mettre en valeur et approvisionner';
const CAP_B3 = "Bloc 3 — Conseiller et accompagner le client dans son parcours d'achat";
const CLEA = 'CléA — Socle de connaissances et de compétences professionnelles';

export interface SeedSkill {
	framework: Exclude<Framework, 'own'>;
	code: string;
	block: string;
	name: string;
	description: string;
}

export const SEED_SKILLS = [
	{
		framework: 'cap_epc',
		code: 'CAP-B1-1',
		block: CAP_B1,
		name: 'Réceptionner et contrôler une livraison',
		description: 'Vérifier le bon de livraison, les quantités, les dates et le poids reçus.'
	},
	{
		framework: 'cap_epc',
		code: 'CAP-B1-2',
		block: CAP_B1,
		name: 'Traiter les anomalies de livraison',
		description: 'Repérer un produit inconnu, une ligne fausse, et la corriger.'
	},
	{
		framework: 'cap_epc',
		code: 'CAP-B1-3',
		block: CAP_B1,
		name: 'Ranger et stocker les marchandises',
		description: 'Mettre chaque lot à sa place, dans la bonne zone de température.'
	},
	{
		framework: 'cap_epc',
		code: 'CAP-B1-4',
		block: CAP_B1,
		name: 'Assurer la traçabilité des produits',
		description: 'Étiqueter les lots (code, date, numéro de lot) pour les retrouver.'
	},
	{
		framework: 'cap_epc',
		code: 'CAP-B2-1',
		block: CAP_B2,
		name: 'Approvisionner et mettre en rayon',
		description: 'Remplir les rayons à partir de la réserve.'
	},
	{
		framework: 'cap_epc',
		code: 'CAP-B2-2',
		block: CAP_B2,
		name: 'Appliquer la rotation des produits (FEFO)',
		description: 'Proposer d’abord ce qui périme le plus tôt ; sauver les lots proches de leur date.'
	},
	{
		framework: 'cap_epc',
		code: 'CAP-B2-3',
		block: CAP_B2,
		name: 'Lutter contre le gaspillage et la démarque',
		description: 'Enregistrer les pertes avec leur motif, donner avant de jeter.'
	},
	{ framework: 'cap_epc', code: 'CAP-B2-4', block: CAP_B2, name: 'Réaliser un inventaire', description: 'Compter un emplacement et signaler les écarts.' },
	{
		framework: 'cap_epc',
		code: 'CAP-B3-1',
		block: CAP_B3,
		name: 'Accueillir le client',
		description: 'Accueillir le foyer, vérifier sa carte, mettre un panier en attente.'
	},
	{
		framework: 'cap_epc',
		code: 'CAP-B3-2',
		block: CAP_B3,
		name: 'Servir et encaisser',
		description: 'Scanner les produits, appliquer les règles (gratuité FSE+, limites, dates) et encaisser.'
	},
	{ framework: 'cap_epc', code: 'CAP-B3-3', block: CAP_B3, name: 'Traiter un retour', description: 'Reprendre un produit et rembourser selon les règles.' },
	{
		framework: 'cap_epc',
		code: 'CAP-B3-4',
		block: CAP_B3,
		name: 'Ouvrir et clôturer la caisse',
		description: 'Compter le fond de caisse, les entrées et sorties, et la caisse à la fermeture.'
	},
	{
		framework: 'clea',
		code: 'CLEA-2',
		block: CLEA,
		name: 'Calcul et raisonnement mathématique',
		description: 'Compter de l’argent, rendre la monnaie, peser, compter des quantités.'
	},
	{
		framework: 'clea',
		code: 'CLEA-3',
		block: CLEA,
		name: 'Utiliser les outils numériques',
		description: 'Utiliser la tablette, le scanner et l’imprimante d’étiquettes.'
	},
	{
		framework: 'clea',
		code: 'CLEA-4',
		block: CLEA,
		name: 'Travailler en équipe',
		description: 'Demander l’aide d’un·e encadrant·e, passer le relais à un·e collègue.'
	},
	{
		framework: 'clea',
		code: 'CLEA-5',
		block: CLEA,
		name: 'Travailler en autonomie',
		description: 'Mener une tâche du début à la fin : une réception, un inventaire, une caisse.'
	},
	{
		framework: 'clea',
		code: 'CLEA-7',
		block: CLEA,
		name: 'Règles d’hygiène, de sécurité et d’environnement',
		description: 'Respecter la chaîne du froid et les dates limites (DLC, DDM), réduire les déchets.'
	}
] as const satisfies readonly SeedSkill[];

export type SeedSkillCode = (typeof SEED_SKILLS)[number]['code'];

/** The seeded skills each work event gives evidence of: every event type, at least one skill. */
export const EVENT_SKILLS: Record<WorkEventType, readonly [SeedSkillCode, ...SeedSkillCode[]]> = {
	'reception.create': ['CAP-B1-1', 'CLEA-5'],
	'reception.line_add': ['CAP-B1-1', 'CLEA-3'],
	'reception.line_remove': ['CAP-B1-2'],
	'reception.weight': ['CAP-B1-1', 'CLEA-2'],
	'reception.validate': ['CAP-B1-1', 'CAP-B1-4'],
	'product.quick_create': ['CAP-B1-2', 'CLEA-3'],
	'labels.print': ['CAP-B1-4', 'CLEA-3'],
	'stock.move': ['CAP-B1-3', 'CAP-B2-1', 'CAP-B2-2', 'CLEA-7'],
	'stock.split': ['CAP-B1-3', 'CAP-B2-1'],
	'stock.loss': ['CAP-B2-3', 'CLEA-7'],
	'stock.rescue': ['CAP-B2-2', 'CAP-B2-3', 'CLEA-7'],
	'stock.corrected': ['CAP-B1-3', 'CAP-B1-4'],
	'count.start': ['CAP-B2-4', 'CLEA-5'],
	'count.line': ['CAP-B2-4', 'CLEA-2', 'CLEA-3'],
	'count.validate': ['CAP-B2-4'],
	'till.open': ['CAP-B3-4'],
	'till.lookup': ['CAP-B3-1'],
	'till.sale': ['CAP-B3-2', 'CLEA-2', 'CLEA-3'],
	'till.refused': ['CAP-B3-2', 'CLEA-7'],
	'till.override': ['CAP-B3-2', 'CLEA-4'],
	'till.basket_hold': ['CAP-B3-1', 'CLEA-4'],
	'till.return': ['CAP-B3-3'],
	'till.cash_in': ['CAP-B3-4', 'CLEA-2'],
	'till.cash_out': ['CAP-B3-4', 'CLEA-2'],
	'till.close': ['CAP-B3-4', 'CLEA-2', 'CLEA-5'],
	// Food parcels (issue 14): the handover (days helper) — welcome the household, check the card, give and have it signed
	'parcel.handover': ['CAP-B3-1', 'CAP-B3-2', 'CLEA-3'],
	// Preparing a parcel: picking an order from its composition, FEFO, the cold chain last.
	'parcel.prepared': ['CAP-B1-3', 'CAP-B2-2', 'CLEA-5', 'CLEA-7'],
	// The ressourcerie (issue 15): weigh in, sort and value, price, label, sell, weigh out by channel
	'reuse.weighing': ['CAP-B1-1', 'CLEA-2'],
	'reuse.item': ['CAP-B2-1', 'CLEA-5'],
	'reuse.price': ['CAP-B2-1', 'CLEA-2'],
	'reuse.labels': ['CAP-B1-4', 'CLEA-3'],
	'reuse.sale': ['CAP-B3-1', 'CAP-B3-2', 'CLEA-2'],
	'reuse.exit': ['CAP-B2-3', 'CLEA-7']
};

/** The events of a seeded skill (the inverse of EVENT_SKILLS), in WORK_EVENT_TYPES order. */
export function seedSkillEvents(code: SeedSkillCode): WorkEventType[] {
	return WORK_EVENT_TYPES.filter((t) => (EVENT_SKILLS[t] as readonly string[]).includes(code));
}

// ——— Levels ———

/** A supervisor's levels, lowest first. Nothing is ever validated automatically. */
export const LEVELS = ['discovery', 'with_help', 'autonomous', 'mastered'] as const;
export type Level = (typeof LEVELS)[number];
export const isLevel = (v: unknown): v is Level => typeof v === 'string' && (LEVELS as readonly string[]).includes(v);
export const levelRank = (l: Level): number => LEVELS.indexOf(l);
/** A new level lower than the current one needs a reason. */
export const isLevelDown = (current: Level | null, next: Level): boolean => current !== null && levelRank(next) < levelRank(current);

export const LEVEL_LABELS: Record<Level, () => string> = {
	discovery: m.training_level_discovery,
	with_help: m.training_level_with_help,
	autonomous: m.training_level_autonomous,
	mastered: m.training_level_mastered
};
export const levelLabel = (l: string): string => (isLevel(l) ? LEVEL_LABELS[l]() : l);

// ——— Contracts and exits ———

/** Exits ("sorties") as the ACI reports count them. */
export const EXIT_KINDS = ['durable_job', 'transition_job', 'positive', 'other'] as const;
export type ExitKind = (typeof EXIT_KINDS)[number];
export const isExitKind = (v: unknown): v is ExitKind => typeof v === 'string' && (EXIT_KINDS as readonly string[]).includes(v);
export const EXIT_LABELS: Record<ExitKind, () => string> = {
	durable_job: m.training_exit_durable_job,
	transition_job: m.training_exit_transition_job,
	positive: m.training_exit_positive,
	other: m.training_exit_other
};
export const exitLabel = (k: string): string => (isExitKind(k) ? EXIT_LABELS[k]() : k);

/** Contracts ending within this many days are listed for the supervisors and managers. */
export const CONTRACT_ENDING_DAYS = 60;
