import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, newDevice, signIn } from './helpers';

test('a password set by someone else is temporary: changed first, and the person is told once who changed it', async ({ browser, baseURL }) => {
	// The admin creates a manager, then gives her a new password (as after "I forgot mine").
	const office = await newDevice(browser, baseURL);
	await signIn(office.page, 'admin');
	await office.page.goto('/personnes/nouveau');
	await office.page.getByLabel('Identifiant').fill('ines');
	await office.page.getByLabel('Prénom').fill('Inès');
	await office.page.getByLabel('Nom', { exact: true }).fill('Moreau');
	await office.page.getByRole('checkbox', { name: 'Responsable' }).check();
	// A manager cannot be made a social worker by an admin: household files are for social workers only.
	await expect(office.page.getByRole('checkbox', { name: 'Travailleur·se social·e' })).toBeDisabled();
	await office.page.getByLabel(/Mot de passe/).fill('provisoire-ines-2026');
	await office.page.getByRole('button', { name: 'Créer la personne' }).click();
	await expect(office.page.getByRole('heading', { level: 1 })).toHaveText('Inès Moreau');
	await office.page.getByLabel('Nouveau mot de passe').fill('provisoire-ines-2027');
	await office.page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(office.page.getByText('Mot de passe provisoire enregistré.', { exact: false })).toBeVisible();
	await expectAccessible(office.page);

	// Inès signs in with it: the account page first, with what changed and who did it.
	const ines = await newDevice(browser, baseURL);
	const page = ines.page;
	await page.goto('/connexion');
	await page.getByLabel('Identifiant').fill('ines');
	await page.getByLabel('Mot de passe').fill('provisoire-ines-2027');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/\/compte$/);
	await expect(page.getByRole('alert').first()).toHaveText('Votre mot de passe est provisoire. Choisissez votre propre mot de passe pour continuer.');
	const notices = page.getByRole('region', { name: 'Changements sur votre compte' });
	await expect(notices).toContainText(/Camille a changé votre mot de passe le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\./);
	await expectAccessible(page);

	// Every other page leads back there; the API refuses the session's calls in JSON.
	await page.goto('/personnes');
	await expect(page).toHaveURL(/\/compte$/);
	const api = await page.request.get('/api/v1/me');
	expect(api.status()).toBe(403);
	expect((await api.json()).error.code).toBe('password_change_required');

	await page.getByLabel('Mot de passe actuel').fill('provisoire-ines-2027');
	await page.getByLabel('Nouveau mot de passe').fill('mon-propre-mot-2027');
	await page.getByLabel('Confirmer').first().fill('mon-propre-mot-2027');
	await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Inès');
	// Told once: not on the home page after the change, nor after a reload.
	await expect(page.getByRole('region', { name: 'Changements sur votre compte' })).toHaveCount(0);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Inès');
	await expect(page.getByRole('region', { name: 'Changements sur votre compte' })).toHaveCount(0);
	expect((await page.request.get('/api/v1/me')).status()).toBe(200);
	await expectAccessible(page);
	await office.context.close();
	await ines.context.close();
});

test('a manager sees no way to change an admin’s account, and a forged request is refused', async ({ browser, baseURL }) => {
	const office = await newDevice(browser, baseURL);
	const page = office.page;
	await signIn(page, 'sophie');
	await page.goto('/personnes');
	await page.getByRole('link', { name: 'Camille Admin' }).click();
	await expect(page.getByRole('note')).toHaveText("Vous ne pouvez pas modifier ce compte : cette personne a un rôle que vous n'avez pas.");
	for (const name of ['Enregistrer le mot de passe', 'Enregistrer le code PIN', 'Désactiver le compte', 'Enregistrer']) {
		await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
	}
	await expectAccessible(page);
	const forged = await page.request.post(page.url() + '?/password', {
		form: { password: 'mot-de-passe-pirate' },
		headers: { origin: baseURL!, accept: 'text/html' }
	});
	expect(forged.status()).toBe(403);
	await office.context.close();

	// The admin's password is untouched.
	const admin = await newDevice(browser, baseURL);
	await signIn(admin.page, 'admin', DEMO_PASSWORD);
	await admin.context.close();
});
