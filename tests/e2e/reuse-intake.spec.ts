import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { enrolTablet, expectAccessible, newDevice, signIn, takeTillWithPin } from './helpers';
import { tapKeypad } from './reuse';

/*
 * The ressourcerie's weighed intake on the tablet (issue 15, items 2 and 3): Sophie adds a container with
 * its tare on the settings page (PC); Karim, on the tablet, opens an intake (brought in, a commune) and
 * weighs three flux — textiles in the tared container (net = gross − tare shown before validating), a
 * weight over the scale's maximum refused with nothing saved, furniture without a container — then counts
 * books (count × the category's average). The totals by flux; landscape and portrait; axe clean.
 */

test('an intake of three flux with a tared container, the scale maximum refused, a count; axe clean', async ({ browser, baseURL }) => {
	test.slow();
	// Sophie (manager, on a computer) adds the container "Bac E2E", 2,5 kg empty.
	const pc = await newDevice(browser, baseURL, { viewport: { width: 1280, height: 800 } });
	await signIn(pc.page, 'sophie');
	await pc.page.goto('/ressourcerie-reglages');
	await expect(pc.page.getByRole('heading', { level: 1 })).toContainText('Réglages de la ressourcerie');
	await pc.page.locator('#new-name').fill('Bac E2E');
	await pc.page.locator('#new-tare').fill('-2');
	await pc.page.getByRole('button', { name: 'Ajouter le contenant' }).click();
	await expect(pc.page.locator('#new-tare-error')).toBeVisible();
	await pc.page.locator('#new-tare').fill('2,5');
	await pc.page.getByRole('button', { name: 'Ajouter le contenant' }).click();
	await expect(pc.page.getByText('Contenant « Bac E2E » ajouté.')).toBeVisible();
	await expect(pc.page.getByRole('region', { name: 'Contenants' }).locator('input[name="tare"]').first()).toHaveValue('2,5');
	await expectAccessible(pc.page);
	await pc.context.close();

	// Karim takes the tablet with his PIN and opens an intake from the ressourcerie's home.
	const { context, page } = await newDevice(browser, baseURL, { viewport: { width: 1280, height: 800 }, hasTouch: true });
	await enrolTablet(page, 'Tablette ressourcerie');
	await takeTillWithPin(page, 'Karim', '2580');
	await page.goto('/ressourcerie');
	await expect(page.getByRole('link', { name: /Sorties/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /Caisse/ })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: /Arrivage/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Nouvel arrivage');
	// No source chosen: a French message beside the choice, nothing opened.
	await page.getByRole('button', { name: 'Commencer la pesée' }).click();
	await expect(page.locator('#source-error')).toHaveText('Choisissez d’où viennent les objets.');
	await page.getByRole('radio', { name: 'Apport volontaire' }).check();
	await page.getByLabel('Commune').fill('Villeurbanne');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Commencer la pesée' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Arrivage A-\d{6}$/);
	await expect(page.getByText('Apport volontaire · Villeurbanne')).toBeVisible();

	// 1. Textiles in the container: gross 14,5 kg − tare 2,5 kg = 12 kg, seen before validating.
	await page.getByRole('radio', { name: 'Textile' }).check();
	await page.getByRole('radio', { name: /Bac E2E/ }).check();
	await expect(page.getByText('Poids − contenant (2,5 kg)')).toBeVisible();
	await tapKeypad(page, 'Poids sur la balance (kg)', '14,5');
	await expect(page.locator('.net')).toHaveText('Net 12 kg');
	await expectAccessible(page);
	mkdirSync('/work/shots', { recursive: true });
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: '/work/shots/15-weighing.png' });
	await page.getByRole('button', { name: 'Valider la pesée' }).click();
	await expect(page.getByRole('status')).toHaveText('Enregistré : 12 kg de Textile.');
	await expect(page.getByRole('heading', { name: 'Pesées (1)' })).toBeVisible();

	// Over the scale's maximum (300 kg): said before validating, refused by the server, nothing saved.
	await page.getByRole('radio', { name: 'Mobilier' }).check();
	await page.getByRole('radio', { name: /Sans contenant/ }).check();
	await tapKeypad(page, 'Poids sur la balance (kg)', '400');
	await expect(page.locator('.big-problem')).toHaveText('Trop lourd : la balance pèse au plus 300 kg. Pesez en deux fois.');
	await page.getByRole('button', { name: 'Valider la pesée' }).click();
	await expect(page.locator('#gross-hint')).toHaveText('Trop lourd : la balance pèse au plus 300 kg. Pesez en deux fois.');
	await expect(page.getByRole('heading', { name: 'Pesées (1)' })).toBeVisible();

	// 2. Furniture without a container: 31 kg.
	await tapKeypad(page, 'Poids sur la balance (kg)', '31');
	await expect(page.locator('.net')).toHaveText('Net 31 kg');
	await page.getByRole('button', { name: 'Valider la pesée' }).click();
	await expect(page.getByRole('status')).toHaveText('Enregistré : 31 kg de Mobilier.');

	// 3. Books counted: 10 × 0,4 kg (the category's average) = 4 kg.
	await page.getByRole('link', { name: 'Compter' }).click();
	await expect(page.getByRole('button', { name: 'Valider le comptage' })).toBeVisible();
	await page.getByRole('radio', { name: 'Livres et médias' }).check();
	await page.getByLabel('Catégorie (obligatoire pour compter)').selectOption({ label: 'Livres (0,4 kg)' });
	await tapKeypad(page, 'Nombre d’objets', '10');
	await expect(page.locator('.net')).toHaveText('Net 4 kg');
	await page.getByRole('button', { name: 'Valider le comptage' }).click();
	await expect(page.getByRole('status')).toHaveText('Enregistré : 4 kg de Livres et médias.');

	// The lines and the totals by flux.
	await expect(page.getByRole('heading', { name: 'Pesées (3)' })).toBeVisible();
	const totals = page.locator('.totals li');
	await expect(totals).toHaveText([/Mobilier\s*31 kg/, /Textile\s*12 kg/, /Livres et médias\s*4 kg/, /Total\s*47 kg/]);
	await expect(page.getByRole('region', { name: 'Les pesées de l’arrivage' })).toContainText('Pesé 14,5 kg − Bac E2E 2,5 kg');
	// Cancelling a line is for supervisors: an operator sees no cancel button.
	await expect(page.getByRole('button', { name: /^Annuler/ })).toHaveCount(0);
	await expectAccessible(page);

	// Portrait: the same screen, the main action on screen once the keypad is reached, no sideways scroll.
	await page.setViewportSize({ width: 800, height: 1280 });
	await page.getByRole('link', { name: 'Peser' }).click();
	await expect(page.getByRole('button', { name: 'Valider la pesée' })).toBeInViewport();
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
	await expectAccessible(page);
	await page.screenshot({ path: '/work/shots/15-intake-portrait.png' });
	await context.close();
});
