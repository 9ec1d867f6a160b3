import type { IconName } from '$lib/components/Icon.svelte';
import { WORK_EVENT_AREA, isWorkEventType } from '$lib/training/events';

/** The pictogram of a work event's area (reception, stock, count, till), beside its words. */
export const AREA_ICONS: Record<'reception' | 'stock' | 'count' | 'till' | 'parcels' | 'reuse', IconName> = {
	reception: 'box',
	stock: 'place',
	count: 'check',
	till: 'till',
	parcels: 'basket',
	reuse: 'recycle'
};

export const areaIcon = (type: string): IconName => (isWorkEventType(type) ? AREA_ICONS[WORK_EVENT_AREA[type]] : 'journal');
