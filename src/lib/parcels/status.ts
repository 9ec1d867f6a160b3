import { m } from '$lib/paraglide/messages';

/** A parcel's status in words (screens of the distribution days and the handover). */
const PARCEL_STATUS_LABELS: Record<string, () => string> = {
	expected: m.dd_status_expected,
	preparing: m.dd_status_preparing,
	prepared: m.dd_status_prepared,
	handed_over: m.dd_status_handed_over,
	absent: m.dd_status_absent,
	not_collected: m.dd_status_not_collected
};

export const parcelStatusLabel = (status: string): string => PARCEL_STATUS_LABELS[status]?.() ?? status;
