import type { IconName } from '$lib/components/Icon.svelte';

/** The pictogram beside a ressourcerie flux's name on the till's quick keys (issue 15), from the existing set. */
const FLUX_ICONS: Record<string, IconName> = {
	mobilier: 'home',
	deee: 'tablet',
	textile: 'person',
	livres: 'journal',
	jouets: 'baby',
	vaisselle: 'drop',
	deco: 'leaf',
	sport: 'forward',
	bricolage: 'settings',
	autre: 'box'
};

export const fluxIcon = (flux: string): IconName => FLUX_ICONS[flux] ?? 'box';
