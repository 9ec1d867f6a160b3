import type { LocationRow, SiteRow } from './places';

/** A site as the API shows it. */
export const siteJson = (s: Pick<SiteRow, 'id' | 'name' | 'kind' | 'address' | 'active'> & { locationCount?: number }) => ({
	id: s.id,
	name: s.name,
	kind: s.kind,
	address: s.address ?? null,
	active: s.active,
	...(s.locationCount !== undefined ? { locationCount: s.locationCount } : {})
});

/** A location as the API shows it: `code` is what its label (QR code) carries. */
export const locationJson = (l: LocationRow) => ({
	id: l.id,
	code: l.code,
	name: l.name,
	kind: l.kind,
	zone: l.zone,
	active: l.active,
	site: { id: l.siteId, name: l.siteName }
});
