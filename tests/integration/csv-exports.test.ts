import { describe, expect, test } from 'vitest';
import { createProduct, exportCatalogueCsv, importCatalogueCsv } from '$lib/server/stock/catalogue';
import { parseCsv } from '$lib/server/stock/csv';
import { closeTill, openTill } from '$lib/server/till/sessions';
import { exportZCsv, Z_CSV_HEADER } from '$lib/server/till/zreports';
import { useTestDatabase } from '../helpers/db';
import { makeDevice, makeOrg } from '../helpers/fixtures';
import { makeShop } from '../helpers/till';

const t = useTestDatabase();

/** Every cell a spreadsheet would run as a formula: starts with =, +, -, @, tab or CR. */
const FORMULA = /^[=+\-@\t\r]/;
const base = { unit: 'piece', referencePriceCents: 120, zone: 'ambient', dateType: 'ddm' } as const;

describe('spreadsheet exports are formula-safe (issue 9, item 6)', () => {
	test('/catalogue/export: a product named =HYPERLINK(…) comes out as text, and reads back as it was', async () => {
		const org = await makeOrg(t.db);
		const a = org.actors.manager;
		await createProduct(t.db, a, { ...base, name: '=HYPERLINK("http://x")' });
		await createProduct(t.db, a, { ...base, name: "@SUM(1+1)*cmd|' /C calc'!A0" });
		await createProduct(t.db, a, { ...base, name: '-Promo', limitPerVisit: 2 });
		const csv = await exportCatalogueCsv(t.db, a);
		const rows = parseCsv(csv).map((r) => r.fields);
		for (const row of rows) for (const cell of row) expect(cell).not.toMatch(FORMULA);
		const names = rows.slice(1).map((r) => r[0]);
		expect(names).toEqual(expect.arrayContaining(['\'=HYPERLINK("http://x")', "'@SUM(1+1)*cmd|' /C calc'!A0", "'-Promo"]));
		expect(rows.find((r) => r[0] === "'-Promo")!.slice(3, 8)).toEqual(['1,20', '', 'ambiant', 'DDM', '2']);
		// Importing the file back (another organisation) gives the names as typed, not with the quote.
		const other = await makeOrg(t.db);
		expect(await importCatalogueCsv(t.db, other.actors.manager, csv)).toEqual({ created: 3, updated: 0, errors: [] });
		expect(await exportCatalogueCsv(t.db, other.actors.manager)).toBe(csv);
	});

	test("/clotures/export: a tablet named +cmd|' /C calc'!A0 comes out as text; negative amounts stay numbers", async () => {
		const s = await makeShop(t.db);
		await closeTill(t.db, s.operator, s.point, { counted: { cash: 950 } });
		const { device } = await makeDevice(t.db, s.org, "+cmd|' /C calc'!A0");
		await openTill(t.db, { ...s.org.actors.operator, deviceId: device.id, method: 'pin' }, { deviceId: device.id }, { floatCents: 500 });
		const csv = parseCsv(await exportZCsv(t.db, s.org.actors.manager));
		const rows = csv.slice(1).map((r) => Object.fromEntries(Z_CSV_HEADER.map((h, i) => [h, r.fields[i]!])));
		expect(rows[0]!.tablette).toBe("'+cmd|' /C calc'!A0");
		expect(rows[1]!.ecart_especes).toBe('-0,50');
		for (const row of rows)
			for (const [k, v] of Object.entries(row)) if (k !== 'ecart_especes' && k !== 'ecart_carte' && k !== 'ecart_cheque') expect(v).not.toMatch(FORMULA);
	});
});
