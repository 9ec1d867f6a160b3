import type { IconName } from '$lib/components/Icon.svelte';
import type { ExitChannel } from '$lib/reuse/channels';

/** The pictogram beside each channel's word on the exits' screens. */
export const CHANNEL_ICONS: Record<ExitChannel, IconName> = { don: 'person', partenaire: 'people', recyclage: 'leaf', dechet: 'trash' };
