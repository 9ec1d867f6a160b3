// Issue 15: the ressourcerie's till on a tablet — open the till, sell an item by scanning its label and a
// small object by a quick key, a discount with its reason, pay cash with change, see the receipt (no
// personal data), axe at each step, landscape and portrait. Karim prices the item first (12 €, 2,5 kg).
import { expect, test } from '@playwright/test';
import { enrolTablet, expectAccessible, newDevice, scan, takeTillWithPin } from './helpers';
import { makeItem } from './reuse';

test('the ressourcerie till: scan an item, a quick key, pay cash, the receipt without personal data', async ({ browser, baseURL }) => {
	test.slow();
	const { context, page } = await newDevice(browser, baseURL, { viewport: { width: 1280, height: 800 }, hasTouch: true });
	await enrolTablet(page, 'Tablette caisse ressourcerie');
	await takeTillWithPin(page, 'Karim', '2580');
	const lamp = await makeItem(page, { category: /^DEEE 3/, keypad: '12', weighed: '2,5', description: 'Lampe de chevet bleue' });
	// No till open on this tablet: the ressourcerie's till asks to open one first.
	await page.goto('/caisse/ressourcerie');
	await expect(page).toHaveURL(/\/caisse\/ouverture$/);
	await page.getByLabel('Fond de caisse (€)').fill('50');
	await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
	await expect(page).toHaveURL(/\/caisse$/);

	await page.goto('/caisse/ressourcerie');
	await expect(page.getByText('Le panier est vide')).toBeVisible();
	await expectAccessible(page);

	// Another organisation's or an unknown label: "Objet introuvable".
	await scan(page, 'Scanner l’étiquette d’un objet', 'O-123456');
	await expect(page.getByRole('alert')).toContainText('Objet introuvable');
	// The item's label: a line at its own price.
	await scan(page, 'Scanner l’étiquette d’un objet', lamp);
	const basket = page.getByRole('region', { name: 'Panier' });
	await expect(basket.getByText('Lampe de chevet bleue', { exact: true })).toBeVisible();
	await expect(basket.getByText(lamp, { exact: false })).toBeVisible();
	// The same one-piece item again: refused, still one line.
	await scan(page, 'Scanner l’étiquette d’un objet', lamp);
	await expect(page.getByRole('alert')).toContainText('déjà dans le panier');

	// A quick key: a category, a typed price, a quantity.
	await page.getByRole('radio', { name: /Livres/ }).check();
	await page.getByLabel('Prix d’une pièce (€)').fill('1,50');
	await page.getByLabel('Nombre de pièces').fill('2');
	await page.getByRole('button', { name: 'Ajouter : Livres' }).click();
	await expect(basket.getByText('Sans étiquette', { exact: false })).toBeVisible();
	// A discount on the lamp, with its reason.
	await basket.getByText('Remise : Lampe de chevet bleue').click();
	await basket.getByRole('textbox', { name: 'Remise (€)' }).fill('2');
	await basket.getByRole('textbox', { name: 'Raison de la remise' }).fill('Abat-jour taché');
	await basket.getByRole('button', { name: 'Appliquer la remise' }).click();
	await expect(basket.getByText('Remise 2,00 € : Abat-jour taché')).toBeVisible();
	// 12,00 − 2,00 + 2 × 1,50 = 13,00 €.
	await expect(basket.getByRole('button', { name: 'Payer 13,00 €' })).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: '/work/shots/15-till.png', fullPage: true });

	// Portrait: the basket and the main action still on screen.
	await page.setViewportSize({ width: 800, height: 1280 });
	await expect(basket.getByRole('button', { name: 'Payer 13,00 €' })).toBeInViewport();
	await expectAccessible(page);
	await page.screenshot({ path: '/work/shots/15-till-portrait.png', fullPage: true });
	await page.setViewportSize({ width: 1280, height: 800 });

	await basket.getByRole('button', { name: 'Payer 13,00 €' }).click();
	await expect(page.getByRole('heading', { name: 'Paiement' })).toBeVisible();
	await page.getByLabel('Somme donnée en espèces (€)').fill('20');
	await expect(page.getByRole('status')).toContainText('7,00 €');
	await expectAccessible(page);
	await page.getByRole('button', { name: /Valider/ }).click();
	await expect(page.getByRole('heading', { name: 'Vente enregistrée' })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('7,00 €');
	await expectAccessible(page);
	await page.screenshot({ path: '/work/shots/15-till-done.png', fullPage: true });

	// The receipt: the lines, the discount, no household.
	await page.getByRole('link', { name: 'Imprimer le ticket' }).click();
	const ticket = page.getByRole('article');
	await expect(ticket).toContainText('Vente ressourcerie');
	await expect(ticket).toContainText('Lampe de chevet bleue');
	await expect(ticket).toContainText('Remise 2,00 € : Abat-jour taché');
	await expect(ticket).toContainText('13,00 €');
	await expect(ticket).not.toContainText('Foyer');
	await expectAccessible(page);

	// (An item sold twice is refused: tests/integration/till-public-sales.test.ts, both databases.)
	await context.close();
});
