import { z } from 'zod';
import type { ReuseCategory, ReuseContainer } from './categories';
import type { IntakeLineView, IntakeSummary, IntakeView } from './intakes';
import { categoryFields } from './manage';

/**
 * The JSON of the ressourcerie's categories, containers and intakes (API feature reuseIntakes), and the
 * bodies the routes read: loose on purpose (the services judge every field and answer in French).
 */

const any = z.unknown().optional();

export const categoryBody = z.object({ flux: any, name: any, ecoCategory: any, averageWeightGrams: any, priceGrid: any, position: any });
export const containerBody = z.object({ name: any, tareGrams: any });
export const reuseSettingsBody = z.object({ scaleMaxGrams: any, maxDiscountPercent: any });
export const intakeBody = z.object({ siteId: any, source: any, commune: any, partner: any, note: any });
export const intakeLineBody = z.object({ flux: any, categoryId: any, method: any, grossGrams: any, containerId: any, count: any });

export const categoryJson = (c: ReuseCategory) => ({ id: c.id, ...categoryFields(c) });

export const containerJson = (c: ReuseContainer) => ({ id: c.id, name: c.name, tareGrams: c.tareGrams, active: c.active });

export const intakeLineJson = (l: IntakeLineView) => ({
	id: l.id,
	flux: l.flux,
	categoryId: l.categoryId,
	categoryName: l.categoryName,
	method: l.method,
	grossGrams: l.grossGrams,
	containerName: l.containerName,
	tareGrams: l.tareGrams,
	count: l.count,
	netGrams: l.netGrams,
	correctionOf: l.correctionOf,
	cancelled: l.cancelled,
	userName: l.userName,
	at: l.at.toISOString()
});

export const intakeSummaryJson = (r: IntakeSummary) => ({ ...r, createdAt: r.createdAt.toISOString() });

export const intakeJson = (v: IntakeView) => ({
	id: v.intake.id,
	number: v.intake.number,
	siteId: v.intake.siteId,
	siteName: v.siteName,
	source: v.intake.source,
	commune: v.intake.commune,
	partner: v.intake.partner,
	note: v.intake.note,
	createdByName: v.createdByName,
	createdAt: v.intake.createdAt.toISOString(),
	lines: v.lines.map(intakeLineJson),
	totals: v.totals,
	totalGrams: v.totalGrams
});
