import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import type { Executor } from '../db';
import { organisations } from '../db/schema';
import { DEFAULT_SCALE_MAX_GRAMS, MAX_SCALE_GRAMS } from '$lib/reuse/weighing';

/**
 * The ressourcerie's settings of an organisation, flat keys of organisations.settings (docs/ressourcerie.md):
 * - `reuse.scaleMaxGrams` (1 000–2 000 000, default 300 000): the scale's maximum; a heavier gross weight
 *   is refused with a message (weigh in two goes);
 * - `reuse.maxDiscountPercent` (0–100, default 50): the largest discount an operator may give on a line
 *   at the ressourcerie's till (a reason is always asked).
 * Managers change them on the ressourcerie's settings page (MANAGE_REUSE).
 */
export interface ReuseSettings {
	scaleMaxGrams: number;
	maxDiscountPercent: number;
}

export const DEFAULT_REUSE_SETTINGS: ReuseSettings = { scaleMaxGrams: DEFAULT_SCALE_MAX_GRAMS, maxDiscountPercent: 50 };

const intIn = (v: unknown, min: number, max: number, dflt: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : dflt);

export function readReuseSettings(orgSettings: Record<string, unknown> | null | undefined): ReuseSettings {
	const s = orgSettings ?? {};
	return {
		scaleMaxGrams: intIn(s['reuse.scaleMaxGrams'], 1000, MAX_SCALE_GRAMS, DEFAULT_REUSE_SETTINGS.scaleMaxGrams),
		maxDiscountPercent: intIn(s['reuse.maxDiscountPercent'], 0, 100, DEFAULT_REUSE_SETTINGS.maxDiscountPercent)
	};
}

/** The actor's organisation's ressourcerie settings. */
export async function reuseSettings(ex: Executor, actor: Pick<Actor, 'organisationId'>): Promise<ReuseSettings> {
	const [org] = await ex.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId));
	return readReuseSettings(org?.settings as Record<string, unknown> | undefined);
}
