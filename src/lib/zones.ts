import type { IconName } from '$lib/components/Icon.svelte';
import type { LocationKind, Zone } from '$lib/server/places/places';

/**
 * Temperature zones, usable on both sides (forms pre-fill the zone in the browser; the service
 * applies the same default when none was chosen).
 */

/** The pictogram shown beside a zone's name, everywhere (lists, forms, labels). */
const ZONE_ICONS: Record<Zone, IconName> = { ambient: 'sun', chilled: 'cold', frozen: 'snowflake' };
export const zoneIcon = (zone: string): IconName => ZONE_ICONS[zone as Zone] ?? 'sun';

/** The zone a kind of location usually has, to pre-fill the form. */
export function defaultZone(kind: LocationKind | string): Zone {
	if (kind === 'chambre_froide' || kind === 'refrigerateur') return 'chilled';
	if (kind === 'congelateur') return 'frozen';
	return 'ambient';
}
