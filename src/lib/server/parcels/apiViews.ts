import type { DayListRow, DayParcel, DayRow, DaySummary, ParcelStatus } from './days';
import type { SignoffRow } from './signoff';

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
