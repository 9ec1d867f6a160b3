// The supervisor's review in a browser (issue 13): Nadia opens "Formation", finds Karim, validates two
// skills (one with a comment), says she has reviewed with him, opens his booklet and sees them; the PDF
// download is a PDF. axe clean on each page. The demo already has three of Karim's skills validated by
// Nadia (CAP-B3-2 en autonomie, CAP-B1-1 avec aide, CLEA-2 en autonomie).
import { expect, test, type Locator } from '@playwright/test';
import { expectAccessible, newDevice, signIn } from './helpers';

async function validate(skill: Locator, level: string, comment?: string) {
	await skill.getByText('Valider un niveau').click();
	await skill.getByRole('radio', { name: level }).check();
	if (comment) await skill.getByLabel('Commentaire (facultatif)').fill(comment);
	await skill.getByRole('button', { name: 'Enregistrer ce niveau' }).click();
	await expect(skill.getByRole('status')).toContainText('Niveau enregistré');
}

test("a supervisor reviews an operator's record and prints the booklet", async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'nadia');
	await page.goto('/formation');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Formation des salarié·es');
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Tous' }).click();
	await expect(page).toHaveURL(/filter=all/);
	await page.getByLabel('Chercher un nom').fill('Karim');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('link', { name: 'Karim Diallo' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Karim Diallo');
	await expectAccessible(page);

	const reception = page.locator('[data-skill="CAP-B1-1"]');
	const till = page.locator('[data-skill="CAP-B3-4"]');
	await expect(reception).toContainText('Avec aide');
	await expect(reception.getByText(/Historique \(1 validation\)/)).toBeVisible();
	await validate(reception, 'En autonomie', 'Vérifie le bon de livraison seul, pèse sans aide.');
	await expect(reception).toContainText('En autonomie');
	await expect(reception.getByText(/Historique \(2 validations\)/)).toBeVisible();
	await expect(till).toContainText('Pas encore validé');
	await validate(till, 'Avec aide');
	await expect(till).toContainText('Avec aide');
	// Lower without a reason: the service's French words beside the field, nothing saved.
	await reception.getByText('Valider un niveau').click();
	await reception.getByRole('radio', { name: 'Découverte' }).check();
	await reception.getByRole('button', { name: 'Enregistrer ce niveau' }).click();
	await expect(reception.getByText('Le niveau baisse : écrivez pourquoi.')).toBeVisible();
	await expect(reception.getByLabel(/^Raison/)).toHaveAttribute('aria-invalid', 'true');
	await expect(reception.getByText(/Historique \(2 validations\)/)).toBeVisible();

	await page.getByRole('button', { name: "J'ai fait le point avec cette personne" }).click();
	await expect(page.getByText('Point enregistré')).toBeVisible();
	await expect(page.getByText(/Dernier point le .* avec Nadia/)).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('link', { name: 'Livret de compétences' }).click();
	await expect(page).toHaveURL(/\/livret$/);
	const sheet = page.getByRole('article', { name: 'Livret de compétences' });
	await expect(sheet).toContainText('Karim Diallo');
	// The three skills the demo had validated, and the one validated now.
	await expect(sheet.locator('[data-skill]')).toHaveCount(4);
	await expect(sheet.locator('[data-skill="CAP-B1-1"]')).toContainText('En autonomie');
	await expect(sheet.locator('[data-skill="CAP-B3-4"]')).toContainText('Ouvrir et clôturer la caisse');
	await expect(sheet.locator('[data-skill="CAP-B3-4"]')).toContainText('Avec aide');
	await expect(page.getByRole('heading', { name: 'Signatures' })).toBeVisible();
	await expectAccessible(page);

	const pdf = await page.request.get(
		await page
			.getByRole('link', { name: 'Télécharger en PDF' })
			.getAttribute('href')
			.then((h) => h!)
	);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

	// A period the wrong way round: said in French beside the field, the booklet still shows.
	await page.getByLabel('Du').fill('2026-05-01');
	await page.getByLabel('Au').fill('2026-04-01');
	await page.getByRole('button', { name: 'Changer la période' }).click();
	await expect(page.getByText('La fin de la période doit être après son début.')).toBeVisible();
	await expect(sheet.locator('[data-skill]')).toHaveCount(4);
	await context.close();
});
