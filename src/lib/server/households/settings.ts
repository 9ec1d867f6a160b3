import { z } from 'zod';
import type { BudgetGrid } from './rules';

/**
 * The households settings of an organisation, kept in organisations.settings under "households".
 * Every key has a default (the DESIGN.md numbers); a stored value that no longer fits is ignored.
 */
export interface HouseholdSettings {
	/** Reste à vivre per person per day at or under which a household is eligible (cents). */
	thresholdCents: number;
	rateMinBp: number;
	rateMaxBp: number;
	rateDefaultBp: number;
	durationMonths: number;
	maxRenewals: number;
	grid: BudgetGrid;
	budgetBasis: 'reference_value' | 'amount_paid';
	anonymousCommittee: boolean;
	/** Months after the last right ended before a file is anonymised. */
	retentionMonths: number;
}

export const DEFAULT_SETTINGS: HouseholdSettings = {
	thresholdCents: 800,
	rateMinBp: 1000,
	rateMaxBp: 3000,
	rateDefaultBp: 2000,
	durationMonths: 3,
	maxRenewals: 2,
	grid: { singleCents: 2000, coupleCents: 3000, perDependantCents: 500, capCents: 5000 },
	budgetBasis: 'reference_value',
	anonymousCommittee: false,
	retentionMonths: 24
};

const cents = z.number().int().min(0).max(10_000_000);
export const settingsSchema = z
	.object({
		thresholdCents: cents,
		rateMinBp: z.number().int().min(0).max(10000),
		rateMaxBp: z.number().int().min(0).max(10000),
		rateDefaultBp: z.number().int().min(0).max(10000),
		durationMonths: z.number().int().min(1).max(24),
		maxRenewals: z.number().int().min(0).max(20),
		grid: z.object({ singleCents: cents, coupleCents: cents, perDependantCents: cents, capCents: cents }),
		budgetBasis: z.enum(['reference_value', 'amount_paid']),
		anonymousCommittee: z.boolean(),
		retentionMonths: z.number().int().min(1).max(120)
	})
	.refine((s) => s.rateMinBp <= s.rateDefaultBp && s.rateDefaultBp <= s.rateMaxBp, { path: ['rateDefaultBp'] });

/** The settings from the organisation's settings object: each valid stored key over the defaults. */
export function readSettings(orgSettings: Record<string, unknown> | null | undefined): HouseholdSettings {
	const stored = (orgSettings?.households ?? {}) as Record<string, unknown>;
	const merged = {
		...DEFAULT_SETTINGS,
		...stored,
		grid: { ...DEFAULT_SETTINGS.grid, ...((stored.grid as object | undefined) ?? {}) }
	};
	const parsed = settingsSchema.safeParse(merged);
	return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}
