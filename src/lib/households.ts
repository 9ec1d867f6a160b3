/** Display helpers for household pages (shared by server and browser): they live in $lib/format. */
export { centsInput, money, percent } from './format';
import { formatDay } from './format';

/** "2026-03-10" → "10/03/2026". */
export const frDate = (iso: string | null | undefined): string => formatDay(iso);
