import { m } from '$lib/paraglide/messages';

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });

/** "23/11/2026 14:05" in the shop's time zone; empty for no date. */
export const shopDateTime = (d: Date | string | null | undefined): string => (d ? dateTime.format(new Date(d)) : '');

const METHOD: Record<string, () => string> = { cash: m.till_method_cash, card: m.till_method_card, cheque: m.till_method_cheque };
/** "Espèces", "Carte", "Chèque". */
export const methodLabel = (method: string) => METHOD[method]?.() ?? method;
