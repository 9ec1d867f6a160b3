/** Display helpers for household pages (shared by server and browser). */

const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** Integer cents as "12,50 €". */
export const money = (cents: number | null | undefined): string => (cents === null || cents === undefined ? '—' : euro.format(cents / 100));

/** Cents as the text of an amount field: 1250 → "12,50". */
export const centsInput = (cents: number): string => (cents / 100).toFixed(2).replace('.', ',');

/** Basis points as "20 %". */
export const percent = (bp: number | null | undefined): string => (bp === null || bp === undefined ? '—' : `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(bp / 100)} %`);

/** "2026-03-10" → "10/03/2026". */
export const frDate = (iso: string | null | undefined): string => {
	if (!iso) return '—';
	const [y, mo, d] = iso.slice(0, 10).split('-');
	return `${d}/${mo}/${y}`;
};
