import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database } from '../db';
import { listLocations, type Zone } from '../places/places';
import { qrSvg } from './qr';
import { MANAGE_ORGANISATION } from '$lib/permissions';

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** At most this many labels in one print run (ten A4 sheets). */
export const MAX_LABELS = 240;

export interface LocationLabel {
	id: string;
	code: string;
	name: string;
	siteName: string;
	zone: Zone;
	/** SVG of a QR code holding exactly the location's code (what a scanner types back). */
	qr: string;
}

/**
 * Labels of the chosen active locations (by id), or of every active location of a site, in the
 * organisation of the actor. Unknown ids and other organisations' locations are left out.
 */
export async function locationLabels(db: Database, actor: Actor, selection: { ids?: string[]; siteId?: string | null }): Promise<LocationLabel[]> {
	requireRole(actor, MANAGE_ORGANISATION);
	const ids = selection.ids?.slice(0, MAX_LABELS);
	if (!ids?.length && !selection.siteId) return [];
	const rows = await listLocations(db, actor, { ids: ids?.length ? ids : undefined, siteId: selection.siteId ?? undefined });
	// In the order of the places page: by site, then by name, French alphabetical order.
	rows.sort((a, b) => collator.compare(a.siteName, b.siteName) || collator.compare(a.name, b.name));
	return Promise.all(
		rows.slice(0, MAX_LABELS).map(async (l) => ({
			id: l.id,
			code: l.code,
			name: l.name,
			siteName: l.siteName,
			zone: l.zone,
			qr: await qrSvg(l.code)
		}))
	);
}
