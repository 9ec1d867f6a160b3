import { expect, test, type APIRequestContext } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { enrolTablet, expectAccessible, newDevice, scan, signIn, takeTillWithPin } from './helpers';
import { makeItem, tapKeypad } from './reuse';

/*
 * The ressourcerie's day on the tablet, end to end (issue 15, the browser test it asks for): Karim weighs an
 * intake of three flux with tared containers; prices and labels five objects and a batch; sells two of
 * them by scanning their labels and a small object by a quick key (with a discount), paid in cash; sends
 * the rest to recycling by scanning their labels; then Sophie reads the tonnage report for the day, whose
 * in, sold and recycled weights grew by exactly what was done. axe clean on every screen.
 */

const SHOTS = '/work/shots';

/** The day in the organisation's zone (Europe/Paris), as the reports read it. */
const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

/** The tonnage report's figures for the day, in grams (the report's API, read with the manager's session). */
async function dayTonnage(request: APIRequestContext, day: string): Promise<Record<string, number>> {
	const res = await request.get(`/api/v1/reports/reuse?period=custom&from=${day}&to=${day}`);
	expect(res.status(), await res.text()).toBe(200);
	const report = (await res.json()) as { figures: { id: string; value: number | null }[] };
	return Object.fromEntries(report.figures.map((f) => [f.id, f.value ?? 0]));
}

test('a ressourcerie day: weigh an intake of three flux, price and label five objects and a batch, sell by scan and quick key, recycle the rest, read the day’s tonnage', async ({
	browser,
	baseURL
}) => {
	test.slow();
	mkdirSync(SHOTS, { recursive: true });
	const day = parisToday();
	const pc = await newDevice(browser, baseURL, { viewport: { width: 1280, height: 800 } });
	await signIn(pc.page, 'sophie');
	const before = await dayTonnage(pc.page.request, day);

	// ——— Karim takes the ressourcerie's tablet with his PIN ———
	const { context, page } = await newDevice(browser, baseURL, { viewport: { width: 1280, height: 800 }, hasTouch: true });
	await enrolTablet(page, 'Tablette ressourcerie (journée)');
	await takeTillWithPin(page, 'Karim', '2580');
	await page.goto('/');
	await page
		.getByRole('link', { name: /Ressourcerie/ })
		.first()
		.click();
	await expect(page).toHaveURL(/\/ressourcerie$/);
	await expectAccessible(page);

	// ——— 1. The intake: textiles and books in a bin (2,5 kg), furniture in a trolley (12 kg) ———
	await page.getByRole('link', { name: /Arrivage/ }).click();
	await page.getByRole('radio', { name: 'Collecte à domicile' }).check();
	await page.getByLabel('Commune').fill('Vénissieux');
	await page.getByRole('button', { name: 'Commencer la pesée' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Arrivage A-\d{6}$/);
	const weigh = async (flux: string, container: RegExp, gross: string, net: string) => {
		await page.getByRole('radio', { name: flux, exact: true }).check();
		await page.getByRole('radio', { name: container }).check();
		await tapKeypad(page, 'Poids sur la balance (kg)', gross);
		await expect(page.locator('.net')).toHaveText(`Net ${net}`);
		await page.getByRole('button', { name: 'Valider la pesée' }).click();
		await expect(page.getByRole('status')).toHaveText(`Enregistré : ${net} de ${flux}.`);
	};
	await weigh('Textile', /^Bac\s*Tare 2,5/, '14,5', '12 kg');
	await expectAccessible(page);
	await page.screenshot({ path: `${SHOTS}/15-flow-weighing.png` });
	await weigh('Mobilier', /^Caddie/, '43', '31 kg');
	await weigh('Livres et médias', /^Bac\s*Tare 2,5/, '6,5', '4 kg');
	await expect(page.locator('.totals li').last()).toHaveText(/Total\s*47 kg/);
	await expectAccessible(page);

	// ——— 2. Five objects and a batch, priced and weighed, then their labels (one for the batch) ———
	const chair = await makeItem(page, { category: /^Assises/, grid: /Chaise/, weighed: '4', description: 'Chaise paillée' }, true);
	const toaster = await makeItem(page, { category: /^DEEE 5/, keypad: '4,5', weighed: '1,4', description: 'Grille-pain' });
	const coat = await makeItem(page, { category: /^Vêtements/, keypad: '8', weighed: '1,2', description: 'Manteau de laine' });
	const puzzle = await makeItem(page, { category: /^Jouets/, keypad: '3', weighed: '0,8', description: 'Puzzle complet' });
	const mirror = await makeItem(page, { category: /^Décoration et bibelots/, grid: /Moyen/, weighed: '2', description: 'Miroir rond' });
	const books = await makeItem(page, { category: /^Livres/, grid: /Grand format/, batch: '30', weighed: '12', description: 'Romans policiers' });
	const codes = [chair, toaster, coat, puzzle, mirror, books];
	expect(new Set(codes).size).toBe(6);
	await page.goto('/ressourcerie/objets');
	for (const c of codes) await page.getByRole('checkbox', { name: `Choisir ${c} pour l’étiquette` }).check();
	await page.getByRole('button', { name: 'Imprimer les étiquettes cochées' }).click();
	await page.getByRole('link', { name: 'Une étiquette par lot' }).click();
	await expect(page.locator('.item-label')).toHaveCount(6);
	await expect(page.locator('.item-label .qr svg')).toHaveCount(6);
	await expectAccessible(page);
	await page.evaluate(() => (window.print = () => undefined));
	const told = page.waitForResponse((r) => r.url().includes('/ressourcerie/objets/etiquettes?/printed') && r.request().method() === 'POST');
	await page.getByRole('button', { name: 'Imprimer' }).click();
	expect((await told).status()).toBe(200);

	// ——— 3. The till: the chair and the coat by their labels, two glasses by a quick key; a discount; cash ———
	await page.goto('/caisse/ressourcerie');
	await expect(page).toHaveURL(/\/caisse\/ouverture$/);
	await page.getByLabel('Fond de caisse (€)').fill('50');
	await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
	await expect(page).toHaveURL(/\/caisse$/);
	await page.goto('/caisse/ressourcerie');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Caisse ressourcerie');
	const basket = page.getByRole('region', { name: 'Panier' });
	await scan(page, 'Scanner l’étiquette d’un objet', chair);
	await expect(basket.getByText('Chaise paillée', { exact: true })).toBeVisible();
	await scan(page, 'Scanner l’étiquette d’un objet', coat);
	await expect(basket.getByText('Manteau de laine', { exact: true })).toBeVisible();
	await page.getByRole('radio', { name: /Vaisselle/ }).check();
	await page.getByLabel('Prix d’une pièce (€)').fill('0,50');
	await page.getByLabel('Nombre de pièces').fill('2');
	await page.getByRole('button', { name: /^Ajouter : Vaisselle/ }).click();
	await expect(basket.getByText('Sans étiquette', { exact: false })).toBeVisible();
	await basket.getByText('Remise : Chaise paillée').click();
	await basket.getByRole('textbox', { name: 'Remise (€)' }).fill('1');
	await basket.getByRole('textbox', { name: 'Raison de la remise' }).fill('Pied rayé');
	await basket.getByRole('button', { name: 'Appliquer la remise' }).click();
	await expect(basket.getByText('Remise 1,00 € : Pied rayé')).toBeVisible();
	// 5 − 1 + 8 + 2 × 0,50 = 13 €.
	await expect(basket.getByRole('button', { name: 'Payer 13,00 €' })).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: `${SHOTS}/15-flow-till.png`, fullPage: true });
	await basket.getByRole('button', { name: 'Payer 13,00 €' }).click();
	await page.getByLabel('Somme donnée en espèces (€)').fill('20');
	await expect(page.getByRole('status')).toContainText('7,00 €');
	await page.getByRole('button', { name: /Valider/ }).click();
	await expect(page.getByRole('heading', { name: 'Vente enregistrée' })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Imprimer le ticket' }).click();
	const ticket = page.getByRole('article');
	await expect(ticket).toContainText('Vente ressourcerie');
	await expect(ticket).toContainText('Remise 1,00 € : Pied rayé');
	await expect(ticket).not.toContainText('Foyer');
	// The chair sold cannot leave a second time, not even by an exit.
	await page.goto('/ressourcerie/sorties/nouvelle');
	await page.getByRole('radio', { name: /Recyclage/ }).check();
	await page.getByLabel('Recyclage : à qui ?').fill('ecosystem');
	await page.getByRole('button', { name: 'Commencer la sortie' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Recyclage · ecosystem');
	await scan(page, 'Scannez l’étiquette de l’objet', chair);
	await expect(page.getByRole('alert')).toContainText('déjà vendu ou sorti');

	// ——— 4. The rest goes to recycling by its labels: 1,4 + 0,8 + 2 + 12 (the 30 books) = 16,2 kg ———
	for (const [code, kg] of [
		[toaster, '1,4 kg'],
		[puzzle, '0,8 kg'],
		[mirror, '2 kg'],
		[books, '12 kg']
	] as const) {
		await scan(page, 'Scannez l’étiquette de l’objet', code);
		await expect(page.getByRole('status')).toHaveText(`L’objet ${code} est sorti (${kg}).`);
	}
	await expect(page.getByText('Total sorti : 16,2 kg')).toBeVisible();
	await expectAccessible(page);

	// The items' list: nothing of the six is left in stock.
	await page.goto('/ressourcerie/objets?q=' + encodeURIComponent('paillée'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Objets');
	await expect(page.getByRole('row', { name: new RegExp(chair) })).toHaveCount(0);
	await page.goto('/ressourcerie/objets?state=gone&q=' + encodeURIComponent('paillée'));
	await expect(page.getByRole('row', { name: new RegExp(chair) })).toHaveCount(1);
	await context.close();

	// ——— 5. Sophie reads the day's tonnage: in +47 kg, sold +6 kg (4 + 1,2 + 2 × 0,4), recycled +16,2 kg ———
	const after = await dayTonnage(pc.page.request, day);
	expect(after.intake! - before.intake!).toBe(47_000);
	expect(after.sold! - before.sold!).toBe(6_000);
	expect(after.recyclage! - before.recyclage!).toBe(16_200);
	await pc.page.goto(`/rapports/ressourcerie?period=custom&from=${day}&to=${day}`);
	await expect(pc.page.getByRole('heading', { level: 1 })).toContainText('Ressourcerie : tonnage');
	await expect(pc.page.locator('[data-figure="intake"] .value')).not.toHaveText('—');
	for (const chart of await pc.page.locator('canvas[data-drawn]').all()) await expect(chart).toHaveAttribute('data-drawn', 'yes');
	await expectAccessible(pc.page);
	await pc.page.screenshot({ path: `${SHOTS}/15-flow-report.png`, fullPage: true });
	await pc.context.close();
});
