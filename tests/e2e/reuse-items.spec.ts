// The ressourcerie's items on the tablet (issue 15, item 4): Karim prices five objects and a batch of
// 30 books at 1 € (category tiles by flux, the price grid or the keypad, weighed or average weight), then
// prints their labels: one a piece (35), or one a batch (6 labels, each with its QR). The QR of a label
// reads the item's code. Portrait 800 × 1280 too; axe clean on each screen. And the main path without
// JavaScript (Sophie, manager).
import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { enrolTablet, expectAccessible, newDevice, signIn, takeTillWithPin } from './helpers';
import { makeItem } from './reuse';

const require = createRequire(import.meta.url);
prepareZXingModule({ overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer as ArrayBuffer } });

const SHOTS = '/work/shots';

test('price and label five objects and a batch of 30 books at 1 €, then print their labels', async ({ browser, baseURL }) => {
	test.slow();
	const { context, page } = await newDevice(browser, baseURL, { viewport: { width: 1280, height: 800 }, hasTouch: true });
	await enrolTablet(page, 'Tablette ressourcerie');
	await takeTillWithPin(page, 'Karim', '2580');

	await page.goto('/ressourcerie/objets');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Objets');
	await expectAccessible(page);

	// The category tiles by flux, for the record of the issue.
	await page.goto('/ressourcerie/objets/nouveau');
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/15-items-categories.png` });
	const chair = await makeItem(page, { category: /^Assises/, grid: /Chaise/, description: 'Chaise paillée' }, true);
	await expectAccessible(page);
	await expect(page.locator('.price')).toHaveText(/^5,00\s€$/);
	const toaster = await makeItem(page, { category: /^DEEE 5/, keypad: '4,5', weighed: '1,4', description: 'Grille-pain testé' });
	await expect(page.locator('.price')).toHaveText(/^4,50\s€$/);
	await expect(page.getByText(/1,4 kg · pesé/)).toBeVisible();
	const coat = await makeItem(page, { category: /^Vêtements/, keypad: '8', description: 'Manteau bleu taille 40' });
	const puzzle = await makeItem(page, { category: /^Jouets/, keypad: '3', weighed: '0,8', description: 'Puzzle 1000 pièces' });
	const mirror = await makeItem(page, { category: /^Décoration et bibelots/, grid: /Moyen/, description: 'Miroir doré' });
	const books = await makeItem(page, { category: /^Livres/, grid: /Grand format/, batch: '30', weighed: '12', description: 'Romans grand format' });
	await expect(page.getByText(/0,4 kg la pièce · pesé/)).toBeVisible();
	await expectAccessible(page);
	const codes = [chair, toaster, coat, puzzle, mirror, books];
	expect(new Set(codes).size).toBe(6);

	// A refused price: 0 is a gift, not a sale (French message beside the field, nothing saved).
	await page.goto('/ressourcerie/objets/nouveau');
	await page.getByRole('link', { name: /^Divers/ }).click();
	await page.getByLabel('Autre prix (€)').fill('0');
	await page.getByLabel('Description').fill('Objet gratuit');
	await page.getByRole('button', { name: 'Enregistrer l’objet' }).click();
	await expect(page.getByRole('alert')).toContainText('sortie « don »');
	await expect(page.getByLabel('Description')).toHaveValue('Objet gratuit');
	await expectAccessible(page);

	// The chair's price changes on its page.
	await page.goto(`/ressourcerie/objets/${chair}`);
	await page.getByLabel('Autre prix (€)').fill('6');
	await page.getByRole('button', { name: 'Changer le prix' }).click();
	await expect(page.getByRole('status')).toContainText('Prix changé');
	await expect(page.locator('.price')).toHaveText(/^6,00\s€$/);
	await expectAccessible(page);

	// The list: tick the six, print their labels — one a piece first (5 + 30), then one a batch (6).
	await page.goto('/ressourcerie/objets');
	for (const c of codes) await page.getByRole('checkbox', { name: `Choisir ${c} pour l’étiquette` }).check();
	await page.getByRole('button', { name: 'Imprimer les étiquettes cochées' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Étiquettes d’objets');
	await expect(page.locator('.item-label')).toHaveCount(35);
	await page.getByRole('link', { name: 'Une étiquette par lot' }).click();
	await expect(page.locator('.item-label')).toHaveCount(6);
	await expect(page.locator('.item-label .qr svg')).toHaveCount(6);
	await expect(page.getByRole('status').first()).toContainText('6 étiquettes');
	await expect(page.locator(`.item-label[data-code="${books}"]`)).toContainText('lot de 30');
	await expect(page.locator(`.item-label[data-code="${chair}"]`)).toContainText(/6,00\s€/);
	await expectAccessible(page);
	await page.screenshot({ path: `${SHOTS}/15-items-labels-page.png` });
	// Printing tells the server first (the work event "étiqueter"), then opens the print dialog.
	await page.evaluate(() => (window.print = () => undefined));
	const told = page.waitForResponse((r) => r.url().includes('/ressourcerie/objets/etiquettes?/printed') && r.request().method() === 'POST');
	await page.getByRole('button', { name: 'Imprimer' }).click();
	expect((await told).status()).toBe(200);

	// One label on the 62 mm roll: its QR reads the item's code (what the till's scanner types).
	await page.goto(`/ressourcerie/objets/etiquettes?item=${chair}&format=roll62`);
	const label = page.locator('.label-sheet .label').first();
	await label.scrollIntoViewIfNeeded();
	const png = await label.screenshot({ scale: 'device' });
	const [decoded] = await readBarcodes(new Blob([new Uint8Array(png)]), { formats: ['QRCode'] });
	expect(decoded?.text).toBe(chair);
	await label.screenshot({ path: `${SHOTS}/15-item-label.png`, scale: 'device' });

	// Portrait tablet: the new-object form fits, axe clean.
	await page.setViewportSize({ width: 800, height: 1280 });
	await page.goto('/ressourcerie/objets/nouveau');
	await page.getByRole('link', { name: /^Livres/ }).click();
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
	await expectAccessible(page);
	await page.screenshot({ path: `${SHOTS}/15-items-new-portrait.png`, fullPage: true });
	await page.goto(`/ressourcerie/objets/${books}`);
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
	await expectAccessible(page);
	await context.close();
});

test('without JavaScript: a category, a grid price, a description, saved, its label', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL, { javaScriptEnabled: false });
	await signIn(page, 'sophie');
	await page.goto('/ressourcerie/objets/nouveau');
	await page.getByRole('link', { name: /^Vaisselle/ }).click();
	await page.getByRole('radio').first().check();
	await page.getByLabel('Description').fill('Saladier en verre');
	await page.getByRole('button', { name: 'Enregistrer l’objet' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('· Saladier en verre');
	await page.getByRole('link', { name: 'Imprimer l’étiquette' }).click();
	await expect(page.locator('.item-label')).toHaveCount(1);
	await context.close();
});
