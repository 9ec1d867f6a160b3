// A small .xlsx reader to check the reports' exports (typed cells, number formats, sheets); no $lib import,
// so browser tests can use it too.
import { strFromU8, unzipSync } from 'fflate';

export interface XlsxSheet {
	name: string;
	/** Rows of cells: numbers as numbers (dates as Excel serial days), text as text, empty as null. */
	rows: (string | number | null)[][];
	/** The number format of each cell (`r:c` → format code), for typed-cell checks. */
	formats: Record<string, string>;
}

const colIndex = (ref: string) => [...ref.replace(/\d+/g, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
const unescape = (s: string) =>
	s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');

/** Reads an .xlsx file (what our exports write: shared or inline strings, numbers, styles with number formats). */
export function readXlsx(data: Uint8Array): XlsxSheet[] {
	const files = unzipSync(data);
	const text = (p: string) => (files[p] ? strFromU8(files[p]!) : '');
	const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
		unescape([...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(''))
	);
	const styles = text('xl/styles.xml');
	const numFmts = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
	const cellXfs = (styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)?.[1] ?? '').match(/<xf [^>]*?(\/>|>)/g) ?? [];
	const xfFormat = cellXfs.map((xf) => {
		const id = xf.match(/numFmtId="(\d+)"/)?.[1] ?? '0';
		return numFmts.get(id) ?? (id === '0' ? 'General' : `builtin:${id}`);
	});
	const workbook = text('xl/workbook.xml');
	const rels = text('xl/_rels/workbook.xml.rels');
	const sheets = [...workbook.matchAll(/<sheet [^>]*>/g)].map((m) => [m[0], m[0].match(/name="([^"]*)"/)![1]!, m[0].match(/r:id="([^"]*)"/)![1]!] as const);
	return sheets.map(([, name, rid]) => {
		const target = rels.match(new RegExp(`Id="${rid}"[^>]*Target="([^"]*)"`))?.[1] ?? rels.match(new RegExp(`Target="([^"]*)"[^>]*Id="${rid}"`))?.[1] ?? '';
		const xml = text('xl/' + target.replace(/^\/?xl\//, ''));
		const rows: (string | number | null)[][] = [];
		const formats: Record<string, string> = {};
		for (const rm of xml.matchAll(/<row [^>]*r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
			const r = Number(rm[1]) - 1;
			const row: (string | number | null)[] = (rows[r] = []);
			for (const cm of rm[2]!.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
				const attrs = cm[1]!;
				const ref = attrs.match(/r="([A-Z]+\d+)"/)![1]!;
				const c = colIndex(ref);
				const t = attrs.match(/t="(\w+)"/)?.[1];
				const s = attrs.match(/s="(\d+)"/)?.[1];
				if (s) formats[`${r}:${c}`] = xfFormat[Number(s)] ?? 'General';
				const body = cm[2] ?? '';
				const v = body.match(/<v>([\s\S]*?)<\/v>/)?.[1];
				if (t === 's') row[c] = shared[Number(v)] ?? null;
				else if (t === 'inlineStr') row[c] = unescape([...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join(''));
				else if (t === 'str') row[c] = v === undefined ? null : unescape(v);
				else if (t === 'b') row[c] = v === '1' ? 1 : 0;
				else row[c] = v === undefined ? null : Number(v);
			}
			for (let i = 0; i < row.length; i++) if (row[i] === undefined) row[i] = null;
		}
		for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
		return { name: unescape(name!), rows, formats };
	});
}

/** An Excel serial day (1900 system) as YYYY-MM-DD. */
export const excelDay = (serial: number): string => new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
