// Reports (issue 12) in the browser: a manager opens a report, changes the period, prints it (A4, no
// controls) and downloads its CSV and .xlsx, which the test opens and checks; axe on the page.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readXlsx } from '../helpers/xlsx';
import { expectAccessible, signIn } from './helpers';

test('a manager reads the losses, changes the period, prints, and downloads CSV and XLSX that open right', async ({ page }) => {
	await signIn(page, 'sophie');
	await page.goto('/rapports/pertes');
	await expect(page.getByRole('heading', { level: 1, name: 'Pertes' })).toBeVisible();
	await expectAccessible(page);

	// The period: a year, through the form (works without JavaScript: a GET form).
	await page.getByLabel('Période', { exact: true }).selectOption('year');
	await page.getByRole('button', { name: 'Afficher' }).click();
	await expect(page).toHaveURL(/period=year/);
	const year = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date());
	await expect(page.getByText(`année ${year}`, { exact: true })).toBeVisible();
	await expectAccessible(page);
	// Previous period: the year before.
	await page.getByRole('link', { name: 'Période précédente' }).click();
	await expect(page.getByText(`année ${Number(year) - 1}`, { exact: true })).toBeVisible();
	await page.getByRole('link', { name: 'Période suivante' }).click();
	await expect(page.getByText(`année ${year}`, { exact: true })).toBeVisible();

	// Printing: the button opens the browser's print; the printed page has no controls.
	await page.evaluate(() => {
		(window as unknown as { printed: number }).printed = 0;
		window.print = () => void (window as unknown as { printed: number }).printed++;
	});
	await page.getByRole('button', { name: 'Imprimer' }).click();
	expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Afficher' })).toBeHidden();
	await expect(page.getByRole('link', { name: /Télécharger/ }).first()).toBeHidden();
	await expect(page.getByRole('heading', { level: 1, name: 'Pertes' })).toBeVisible();
	await expect(page.getByText(/^Imprimé le \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
	await page.emulateMedia({ media: 'screen' });

	// CSV of the first table: French spreadsheet format.
	const csvDownload = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Télécharger (CSV) – Pertes par raison' }).click();
	const csv = await csvDownload;
	expect(csv.suggestedFilename()).toBe(`rapport-pertes-${year}-01-01_${year}-12-31.csv`);
	const text = readFileSync((await csv.path())!, 'utf8');
	expect(text.startsWith('\ufeff')).toBe(true);
	const lines = text.slice(1).trim().split('\r\n');
	expect(lines[0]).toBe('Raison;Lignes;Poids (kg);Valeur (€)');
	expect(lines.at(-1)).toMatch(/^Total;\d+;[\d,]*;[\d,]+$/);

	// The .xlsx: every table a sheet, the same header, numbers typed as numbers.
	const xlsxDownload = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Télécharger pour Excel (.xlsx)' }).click();
	const xlsx = await xlsxDownload;
	expect(xlsx.suggestedFilename()).toBe(`rapport-pertes-${year}-01-01_${year}-12-31.xlsx`);
	const sheets = readXlsx(new Uint8Array(readFileSync((await xlsx.path())!)));
	expect(sheets.map((s) => s.name)).toEqual(['Pertes par raison', 'Par catégorie', 'Par origine', 'Par mois']);
	expect(sheets[0]!.rows[0]).toEqual(['Raison', 'Lignes', 'Poids (kg)', 'Valeur (€)']);
	const total = sheets[0]!.rows.at(-1)!;
	expect(total[0]).toBe('Total');
	expect(typeof total[1]).toBe('number');
	// The CSV's total and the sheet's are the same figures.
	const csvTotal = lines.at(-1)!.split(';');
	expect(Number(csvTotal[1])).toBe(total[1]);
	expect(Number(csvTotal[3]!.replace(',', '.'))).toBe(total[3]);
	// The months sheet has twelve months and a total.
	expect(sheets[3]!.rows.length).toBe(1 + 12 + 1);
});

test('every report a manager may open, listed on the dashboard, passes axe and offers its downloads', async ({ page }) => {
	await signIn(page, 'sophie');
	await page.goto('/rapports');
	const list = page.getByRole('region', { name: 'Tous les rapports' }).getByRole('link');
	await expect(list.first()).toBeVisible();
	const links = await list.evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href')!, name: a.textContent!.trim() })));
	expect(links.length).toBe(13); // issue 13: + the insertion workshop; issue 14: + parcels; issue 15: + the ressourcerie's tonnage and declaration
	for (const { href, name } of links) {
		await page.goto(href);
		await expect(page.getByRole('heading', { level: 1 }), href).toContainText(name);
		// The charts are drawn (Chart.js loads on demand) before axe reads the page.
		for (const chart of await page.locator('canvas[data-drawn]').all()) await expect(chart).toHaveAttribute('data-drawn', 'yes');
		await expectAccessible(page);
		const xlsx = await page.getByRole('link', { name: 'Télécharger pour Excel (.xlsx)' }).getAttribute('href');
		const answer = await page.request.get(xlsx!);
		expect(answer.status(), href).toBe(200);
		expect(answer.headers()['content-type']).toContain('spreadsheetml');
		expect(readXlsx(new Uint8Array(await answer.body())).length, href).toBeGreaterThan(0);
	}
});
