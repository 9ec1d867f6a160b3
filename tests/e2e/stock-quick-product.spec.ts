import { expect, test, type Page } from '@playwright/test';
import { enrolTablet, expectAccessible, newDevice, scan, signIn, takeTillWithPin } from './helpers';

/**
 * An unknown code at a reception opens "Créer le produit" right there: an operator creates the
 * product, adds the line, and the manager finds it "à vérifier" in the catalogue.
 */

/** A page whose selects are filled in only once hydrated (hydration resets a select to its server value). */
async function open(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.waitForLoadState('networkidle');
}

/** The manager makes an origin (named for this test) and the usual categories, when there are none yet. */
async function prepare(page: Page, origin: string): Promise<void> {
	await signIn(page, 'sophie');
	await open(page, '/origines');
	await page.getByLabel('Nom', { exact: true }).fill(origin);
	await page.getByLabel('Type').selectOption('ramasse');
	await page.getByRole('button', { name: "Créer l'origine" }).click();
	await expect(page.locator('p.alert.ok')).toContainText(origin);
	await page.goto('/catalogue');
	const defaults = page.getByRole('button', { name: 'Créer les catégories habituelles' });
	// Created once per database, by whichever test of this file comes first.
	if (await defaults.isVisible()) {
		await defaults.click();
		await expect(page.locator('p.alert.ok')).toContainText('Les catégories sont créées');
	}
}

async function startReception(page: Page, origin: string, note: string): Promise<void> {
	await open(page, '/stock/receptions');
	await page.getByLabel("D'où vient la livraison ?").selectOption({ label: `${origin} (Ramasse (magasin))` });
	await page.getByLabel('Numéro du bon de livraison').fill(note);
	await page.getByRole('button', { name: 'Commencer la réception' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(note);
}

test('an operator scans an unknown EAN at a reception, creates the product there, and adds the line', async ({ browser, baseURL }, info) => {
	const tag = info.project.name;
	const office = await newDevice(browser, baseURL);
	await prepare(office.page, 'Ramasse Super U');

	// Karim, an operator, on the stockroom tablet.
	const tablet = await newDevice(browser, baseURL);
	const t = tablet.page;
	await enrolTablet(t, 'Réserve');
	await takeTillWithPin(t, 'Karim', '2580');
	await startReception(t, 'Ramasse Super U', 'RAM-0412');

	await scan(t, 'Code-barres du produit', '5449000000996');
	await expect(t.getByRole('alert')).toHaveText("Ce produit n'est pas dans le catalogue.");
	await expect(t.getByRole('heading', { level: 2, name: 'Créer le produit' })).toBeVisible();
	await expect(t.getByLabel('Code-barres', { exact: true })).toHaveValue('5449000000996');
	await expect(t.getByLabel('Nom du produit')).toBeFocused();
	await expectAccessible(t);

	const name = `Jus d'orange 1 L ${tag}`;
	await t.keyboard.type(name);
	await t.getByLabel('Catégorie').selectOption({ label: 'Boissons' });
	await t.getByLabel('Unité').selectOption('litre');
	await t.getByLabel('Type de date').selectOption('ddm');
	await t.getByLabel(/Prix de référence/).fill('1,20');
	await t.getByRole('button', { name: 'Créer le produit' }).click();

	// Back on the reception with the new product: the quantity to type.
	await expect(t.locator('p.alert.ok')).toHaveText(`Le produit ${name} est créé. Tapez la quantité reçue.`);
	await expect(t.getByRole('heading', { level: 2, name })).toBeVisible();
	await expect(t.getByLabel('Quantité (litre)')).toBeFocused();
	await expectAccessible(t);
	await t.keyboard.type('12');
	await t.getByLabel('Date sur le produit').fill('2027-03-31');
	await t.getByRole('button', { name: 'Ajouter' }).click();
	await expect(t.locator('p.alert.ok')).toContainText('Produit ajouté');
	const lines = t.getByRole('table').getByRole('row');
	await expect(lines).toHaveCount(2);
	await expect(lines.nth(1)).toContainText(name);
	await expect(lines.nth(1)).toContainText('12\u00a0L');

	// The same code again is now known.
	await scan(t, 'Code-barres du produit', '5449000000996');
	await expect(t.getByRole('heading', { level: 2, name })).toBeVisible();
	await t.getByRole('link', { name: 'Annuler' }).click();

	// Another unknown code, GS1-128 this time (DLC 31/12/2027, lot B12), and a name already taken: a
	// clear message; what was typed and what the code said are kept; nothing is saved.
	await scan(t, 'Code-barres du produit', '01' + '04006381333931' + '17' + '271231' + '10' + 'B12');
	await expect(t.getByLabel('Type de date')).toHaveValue('dlc');
	await t.getByLabel('Nom du produit').fill(name);
	await t.getByLabel('Catégorie').selectOption({ label: 'Boissons' });
	await t.getByRole('button', { name: 'Créer le produit' }).click();
	await expect(t.getByRole('alert')).toHaveText('Un produit a déjà ce nom.');
	await expect(t.getByLabel('Nom du produit')).toHaveAttribute('aria-invalid', 'true');
	await expect(t.getByLabel('Code-barres', { exact: true })).toHaveValue('4006381333931');
	await expect(t.getByText('Lu dans le code, repris sur la ligne : Numéro de lot B12, DLC 31/12/2027')).toBeVisible();
	await expectAccessible(t);
	await t.getByRole('link', { name: 'Annuler' }).click();
	await expect(lines).toHaveCount(2);
	await tablet.context.close();

	// The manager sees it "à vérifier"; saving it clears the mark.
	const o = office.page;
	await o.goto('/catalogue');
	await o.getByLabel(/Seulement les produits à vérifier/).check();
	await o.getByRole('button', { name: 'Rechercher' }).click();
	const row = o.getByRole('row').filter({ hasText: name });
	await expect(row).toContainText('À vérifier');
	await expect(row).toContainText('5449000000996');
	await expectAccessible(o);
	await row.getByRole('link', { name: /Modifier/ }).click();
	await expect(o.getByText('Ce produit a été créé pendant une réception')).toBeVisible();
	await expect(o.getByLabel('Catégorie')).toHaveValue(/.+/);
	await o.getByLabel('Limite par passage').fill('2');
	await o.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(o.locator('p.alert.ok')).toContainText('Le produit est enregistré');
	await expect(o.getByRole('row').filter({ hasText: name })).not.toContainText('À vérifier');
	await office.context.close();
});

test('without JavaScript, a GS1-128 code opens the form and its lot, date and weight go on the line', async ({ browser, baseURL }, info) => {
	const tag = info.project.name;
	const office = await newDevice(browser, baseURL);
	await prepare(office.page, 'Ramasse marché');
	await office.context.close();

	const { context, page } = await newDevice(browser, baseURL, { javaScriptEnabled: false });
	await signIn(page, 'nadia');
	await startReception(page, 'Ramasse marché', 'RAM-0413');
	// GTIN, net weight 1,250 kg (3103), best before 30/11/2027 (15), lot last (variable length).
	await scan(page, 'Code-barres du produit', '01' + '03760020507350' + '3103' + '001250' + '15' + '271130' + '10' + 'POM7');
	await expect(page.getByRole('alert')).toHaveText("Ce produit n'est pas dans le catalogue.");
	await expect(page.getByLabel('Code-barres', { exact: true })).toHaveValue('3760020507350');
	await expect(page.getByText('Lu dans le code, repris sur la ligne : Numéro de lot POM7, DDM 30/11/2027, 1,25\u00a0kg')).toBeVisible();
	await expect(page.getByLabel('Unité')).toHaveValue('kg');
	// (axe needs JavaScript: the same form is checked by the test above.)

	const name = `Pommes Golden vrac ${tag}`;
	await page.getByLabel('Nom du produit').fill(name);
	await page.getByLabel('Catégorie').selectOption({ label: 'Fruits et légumes' });
	await page.getByRole('button', { name: 'Créer le produit' }).click();
	await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
	await expect(page.getByLabel('Quantité (kg)')).toHaveValue('1,25');
	await expect(page.getByLabel('Date sur le produit')).toHaveValue('2027-11-30');
	// The line takes the product's date type (issue 10: shown, not chosen).
	await expect(page.locator('p.meta', { hasText: 'Type de date' })).toContainText('DDM');
	await expect(page.getByLabel(/Numéro de lot/)).toHaveValue('POM7');
	await page.getByRole('button', { name: 'Ajouter' }).click();
	await expect(page.locator('p.alert.ok')).toContainText('Produit ajouté');
	const line = page.getByRole('table').getByRole('row').nth(1);
	await expect(line).toContainText(name);
	await expect(line).toContainText('1,25\u00a0kg');
	await expect(line).toContainText('POM7');
	await context.close();
});
