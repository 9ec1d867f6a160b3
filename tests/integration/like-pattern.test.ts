import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { likePattern } from '$lib/server/db/lists';
import { useTestDatabase } from '../helpers/db';

const t = useTestDatabase();

/** What the database says: does `text` match the pattern made from `q`? */
async function matches(text: string, q: string, op: 'like' | 'ilike' = 'like'): Promise<boolean> {
	const pattern = likePattern(q);
	const rows = (await t.db.execute(op === 'like' ? sql`select ${text} like ${pattern} as ok` : sql`select ${text} ilike ${pattern} as ok`)) as unknown as
		{ rows: { ok: boolean }[] } | { ok: boolean }[];
	const list = Array.isArray(rows) ? rows : rows.rows;
	return list[0]!.ok;
}

/** Text with plenty of LIKE's own characters in it. */
const tricky = fc.string({ unit: fc.constantFrom('a', 'b', '%', '_', '\\', 'é', ' '), maxLength: 8 });

describe('likePattern: a typed search is found as typed, in PostgreSQL', () => {
	test('%, _ and \\ typed in a search match themselves only', async () => {
		expect(await matches('50% off', '50%')).toBe(true);
		expect(await matches('500 off', '50%')).toBe(false);
		expect(await matches('a_b', 'a_b')).toBe(true);
		expect(await matches('axb', 'a_b')).toBe(false);
		expect(await matches('C:\\dossier', ':\\d')).toBe(true);
		expect(await matches('C:dossier', ':\\d')).toBe(false);
		expect(await matches('Pâtes Bio', 'pâtes', 'ilike')).toBe(true);
	});

	test('any text and search: the pattern matches exactly the texts that contain the search', async () => {
		await fc.assert(
			fc.asyncProperty(tricky, tricky, async (text, q) => {
				expect(await matches(text, q)).toBe(text.includes(q));
				// The search itself, with anything around it, is always found.
				expect(await matches(`${text}${q}${text}`, q)).toBe(true);
			}),
			{ numRuns: 150 }
		);
	});
});
