import { m } from '$lib/paraglide/messages';

/**
 * How objects leave the ressourcerie other than sold (issue 15, docs/ressourcerie.md « Sorties »). Pure
 * and client-safe; the database enum `reuse_channel` has the same codes (schema/reuse.ts).
 *
 * - `don`: given to a person or a partner (reuse: counts in the reuse rate);
 * - `partenaire`: a partner convention (another association takes objects, e.g. « Emmaüs Connect »);
 * - `recyclage`: recycling through an eco-organism's channel (Ecomaison, ecosystem, Refashion…);
 * - `dechet`: waste (déchetterie, bins).
 */
export const EXIT_CHANNELS = ['don', 'partenaire', 'recyclage', 'dechet'] as const;
export type ExitChannel = (typeof EXIT_CHANNELS)[number];
export const isExitChannel = (v: unknown): v is ExitChannel => typeof v === 'string' && (EXIT_CHANNELS as readonly string[]).includes(v);

const CHANNEL_LABELS: Record<ExitChannel, () => string> = {
	don: m.rx_channel_don,
	partenaire: m.rx_channel_partenaire,
	recyclage: m.rx_channel_recyclage,
	dechet: m.rx_channel_dechet
};
export const channelLabel = (c: string): string => (isExitChannel(c) ? CHANNEL_LABELS[c]() : c);

/** Channels whose recipient must be named: the partner's convention, the eco-organism's channel. */
export const RECIPIENT_REQUIRED: readonly ExitChannel[] = ['partenaire', 'recyclage'];

/** Recipients suggested on the tablet (the person may type another). */
export const RECIPIENT_SUGGESTIONS: Record<ExitChannel, readonly string[]> = {
	don: [],
	partenaire: ['Emmaüs Connect', 'Secours populaire', 'Croix-Rouge'],
	recyclage: ['Ecomaison', 'ecosystem', 'Refashion', 'Ecologic', 'Citeo'],
	dechet: ['Déchetterie', 'Bennes']
};

/** The most characters of a recipient's name and of a note. */
export const MAX_RECIPIENT = 120;
export const MAX_EXIT_NOTE = 500;
