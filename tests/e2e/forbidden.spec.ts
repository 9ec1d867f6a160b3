// Issue 10 item 10: forbidden pages stay inside the app. A signed-in operator who opens a page of a role
// they do not hold (/clotures: supervisors and managers; /stock/rappels: supervisors) gets the app's
// header, a pictogram, "Vous n'avez pas accès à cette page" and a button home — no "Se connecter" — with
// a 403; and no tile nor link leads there.
import { expect, test } from '@playwright/test';
import { enrolTablet, expectAccessible, newDevice, signIn, takeTillWithPin } from './helpers';

test('an operator opening a supervisors’ page stays inside the app, and sees no tile nor link to it', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await enrolTablet(page, 'Tablette du refus');
	await takeTillWithPin(page, 'Karim', '2580');
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Bonjour Karim');
	// No tile for the Z reports nor the recalls.
	await expect(page.locator('a[href="/clotures"]')).toHaveCount(0);
	await expect(page.locator('a[href="/stock/rappels"]')).toHaveCount(0);
	await page.goto('/stock');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.locator('a[href="/stock/rappels"]')).toHaveCount(0);

	for (const path of ['/clotures', '/stock/rappels']) {
		const res = await page.goto(path);
		expect(res!.status(), path).toBe(403);
		await expect(page).toHaveURL(new RegExp(`${path}$`));
		// The app's header (who is signed in, the way out) and the page in words.
		await expect(page.getByRole('banner')).toContainText('Karim');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText("Vous n'avez pas accès à cette page");
		await expect(page.getByText("Votre rôle ne permet pas d'ouvrir cette page", { exact: false })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Se connecter' })).toHaveCount(0);
		await expect(page.getByText('Erreur 403')).toHaveCount(0);
		await expectAccessible(page);
	}
	await page.getByRole('link', { name: "Retour à l'accueil" }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Bonjour Karim');

	// A supervisor still opens both.
	const sup = await newDevice(browser, baseURL);
	await signIn(sup.page, 'nadia');
	for (const path of ['/clotures', '/stock/rappels']) expect((await sup.page.goto(path))!.status(), path).toBe(200);
	await sup.context.close();
	await context.close();
});
