import { m } from '$lib/paraglide/messages';

const METHOD: Record<string, () => string> = { cash: m.till_method_cash, card: m.till_method_card, cheque: m.till_method_cheque };
/** "Espèces", "Carte", "Chèque". */
export const methodLabel = (method: string) => METHOD[method]?.() ?? method;
