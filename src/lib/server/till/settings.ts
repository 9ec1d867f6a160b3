import { z } from 'zod';

/** The till settings of an organisation, kept in organisations.settings under "till". */
export interface TillSettings {
	/** How many months after its best-before date (DDM) a lot may still be sold, flagged. */
	ddmGraceMonths: number;
}

export const DEFAULT_TILL_SETTINGS: TillSettings = { ddmGraceMonths: 3 };

export const tillSettingsSchema = z.object({ ddmGraceMonths: z.number().int().min(0).max(24) });

export function readTillSettings(orgSettings: Record<string, unknown> | null | undefined): TillSettings {
	const stored = (orgSettings?.till ?? {}) as Record<string, unknown>;
	const parsed = tillSettingsSchema.safeParse({ ...DEFAULT_TILL_SETTINGS, ...stored });
	return parsed.success ? parsed.data : DEFAULT_TILL_SETTINGS;
}
