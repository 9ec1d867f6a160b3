/**
 * Label stock the app prints on. Sizes in millimetres, as sold. A roll prints one label per page
 * (the printer driver's page is the label); a sheet prints a grid of labels on an A4 page.
 */
export type LabelFormatId = 'roll62' | 'zebra57' | 'a4-24';

export interface SheetLayout {
	columns: number;
	rows: number;
	/** Page margins before the first row and the first column. */
	top: number;
	left: number;
	columnGap: number;
	rowGap: number;
}

export interface LabelFormat {
	id: LabelFormatId;
	/** One label: width × height. */
	width: number;
	height: number;
	/** The printed page: width × height. */
	pageWidth: number;
	pageHeight: number;
	/** Only for sheets of several labels. */
	sheet: SheetLayout | null;
}

export const LABEL_FORMATS: Record<LabelFormatId, LabelFormat> = {
	/** Brother QL, 62 mm continuous roll (DK-22205) cut every 29 mm. */
	roll62: { id: 'roll62', width: 62, height: 29, pageWidth: 62, pageHeight: 29, sheet: null },
	/** Zebra desktop printer, 57 × 32 mm die-cut labels. */
	zebra57: { id: 'zebra57', width: 57, height: 32, pageWidth: 57, pageHeight: 32, sheet: null },
	/** A4 sheet of 24 labels (Avery L7159 and equivalents), 3 columns × 8 rows. */
	'a4-24': {
		id: 'a4-24',
		width: 63.5,
		height: 33.9,
		pageWidth: 210,
		pageHeight: 297,
		sheet: { columns: 3, rows: 8, top: 12.9, left: 6.5, columnGap: 2.5, rowGap: 0 }
	}
};

export const LABEL_FORMAT_IDS = Object.keys(LABEL_FORMATS) as LabelFormatId[];
export const DEFAULT_LABEL_FORMAT: LabelFormatId = 'a4-24';

export const isLabelFormat = (v: unknown): v is LabelFormatId => typeof v === 'string' && v in LABEL_FORMATS;

/** Labels on one printed page: 24 on a sheet, 1 on a roll. */
export const perPage = (f: LabelFormat): number => (f.sheet ? f.sheet.columns * f.sheet.rows : 1);

/**
 * Positions already used on a partly used sheet (0 on a new sheet), from a query parameter.
 * Always 0 for rolls; at most one less than the labels on a sheet.
 */
export function parseSkip(f: LabelFormat, raw: string | null | undefined): number {
	if (!f.sheet) return 0;
	const n = Number.parseInt(raw ?? '', 10);
	if (!Number.isFinite(n) || n < 0) return 0;
	return Math.min(n, perPage(f) - 1);
}

/**
 * The labels laid out page by page: on a sheet, the first `skip` positions stay empty (null).
 * A page of a roll holds one label.
 */
export function paginate<T>(f: LabelFormat, items: readonly T[], skip = 0): (T | null)[][] {
	if (items.length === 0) return [];
	const size = perPage(f);
	const cells: (T | null)[] = [...Array<null>(f.sheet ? Math.max(0, Math.min(skip, size - 1)) : 0).fill(null), ...items];
	const pages: (T | null)[][] = [];
	for (let i = 0; i < cells.length; i += size) pages.push(cells.slice(i, i + size));
	return pages;
}
