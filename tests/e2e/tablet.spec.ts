import { expect, test } from '@playwright/test';
import { enrolTablet, expectAccessible, newDevice, signIn, takeTillWithPin } from './helpers';

test('enrol a tablet, take the till with a PIN, switch operator in two taps', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await enrolTablet(page, 'Caisse 1');
	await expectAccessible(page);

	await takeTillWithPin(page, 'Karim', '2580');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Karim');
	await expect(page.getByText('Vous êtes sur la tablette « Caisse 1 »')).toBeVisible();
	await expectAccessible(page);

	// Two taps: "Changer de personne", then the next person's name.
	await page.getByRole('button', { name: 'Changer de personne' }).click();
	await page.getByRole('link', { name: /^Léa/ }).click();
	await expect(page.getByLabel('Code PIN', { exact: true })).toBeVisible();
	await expectAccessible(page);
	for (const d of '1397') await page.getByRole('button', { name: d, exact: true }).click();
	await page.getByRole('button', { name: 'Valider le code' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Léa');
	await context.close();
});

test('five wrong PINs lock the PIN until a supervisor unlocks it', async ({ browser, baseURL }) => {
	const tablet = await newDevice(browser, baseURL);
	await enrolTablet(tablet.page, 'Caisse 2');
	const page = tablet.page;
	await page.getByRole('link', { name: /^Léa/ }).click();
	for (let i = 1; i <= 4; i++) {
		await page.getByLabel('Code PIN', { exact: true }).fill('9146');
		await page.getByRole('button', { name: 'Valider le code' }).click();
		await expect(page.getByRole('alert')).toHaveText(`Code faux. Encore ${5 - i} essai(s) avant blocage.`);
	}
	await page.getByLabel('Code PIN', { exact: true }).fill('9146');
	await page.getByRole('button', { name: 'Valider le code' }).click();
	await expect(page.getByRole('alert').first()).toContainText('Code bloqué après 5 erreurs');
	await expectAccessible(page);
	// Even the right PIN is refused now.
	await page.goto('/tablette');
	await expect(page.getByRole('link', { name: /^Léa/ })).toContainText('Code bloqué');

	// The supervisor unlocks it from the people page.
	const office = await newDevice(browser, baseURL);
	await signIn(office.page, 'nadia');
	await office.page.goto('/personnes');
	await office.page.getByRole('link', { name: 'Léa Petit' }).click();
	await expect(office.page.getByRole('heading', { name: 'Code PIN bloqué' })).toBeVisible();
	await expectAccessible(office.page);
	await office.page.getByRole('button', { name: 'Débloquer le code PIN' }).click();
	await expect(office.page.getByRole('status')).toHaveText('Code PIN débloqué.');

	await page.goto('/tablette');
	await takeTillWithPin(page, 'Léa', '1397');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Léa');
	await tablet.context.close();
	await office.context.close();
});

test('badge: issued by a supervisor, scanned on the tablet as keystrokes; a replaced badge is refused', async ({ browser, baseURL }) => {
	const office = await newDevice(browser, baseURL);
	await signIn(office.page, 'nadia');
	await office.page.goto('/personnes');
	await office.page.getByRole('link', { name: 'Karim Diallo' }).click();
	await office.page.getByRole('button', { name: /badge/i }).first().click();
	const oldCode = (await office.page.getByTestId('badge-code').textContent())!.trim();
	expect(oldCode).toMatch(/^BADGE-[A-Z2-7]{32}$/);
	await expectAccessible(office.page);

	const tablet = await newDevice(browser, baseURL);
	await enrolTablet(tablet.page, 'Caisse 3');
	const badgeField = tablet.page.getByLabel('Mon badge');
	await badgeField.focus();
	await tablet.page.keyboard.type(oldCode);
	await tablet.page.keyboard.press('Enter');
	await expect(tablet.page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Karim');

	// Replacing the badge revokes the old one.
	await office.page.getByRole('button', { name: 'Remplacer le badge' }).click();
	await office.page.getByRole('button', { name: 'Confirmer : remplacer le badge' }).click();
	await expect(office.page.getByTestId('badge-code')).not.toHaveText(oldCode);

	await tablet.page.getByRole('button', { name: 'Changer de personne' }).click();
	await tablet.page.getByLabel('Mon badge').fill(oldCode);
	await tablet.page.keyboard.press('Enter');
	await expect(tablet.page.getByRole('alert')).toHaveText('Badge inconnu ou remplacé. Demandez un nouveau badge à votre encadrant·e.');
	await tablet.context.close();
	await office.context.close();
});

test('a PIN is refused on a tablet that is not enrolled', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await page.goto('/tablette');
	await expect(page.getByRole('alert')).toContainText("Cette tablette n'est pas enregistrée");
	await expectAccessible(page);
	// Posting a PIN anyway (as a script would) is refused and signs nobody in.
	const response = await page.request.post('/tablette?/pin', {
		form: { userId: '00000000-0000-4000-8000-000000000000', pin: '2580' },
		headers: { origin: baseURL!, accept: 'application/json' }
	});
	const body = await response.text();
	expect(body).toContain("Cette tablette n'est pas enregistrée");
	await page.goto('/');
	await expect(page).toHaveURL(/\/connexion$/);
	await context.close();
});

test('an operator is refused the people pages (403)', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await enrolTablet(page, 'Caisse 4');
	await takeTillWithPin(page, 'Karim', '2580');
	const r = await page.goto('/personnes');
	expect(r?.status()).toBe(403);
	await expect(page.getByRole('alert')).toHaveText('Accès refusé : votre rôle ne permet pas cette action.');
	await context.close();
});
