import type { IconName } from '$lib/components/Icon.svelte';

/** The pictogram of a product category, from its (top-level) name: fruits and vegetables, fresh, hygiene… */
const RULES: [RegExp, IconName][] = [
	[/fruit|l[ée]gume/i, 'leaf'],
	[/surgel/i, 'snowflake'],
	[/frais|lait|viande|poisson|fromage/i, 'cold'],
	[/boisson/i, 'bottle'],
	[/hygi[èe]ne|toilette/i, 'drop'],
	[/entretien|m[ée]nage/i, 'spray'],
	[/b[ée]b[ée]/i, 'baby'],
	[/[ée]picerie|conserve|p[âa]tes|riz|c[ée]r[ée]ale|petit-d[ée]j/i, 'box']
];

export function categoryIcon(name: string | null | undefined): IconName {
	if (!name) return 'basket';
	return RULES.find(([re]) => re.test(name))?.[1] ?? 'basket';
}
