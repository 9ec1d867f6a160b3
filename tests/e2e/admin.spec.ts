import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

test('a manager creates a person, edits their roles, deactivates them; history is kept', async ({ page }) => {
	await signIn(page, 'sophie');
	await page.getByRole('link', { name: /Personnes/ }).click();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Nouvelle personne' }).click();
	await expectAccessible(page);

	// Bad input first: a PIN that is too simple; nothing is created, the typed values stay.
	await page.getByLabel('Identifiant').fill('moussa');
	await page.getByLabel('Prénom').fill('Moussa');
	await page.getByLabel('Nom', { exact: true }).fill('Traoré');
	await page.getByRole('checkbox', { name: 'Salarié·e en insertion' }).check();
	await page.getByLabel(/Code PIN/).fill('1234');
	await page.getByRole('button', { name: 'Créer la personne' }).click();
	await expect(page.getByRole('alert')).toHaveText('Code trop simple (1111, 1234…). Choisissez-en un autre.');
	await expect(page.getByLabel('Prénom')).toHaveValue('Moussa');

	await page.getByLabel(/Code PIN/).fill('5082');
	await page.getByRole('button', { name: 'Créer la personne' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moussa Traoré');
	await expect(page.getByRole('status').first()).toHaveText('Personne créée.');
	await expectAccessible(page);

	// A manager cannot give the admin role: the box is disabled.
	await expect(page.getByRole('checkbox', { name: 'Administrateur·rice' })).toBeDisabled();
	await page.getByRole('checkbox', { name: 'Encadrant·e technique' }).check();
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByText('Modifications enregistrées.')).toBeVisible();

	await page.getByRole('button', { name: 'Désactiver le compte' }).click();
	await expect(page.getByText('La personne ne pourra plus se connecter.')).toBeVisible();
	await page.getByRole('button', { name: 'Confirmer la désactivation' }).click();
	await expect(page.getByText('Compte désactivé.', { exact: true })).toBeVisible();
	const history = page.getByRole('table').last();
	for (const line of ['Compte créé', 'Fiche modifiée', 'Compte désactivé']) await expect(history).toContainText(line);
	await expectAccessible(page);

	// Deactivated people leave the default list but are still found with the filter.
	await page.goto('/personnes');
	await expect(page.getByRole('link', { name: 'Moussa Traoré' })).toHaveCount(0);
	await page.goto('/personnes?status=inactive');
	await expect(page.getByRole('link', { name: 'Moussa Traoré' })).toBeVisible();

	// An unknown (or another organisation's) person is "not found", not a crash.
	const missing = await page.goto('/personnes/00000000-0000-4000-8000-000000000000');
	expect(missing?.status()).toBe(404);
	await expect(page.getByRole('alert')).toHaveText('Personne introuvable.');
});

test('a manager adds a chilled location and prints labels on a partly used A4 sheet', async ({ page }) => {
	await signIn(page, 'sophie');
	await page.goto('/lieux');
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Nouvel emplacement' }).first().click();
	await expectAccessible(page);
	await page.getByLabel('Site').selectOption({ label: 'Réserve' });
	await page.getByLabel('Nom', { exact: true }).fill('Frigo 2');
	await page.getByLabel('Type').selectOption({ label: 'Réfrigérateur' });
	await page.getByRole('button', { name: "Créer l'emplacement" }).click();
	await expect(page.getByText("L'emplacement EMP-0009 est créé. Imprimez son étiquette.")).toBeVisible();
	await expect(page.getByRole('row', { name: /EMP-0009/ })).toContainText('Frais (+4 °C)');

	await page.goto('/lieux');
	// Sites in French order: Épicerie, Réserve, Ressourcerie.
	await page.getByRole('link', { name: 'Étiquettes de tout le site' }).nth(1).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Imprimer des étiquettes');
	// The Réserve's four places, the new one, and the demo's prepared-parcels place (COL-0001, issue 14).
	await expect(page.getByText('6 étiquettes, 1 page à imprimer.')).toBeVisible();
	await page.goto(page.url() + '&format=a4-24&skip=20');
	await expect(page.getByText('6 étiquettes, 2 pages à imprimer.')).toBeVisible();
	await expectAccessible(page);
});

test('API: a manager creates a token, the API answers with it, a revoked token gets a JSON 401', async ({ page, request }) => {
	await signIn(page, 'sophie');
	await page.goto('/jetons-api');
	await expectAccessible(page);
	await page.getByLabel('Nom du jeton').fill('Import banque alimentaire');
	await page.getByRole('checkbox', { name: 'Responsable' }).check();
	await page.getByRole('button', { name: 'Créer le jeton' }).click();
	await expect(page.getByText('Copiez ce jeton maintenant. Il ne sera plus jamais affiché.')).toBeVisible();
	const token = await page.getByLabel('Jeton', { exact: true }).inputValue();
	expect(token).toMatch(/^esk_[a-z2-7]+$/);
	await expectAccessible(page);

	const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
	expect(me.status()).toBe(200);
	expect(await me.json()).toMatchObject({ username: 'sophie', roles: ['manager'], via: 'api_token' });
	const spec = await request.get('/api/v1/openapi.json');
	expect((await spec.json()).paths).toHaveProperty('/me');

	await page.getByRole('button', { name: 'Révoquer' }).first().click();
	await page.getByRole('button', { name: 'Confirmer la révocation' }).click();
	await expect(page.getByText('Le jeton est révoqué.')).toBeVisible();
	const revoked = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
	expect(revoked.status()).toBe(401);
	expect(await revoked.json()).toEqual({ error: { code: 'invalid_token', message: "Jeton d'API inconnu ou révoqué." } });

	await page.goto('/journal');
	await expect(page.getByRole('table')).toContainText('Import banque alimentaire');
	await expectAccessible(page);
});

test('account page: change my password (bad confirmation refused), sign out everywhere', async ({ browser, baseURL }) => {
	const a = await browser.newContext({ baseURL });
	const b = await browser.newContext({ baseURL });
	const pa = await a.newPage();
	const pb = await b.newPage();
	await signIn(pa, 'admin');
	await signIn(pb, 'admin');
	await pa.goto('/compte');
	await expectAccessible(pa);
	await pa.getByLabel('Mot de passe actuel').fill('quatre-saisons');
	await pa.getByLabel('Nouveau mot de passe').fill('un-nouveau-mot-2026');
	await pa.getByLabel('Confirmer').first().fill('pas-pareil-du-tout');
	await pa.getByRole('button', { name: 'Changer mon mot de passe' }).click();
	await expect(pa.getByRole('alert')).toHaveText('Les deux saisies ne sont pas identiques.');

	await pa.getByRole('button', { name: 'Me déconnecter partout' }).click();
	await expect(pa).toHaveURL(/\/connexion$/);
	await pb.goto('/compte');
	await expect(pb).toHaveURL(/\/connexion\?redirectTo=%2Fcompte&expire=1$/);
	await expect(pb.getByRole('status')).toHaveText('Votre session a expiré. Reconnectez-vous.');
	await a.close();
	await b.close();
});

test('oversized form fields are refused with a French message and sign nobody in', async ({ page, baseURL }) => {
	await page.goto('/connexion');
	const response = await page.request.post('/connexion', {
		form: { username: 'sophie', password: 'x'.repeat(5000) },
		headers: { origin: baseURL!, accept: 'text/html' }
	});
	expect(response.status()).toBe(413);
	expect(await response.text()).toContain('Un champ est trop long');
	await page.goto('/');
	await expect(page).toHaveURL(/\/connexion$/);
});
