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

test('wrong PINs only slow that person on that tablet: the right PIN works at once elsewhere, here after a few seconds', async ({ browser, baseURL }) => {
	const tablet = await newDevice(browser, baseURL);
	await enrolTablet(tablet.page, 'Caisse 2');
	const page = tablet.page;
	await page.getByRole('link', { name: /^Léa/ }).click();
	for (let i = 1; i <= 2; i++) {
		await page.getByLabel('Code PIN', { exact: true }).fill('9146');
		await page.getByRole('button', { name: 'Valider le code' }).click();
		await expect(page.getByRole('alert')).toHaveText('Code faux. Réessayez.');
	}
	await page.getByLabel('Code PIN', { exact: true }).fill('9146');
	await page.getByRole('button', { name: 'Valider le code' }).click();
	await expect(page.getByRole('alert')).toHaveText("Trop d'essais. Attendez 5 secondes, puis réessayez.");
	await expectAccessible(page);
	// Not locked: no padlock beside her name.
	await page.goto('/tablette');
	await expect(page.getByRole('link', { name: /^Léa/ })).not.toContainText('Code bloqué');

	// On another tablet, Léa takes the till at once.
	const other = await newDevice(browser, baseURL);
	await enrolTablet(other.page, 'Caisse 2 bis');
	await takeTillWithPin(other.page, 'Léa', '1397');
	await expect(other.page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Léa');

	// Here, once the few seconds are over.
	await page.waitForTimeout(5_500);
	await takeTillWithPin(page, 'Léa', '1397');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Léa');
	await tablet.context.close();
	await other.context.close();
});

test('a tablet session lives on its tablet: its session cookie copied to another machine opens nothing', async ({ browser, baseURL }) => {
	const tablet = await newDevice(browser, baseURL);
	await enrolTablet(tablet.page, 'Caisse 5');
	await takeTillWithPin(tablet.page, 'Karim', '2580');
	const session = (await tablet.context.cookies()).find((c) => c.name === 'session')!;
	expect(session).toBeDefined();

	// Another machine with only the copied session cookie (no device cookie).
	const thief = await newDevice(browser, baseURL);
	await thief.context.addCookies([{ name: 'session', value: session.value, domain: session.domain, path: '/', httpOnly: true, sameSite: 'Lax' }]);
	await thief.page.goto('/ventes');
	await expect(thief.page).toHaveURL(/\/connexion\?redirectTo=%2Fventes/);
	const api = await thief.page.request.get('/api/v1/sales');
	expect(api.status()).toBe(401);
	expect((await api.json()).error.code).toBe('unauthenticated');
	const cash = await thief.page.request.post('/caisse/especes', {
		form: { kind: 'out', amount: '20', reason: 'Sortie' },
		headers: { origin: new URL(baseURL!).origin },
		maxRedirects: 0
	});
	expect(cash.status()).toBe(401);

	// The tablet itself is still signed in (the copy did not end Karim's session).
	const onTablet = await tablet.page.goto('/ventes');
	expect(onTablet?.status()).toBe(200);
	await expect(tablet.page).toHaveURL(/\/ventes$/);
	await tablet.context.close();
	await thief.context.close();
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

	// Replacing the badge revokes the old one, and ends the session it opened.
	await office.page.getByRole('button', { name: 'Remplacer le badge' }).click();
	await office.page.getByRole('button', { name: 'Confirmer : remplacer le badge' }).click();
	await expect(office.page.getByTestId('badge-code')).not.toHaveText(oldCode);
	await tablet.page.goto('/');
	await expect(tablet.page).toHaveURL(/\/tablette\?expire=1$/);

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
	await expect(page.getByRole('alert')).toContainText("Votre rôle ne permet pas d'ouvrir cette page.");
	await context.close();
});
