// The households flow end to end: a social worker opens a file (and is warned of a likely duplicate),
// sends it to the committee, records the decision that issues the right, prints the card; an operator
// scans the card on an enrolled tablet and sees only what the till needs.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { enrolTablet, expectAccessible, newDevice, signIn, takeTillWithPin } from './helpers';

/** A full-page screenshot in test-results/screens/, to look at the pages on a tablet and a phone. */
async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
	mkdirSync('test-results/screens', { recursive: true });
	await page.screenshot({ path: `test-results/screens/${info.project.name}-${name}.png`, fullPage: true });
}

test('a social worker opens a file, the committee accepts it, the card is printed and the till sees only first name, status and budget', async ({
	browser,
	baseURL
}, info) => {
	const office = await newDevice(browser, baseURL);
	const page = office.page;
	await signIn(page, 'julien');

	// The desk: the demo right ending soon and the demo application waiting.
	await page.goto('/foyers');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Foyers et droits');
	await expect(page.getByRole('link', { name: /FOY-0002 — Marc Lefèvre/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /FOY-0003 — Fatou Diop/ }).first()).toBeVisible();
	await expectAccessible(page);
	await shot(page, info, 'desk');

	// A new file with a name close to a demo household's and the same birth date: the duplicate warning.
	await page.getByRole('link', { name: 'Nouveau foyer' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouveau foyer');
	await expectAccessible(page);
	await page.getByLabel('Prénom').fill('Amina');
	await page.getByLabel('Nom', { exact: true }).fill('Benalli');
	await page.getByLabel('Date de naissance').fill('1986-03-14');
	await page.getByLabel("La personne est d'accord").check();
	await page.getByRole('button', { name: 'Créer le dossier' }).click();
	const warning = page.getByRole('alert');
	await expect(warning).toContainText('ce foyer existe peut-être déjà');
	await expect(warning.getByRole('link', { name: /FOY-0001 — Amina Benali/ })).toBeVisible();
	await expectAccessible(page);
	await shot(page, info, 'duplicate');
	// Not the same family (another person with a close name): create anyway.
	await page.getByRole('button', { name: "Ce n'est pas le même foyer : créer quand même" }).click();
	await expect(page.getByRole('status')).toHaveText('Dossier créé.');
	const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
	const reference = /FOY-\d{4}/.exec(title)?.[0];
	expect(reference).toBeDefined();
	expect(title).toContain('Amina Benalli');

	// A child and the resources, then the application.
	await page.getByLabel('Lien').selectOption('enfant');
	await page.getByLabel('Année de naissance').fill('2016');
	await page.getByRole('button', { name: 'Ajouter la personne' }).click();
	await expect(page.getByRole('heading', { name: 'Personnes du foyer (2 personnes)' })).toBeVisible();
	await page.locator('#type-resource').selectOption('rsa');
	await page.locator('#amount-resource').fill('607,75');
	await page.getByRole('button', { name: 'Ajouter la ressource' }).click();
	await expect(page.getByText('Ressource · RSA : 607,75 €')).toBeVisible();
	await page.getByLabel('Évaluation sociale').fill('Famille monoparentale, orientée par le CCAS ; reste à vivre sous le seuil.');
	await page.getByRole('button', { name: 'Envoyer la demande au comité' }).click();
	await expect(page.getByRole('status')).toHaveText('Demande envoyée au comité.');
	await expectAccessible(page);
	await shot(page, info, 'file');

	// The committee accepts: the right is issued in the same step.
	await page.goto('/comite');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("Comité d'attribution");
	await expectAccessible(page);
	await shot(page, info, 'committee');
	const item = page.getByRole('region', { name: `${reference} — Amina Benalli` });
	await item.getByLabel('Accepté').check();
	await item.getByRole('button', { name: 'Enregistrer la décision' }).click();
	await expect(page.getByRole('status')).toHaveText('Décision enregistrée.');
	await expect(page.getByRole('region', { name: `${reference} — Amina Benalli` })).toHaveCount(0);

	await page.goto('/foyers');
	await page.getByLabel('Chercher par référence ou nom').fill(reference!);
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('link', { name: new RegExp(`${reference} — Amina Benalli`) }).click();
	await expect(page.getByText(/Droit du .* participation 20 %/)).toBeVisible();

	// The card: the QR and its code in small print, shown once.
	await page.getByRole('link', { name: 'Faire la carte' }).click();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Faire la carte' }).click();
	await expect(page.getByRole('status')).toContainText('La carte est prête');
	await expect(page.locator('.beneficiary-card svg')).toBeVisible();
	const code = (await page.getByTestId('card-code').textContent())!.trim();
	expect(code).toMatch(/^CARTE-[A-Z2-7]{32}$/);
	// Issue 10: the printed card carries no end date (a renewal would make it wrong); the till reads the right.
	const printed = page.locator('.beneficiary-card');
	await expect(printed).toContainText('Le droit est vérifié à chaque passage en caisse.');
	await expect(printed.locator('.text')).not.toContainText(/Valable|jusqu|\b20\d\d\b/);
	await expectAccessible(page);
	await shot(page, info, 'card');
	await office.context.close();

	// The manager sees the counts and the settings, never a name.
	const manager = await newDevice(browser, baseURL);
	await signIn(manager.page, 'sophie');
	await manager.page.goto('/reglages-foyers');
	await expect(manager.page.getByRole('heading', { level: 1 })).toHaveText('Réglages des foyers');
	await expect(manager.page.getByText('Benal')).toHaveCount(0);
	await expectAccessible(manager.page);
	await shot(manager.page, info, 'settings');
	await manager.context.close();

	// At the till: the card scanned as keystrokes (a USB scanner types, then Enter).
	const tablet = await newDevice(browser, baseURL);
	await enrolTablet(tablet.page, 'Caisse foyers');
	await takeTillWithPin(tablet.page, 'Karim', '2580');
	await tablet.page.goto('/caisse/carte');
	await expect(tablet.page.getByRole('heading', { level: 1 })).toHaveText("Carte d'un foyer");
	await expectAccessible(tablet.page);
	const field = tablet.page.getByLabel('Carte du foyer', { exact: true });
	await field.focus();
	await tablet.page.keyboard.type(code);
	await tablet.page.keyboard.press('Enter');
	const result = tablet.page.getByRole('region', { name: 'Amina' });
	await expect(result).toBeVisible();
	await expect(result).toContainText('Droit valide jusqu');
	await expect(result).toContainText('Reste ce mois');
	await expect(result).toContainText('25,00');
	// Only the first name, the status and the budget: no last name, no members, no resources.
	const text = await tablet.page.locator('main').innerText();
	for (const secret of ['Benalli', 'Benali', 'Enfant', '2016', 'RSA', '607', 'Évaluation', 'CCAS', '1986']) expect(text, secret).not.toContain(secret);
	await expectAccessible(tablet.page);
	await shot(tablet.page, info, 'till');
	await tablet.context.close();
});
