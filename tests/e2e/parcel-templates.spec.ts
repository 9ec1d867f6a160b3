// Parcel templates in a browser (issue 14, item 2), tablet and phone: Sophie (manager) creates a template
// with a band line, a kg line and a cold line, sees the live preview for 1 / 2 / 4 / 6 persons, saves it,
// gets a French message beside a wrong quantity, finds it in the list; the parcels' settings page and the
// parcels report show. axe clean on each.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, newDevice, signIn } from './helpers';

const row = (page: Page, n: number) => page.getByRole('group', { name: `Ligne ${n}`, exact: true });
const previewRow = (page: Page, category: string) => page.getByRole('region', { name: 'Aperçu du colis' }).getByRole('row', { name: new RegExp(category) });

test('a manager composes a template by household size and sees the parcel for 1, 2, 4 and 6 persons', async ({ browser, baseURL }, info) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'sophie');
	await page.goto('/colis-modeles');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Modèles de colis');
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Nouveau modèle' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouveau modèle');

	const name = `Colis test ${info.project.name}`;
	await page.getByLabel('Nom du modèle').fill(name);
	// Canned vegetables by household size: 1 / 2 / 3–4 / 5+.
	await row(page, 1).getByLabel('Catégorie').selectOption({ label: 'Épicerie sèche › Conserves' });
	await row(page, 1).getByLabel('Selon les personnes').selectOption({ label: 'Par taille de foyer (1 / 2 / 3–4 / 5+)' });
	await expect(row(page, 1).getByLabel('Quantité')).toBeHidden();
	for (const [band, v] of [
		['1 personne', '1'],
		['2 personnes', '2'],
		['3 ou 4 personnes', '3'],
		['5 personnes et plus', '4']
	] as const)
		await row(page, 1).getByLabel(band).fill(v);
	// Dairy, 2 a person, in the cold part.
	await row(page, 2).getByLabel('Catégorie').selectOption({ label: 'Frais › Produits laitiers' });
	await row(page, 2).getByLabel('Selon les personnes').selectOption({ label: 'Par personne' });
	await row(page, 2).getByLabel('Quantité').fill('2');
	await row(page, 2).getByLabel('Froid (préparé en dernier)').check();
	// Pasta and rice, 1,5 kg a person.
	await row(page, 3).getByLabel('Catégorie').selectOption({ label: 'Épicerie sèche › Pâtes, riz, céréales' });
	await row(page, 3).getByLabel('Unité').selectOption({ label: 'kg' });
	await row(page, 3).getByLabel('Selon les personnes').selectOption({ label: 'Par personne' });
	await row(page, 3).getByLabel('Quantité').fill('1,5');

	// The preview: each size, the cold line last.
	await expect(previewRow(page, 'Conserves').getByRole('cell')).toHaveText(['1', '2', '3', '4']);
	await expect(previewRow(page, 'Pâtes, riz').getByRole('cell')).toHaveText(['1,5 kg', '3 kg', '6 kg', '9 kg']);
	await expect(previewRow(page, 'Produits laitiers').getByRole('cell')).toHaveText(['2', '4', '8', '12']);
	const order = await page.getByRole('region', { name: 'Aperçu du colis' }).locator('tbody th').allTextContents();
	expect(order.map((t) => t.replace(/^Froid : /, ''))).toEqual([
		'Épicerie sèche › Conserves',
		'Épicerie sèche › Pâtes, riz, céréales',
		'Frais › Produits laitiers'
	]);
	await expectAccessible(page);
	await page.screenshot({ path: `/work/shots/14-templates-editor-${info.project.name}.png`, fullPage: true });

	await page.getByRole('button', { name: 'Créer le modèle' }).click();
	await expect(page.getByText(`Modèle « ${name} » créé.`)).toBeVisible();
	await expect(page).toHaveURL(/\/colis-modeles\/[0-9a-f-]{36}\?cree=1$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	await expect(row(page, 3).getByLabel('Quantité')).toHaveValue('1,5');
	await expect(row(page, 2).getByLabel('Froid (préparé en dernier)')).toBeChecked();

	// A wrong quantity: said beside it, in French; nothing saved.
	await row(page, 2).getByLabel('Quantité').fill('deux');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(row(page, 2).getByText(/tapez des chiffres/)).toBeVisible();
	await expect(row(page, 2).getByLabel('Quantité')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(page);
	await row(page, 2).getByLabel('Quantité').fill('3');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Modèle enregistré.')).toBeVisible();
	await page.reload();
	await expect(row(page, 2).getByLabel('Quantité')).toHaveValue('3');
	await expect(previewRow(page, 'Produits laitiers').getByRole('cell')).toHaveText(['3', '6', '12', '18']);

	// The list: its lines, one cold.
	await page.getByRole('link', { name: 'Modèles de colis' }).first().click();
	const listed = page.getByRole('row', { name: new RegExp(name) });
	await expect(listed).toContainText('3');
	await expect(listed).toContainText('1 froid');
	await page.screenshot({ path: `/work/shots/14-templates-list-${info.project.name}.png`, fullPage: true });
	await context.close();
});

test('the parcels settings page and the parcels report show, axe clean', async ({ browser, baseURL }, info) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'sophie');
	await page.goto('/colis-modeles');
	await page.getByRole('link', { name: 'Réglages des colis' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Réglages des colis');
	const near = page.getByLabel('Lots à date proche (jours)');
	const before = await near.inputValue();
	await near.fill('40');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.locator('#near-error')).toHaveText(/maximum 30/i);
	await expectAccessible(page);
	await near.fill(before);
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Enregistré.')).toBeVisible();

	await page.goto('/rapports/colis');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Colis');
	await expect(page.getByText('Colis remis').first()).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: `/work/shots/14-report-parcels-${info.project.name}.png`, fullPage: true });
	await context.close();
});
