// Test helpers for reports (issue 12): lots and ledger movements at chosen instants (the services stamp
// `now`; a report needs months of history), and a small .xlsx reader to check the exports' typed cells.
import { sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import type { Database } from '$lib/server/db';
import { lots } from '$lib/server/db/schema';
import type { OrgFixture } from './fixtures';

let lotSeq = 0;

/** A lot with a zero balance, inserted directly (its stock comes from `movementAt`). */
export async function makeLot(
	db: Database,
	org: OrgFixture,
	l: { productId: string; originId: string; locationId?: string | null; date?: string | null; dateType?: 'dlc' | 'ddm' | 'none'; createdAt?: Date }
): Promise<{ id: string; code: string }> {
	const code = `L-${String(900_000 + ++lotSeq).padStart(6, '0')}${Math.floor(Math.random() * 900 + 100)}`;
	const date = l.date ?? null;
	const [row] = await db
		.insert(lots)
		.values({
			organisationId: org.organisationId,
			code,
			productId: l.productId,
			originId: l.originId,
			locationId: l.locationId === undefined ? org.locationId : l.locationId,
			date,
			dateType: l.dateType ?? (date ? 'ddm' : 'none'),
			...(l.createdAt ? { createdAt: l.createdAt } : {})
		})
		.returning({ id: lots.id, code: lots.code });
	return row!;
}

/**
 * One ledger movement at instant `at`, and the lot's balance moved by it, in one transaction (as
 * recordMovement does, but backdated). The lot's CHECK (on_hand >= 0) still holds.
 */
export async function movementAt(
	db: Database,
	org: OrgFixture,
	m: {
		lotId: string;
		quantity: number;
		kind: 'reception' | 'move' | 'count' | 'loss' | 'correction' | 'sale' | 'distribution' | 'return';
		at: Date;
		reason?: string | null;
		/** e.g. `count:<id>` for a count's adjustment (stock/counts.ts). */
		note?: string | null;
		correctionOf?: number | null;
		userId?: string;
		toLocationId?: string | null;
		fromLocationId?: string | null;
	}
): Promise<number> {
	return db.transaction(async (tx) => {
		const r =
			(await tx.execute(sql`insert into stock_movements (organisation_id, lot_id, quantity, kind, reason, note, user_id, correction_of, to_location_id, from_location_id, at)
			values (${org.organisationId}, ${m.lotId}, ${m.quantity}, ${m.kind}, ${m.reason ?? null}, ${m.note ?? null}, ${m.userId ?? org.users.manager.id}, ${m.correctionOf ?? null}, ${m.toLocationId ?? null}, ${m.fromLocationId ?? null}, ${m.at.toISOString()})
			returning id`)) as unknown;
		const rows = (Array.isArray(r) ? r : (r as { rows: { id: unknown }[] }).rows) as { id: unknown }[];
		await tx.execute(sql`update lots set on_hand = on_hand + ${m.quantity} where organisation_id = ${org.organisationId} and id = ${m.lotId}`);
		return Number(rows[0]!.id);
	});
}

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
