import type { DayListRow, DayParcel, DayRow, DaySummary, ParcelStatus } from './days';
import type { SignoffRow } from './signoff';
import type { TemplateDetail, TemplateInput, TemplateSummary } from './templates';
import { z } from 'zod';

/**
 * The parcel templates' JSON (API, docs/parcels.md "Compositions"): quantities in stored units —
 * pieces, or grams for kg lines — so that what `GET` gives, `PUT` takes back unchanged.
 */
export const templateSummaryJson = (t: TemplateSummary) => ({
	id: t.id,
	name: t.name,
	note: t.note,
	active: t.active,
	lines: t.lines,
	coldLines: t.coldLines,
	updatedAt: t.updatedAt.toISOString()
});

export const templateJson = (t: TemplateDetail) => ({
	id: t.id,
	name: t.name,
	note: t.note,
	active: t.active,
	plannedDays: t.plannedDays,
	createdAt: t.createdAt.toISOString(),
	updatedAt: t.updatedAt.toISOString(),
	lines: t.lines.map((l) => ({
		id: l.id,
		position: l.position,
		categoryId: l.categoryId,
		categoryName: l.categoryName,
		unit: l.unit,
		scaling: l.scaling,
		quantity: l.quantity,
		band1: l.band1,
		band2: l.band2,
		band3: l.band3,
		band5: l.band5,
		cold: l.cold
	}))
});

const text = (max: number) => z.string().max(max);
const qty = z.number().nullable().optional();

/** A template as the API takes it (POST, PUT): types and sizes only; the service says what is wrong in French. */
export const templateBody = z.object({
	name: text(200),
	note: text(2000).nullable().optional(),
	lines: z
		.array(
			z.object({
				id: text(100).nullable().optional(),
				categoryId: text(100).nullable(),
				unit: text(20),
				scaling: text(20),
				quantity: qty,
				band1: qty,
				band2: qty,
				band3: qty,
				band5: qty,
				cold: z.boolean().optional()
			})
		)
		.max(100)
});

export function templateInputOf(body: z.infer<typeof templateBody>): TemplateInput {
	return {
		name: body.name,
		note: body.note ?? null,
		lines: body.lines.map((l) => ({
			id: l.id ?? null,
			categoryId: l.categoryId,
			unit: l.unit,
			scaling: l.scaling,
			quantity: l.quantity ?? null,
			band1: l.band1 ?? null,
			band2: l.band2 ?? null,
			band3: l.band3 ?? null,
			band5: l.band5 ?? null,
			cold: l.cold ?? false
		}))
	};
}

/** The JSON shapes of the distribution days' API (features/distributions.ts). */
export const dayJson = (d: DayRow) => ({
	id: d.id,
	day: d.day,
	siteId: d.siteId,
	siteName: d.siteName,
	templateId: d.templateId,
	templateName: d.templateName,
	slots: d.slots,
	status: d.status,
	closedAt: d.closedAt ? new Date(d.closedAt).toISOString() : null,
	summary: (d.summary as DaySummary | null) ?? null
});

export const dayListJson = (r: DayListRow) => r;

export const parcelJson = (p: DayParcel) => ({ ...p, handedAt: p.handedAt ? new Date(p.handedAt).toISOString() : null });

export const dayViewJson = (v: { day: DayRow; parcels: DayParcel[]; counts: Record<ParcelStatus, number> }) => ({
	...dayJson(v.day),
	parcels: v.parcels.map(parcelJson),
	counts: v.counts
});

export const signoffRowJson = (r: SignoffRow) => ({ ...r, handedAt: new Date(r.handedAt).toISOString() });
