import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, signIn } from './helpers';

test('staff sign-in: a wrong password gets a French message, the right one opens the home page', async ({ page }) => {
	const first = await page.goto('/connexion');
	// Pages carry a Content-Security-Policy: only this site's scripts, no framing by other sites.
	const csp = first?.headers()['content-security-policy'] ?? '';
	expect(csp).toContain("script-src 'self'");
	expect(csp).toContain("frame-ancestors 'self'");
	await page.goto('/');
	await expect(page).toHaveURL(/\/connexion$/);
	await expectAccessible(page);

	await page.getByLabel('Identifiant').fill('sophie');
	await page.getByLabel('Mot de passe').fill('pas-le-bon-mot');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toHaveText('Identifiant ou mot de passe incorrect.');
	await expect(page.getByLabel('Identifiant')).toHaveValue('sophie');
	await expectAccessible(page);

	await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Sophie');
	// The manager's tasks, with their pictograms.
	for (const task of ['Personnes', 'Sites et emplacements', 'Tablettes', "Jetons d'API", 'Journal', 'Mon compte']) {
		await expect(page.getByRole('link', { name: new RegExp(task) })).toBeVisible();
	}
	await expectAccessible(page);

	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page).toHaveURL(/\/connexion$/);
	await page.goto('/personnes');
	await expect(page).toHaveURL(/\/connexion\?redirectTo=%2Fpersonnes$/);
});

test('an unknown user gets the same message as a wrong password', async ({ page }) => {
	await page.goto('/connexion');
	await page.getByLabel('Identifiant').fill('personne-inconnue');
	await page.getByLabel('Mot de passe').fill('nimporte-quoi-123');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toHaveText('Identifiant ou mot de passe incorrect.');
});

test('each role sees its own tasks; the interface switches to English and back', async ({ page }) => {
	await signIn(page, 'julien');
	await expect(page.getByRole('link', { name: /Mon compte/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /Personnes/ })).toHaveCount(0);
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Julien');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Français' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Julien');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('a forbidden page answers 403 with a French page inside the app', async ({ page }) => {
	await signIn(page, 'julien');
	const response = await page.goto('/personnes');
	expect(response?.status()).toBe(403);
	// Issue 10: the app's header, the page in words, a way home — not "Erreur 403".
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("Vous n'avez pas accès à cette page");
	await expect(page.getByRole('alert')).toContainText("Votre rôle ne permet pas d'ouvrir cette page.");
	await expect(page.getByRole('banner')).toContainText('Julien');
	await expectAccessible(page);
	const lieux = await page.goto('/lieux');
	expect(lieux?.status()).toBe(403);
});

test('health check answers 200 with the database reachable', async ({ request }) => {
	const r = await request.get('/healthz');
	expect(r.status()).toBe(200);
	expect(await r.json()).toMatchObject({ status: 'ok' });
});

test('no open redirect: a redirectTo with a tab between two slashes brings the person home on this site', async ({ page, baseURL }) => {
	await page.goto('/connexion?redirectTo=%2F%09%2Fevil.example%2F');
	await page.getByLabel('Identifiant').fill('sophie');
	await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Sophie');
	expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
	expect(new URL(page.url()).pathname).toBe('/');
	// Without JavaScript either: the action's own answer points to this site.
	const form = await page.request.post('/connexion?redirectTo=%2F%09%2Fevil.example%2F', {
		form: { username: 'sophie', password: DEMO_PASSWORD },
		headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(form.status()).toBe(303);
	expect(form.headers()['location']).toBe('/');
});
