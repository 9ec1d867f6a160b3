// The skills framework and the workshop report in a browser (issue 13): a manager reads the framework by
// block with each skill's work events, adds an own skill with its events as checkboxes, changes them,
// deactivates it after a confirmation; a supervisor reads it without the forms; the workshop report shows
// counts and charts. axe clean.
import { expect, test } from '@playwright/test';
import { expectAccessible, newDevice, signIn } from './helpers';

test('a manager adds an own skill, changes its events and deactivates it; the framework by event follows', async ({ browser, baseURL }, info) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'sophie');
	await page.goto('/formation/referentiel');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Référentiel de compétences');
	await expect(page.getByRole('heading', { name: /Bloc 1 — Recevoir et suivre les commandes/ })).toBeVisible();
	const receive = page.locator('[data-skill="CAP-B1-1"]');
	await expect(receive).toContainText('Réceptionner et contrôler une livraison');
	await expect(receive).toContainText('Peser une livraison');
	// The demo's own skill.
	await expect(page.locator('li.skill[data-skill^="OWN-"]', { hasText: 'Préparer un colis' })).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: `/work/shots/13-framework-${info.project.name}.png`, fullPage: false });

	const name = `Peser les objets (ressourcerie) ${info.project.name}`;
	const form = page.getByRole('form', { name: 'Ajouter une compétence de la structure' });
	await form.getByLabel('Nom de la compétence').fill(name);
	// No event: refused with a French message, nothing added.
	await form.getByRole('button', { name: 'Ajouter la compétence' }).click();
	await expect(page.getByText(/au moins une action/i).first()).toBeVisible();
	await form.getByLabel('Peser une livraison').check();
	await form.getByLabel('Saisir une ligne de réception').check();
	await form.getByRole('button', { name: 'Ajouter la compétence' }).click();
	await expect(page.getByText(`Compétence ajoutée : ${name}`)).toBeVisible();
	const mine = page.locator('li.skill', { hasText: name });
	await expect(mine).toContainText('Peser une livraison');
	await expect(page.locator('[data-event="reception.weight"]')).toContainText(name);

	// Change its events: weighing only.
	await mine.getByRole('link', { name: /Modifier/ }).click();
	const edit = page.getByRole('form', { name: `Changer la compétence ${name}` });
	await edit.getByLabel('Saisir une ligne de réception').uncheck();
	await edit.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Compétence enregistrée.')).toBeVisible();
	await expect(page.locator('li.skill', { hasText: name })).not.toContainText('Saisir une ligne de réception');
	await expect(page.locator('[data-event="reception.line_add"]')).not.toContainText(name);

	// Deactivate: asked first, then done.
	await page
		.locator('li.skill', { hasText: name })
		.getByRole('button', { name: /Désactiver/ })
		.click();
	await expect(page.getByRole('alert').filter({ hasText: `Désactiver « ${name} »` })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Oui, désactiver' }).click();
	await expect(page.getByText(`Compétence désactivée : ${name}.`)).toBeVisible();
	await expect(page.locator('li.skill', { hasText: name })).toContainText('Désactivée');
	await expect(page.locator('[data-event="reception.weight"]')).not.toContainText(name);
	await context.close();
});

test('a supervisor reads the framework without changing it; the workshop report counts without names', async ({ browser, baseURL }, info) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'nadia');
	await page.goto('/formation/referentiel');
	await expect(page.getByText('Seul·e un·e responsable peut changer le référentiel.')).toBeVisible();
	await expect(page.getByRole('form', { name: 'Ajouter une compétence de la structure' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: /Modifier/ })).toHaveCount(0);
	await expectAccessible(page);
	await context.close();

	const manager = await newDevice(browser, baseURL);
	await signIn(manager.page, 'sophie');
	await manager.page.goto('/rapports/atelier?period=year');
	await expect(manager.page.getByRole('heading', { level: 1 })).toContainText("Atelier d'insertion");
	await expect(manager.page.getByText('Personnes en poste').first()).toBeVisible();
	await expect(manager.page.getByText('Sorties par catégorie').first()).toBeVisible();
	await expect(manager.page.locator('body')).not.toContainText('Karim');
	await expect(manager.page.locator('main')).not.toContainText('Haddad');
	await expectAccessible(manager.page);
	await manager.page.screenshot({ path: `/work/shots/13-framework-workshop-report-${info.project.name}.png`, fullPage: true });
	await manager.context.close();
});
