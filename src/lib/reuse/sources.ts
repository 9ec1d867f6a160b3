import type { IconName } from '$lib/components/Icon.svelte';
import { m } from '$lib/paraglide/messages';

/** Where an intake's objects come from, with their pictograms (the source buttons and the lists). */
export const SOURCES: { value: string; icon: IconName }[] = [
	{ value: 'apport', icon: 'person' },
	{ value: 'collecte', icon: 'home' },
	{ value: 'dechetterie', icon: 'trash' },
	{ value: 'partenaire', icon: 'people' }
];

const LABELS: Record<string, () => string> = {
	apport: m.ri_source_apport,
	collecte: m.ri_source_collecte,
	dechetterie: m.ri_source_dechetterie,
	partenaire: m.ri_source_partenaire
};

export const sourceLabel = (s: string): string => LABELS[s]?.() ?? s;
