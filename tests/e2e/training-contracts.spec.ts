// Contracts and exits in a browser (issue 13, item 6): a manager finds the demo's contract ending within 60
// days in the list, records the exit through its confirmation step, adds the next contract; a supervisor
// reads without forms; axe clean on each page (the person's contracts, the list, erasure, retention).
import { expect, test } from '@playwright/test';
import { expectAccessible, newDevice, signIn } from './helpers';

/** A day in the organisation's time zone (Europe/Paris), `days` from today, as YYYY-MM-DD. */
function parisDay(days = 0): string {
	const d = new Date(Date.now() + days * 86_400_000);
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
const fr = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

test('a manager finds a contract ending soon, records the exit after confirming, then adds the next contract', async ({ browser, baseURL }, info) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'sophie');

	// The demo: Léa's contract ends in 40 days. The list opens on the contracts ending in the next 60 days.
	await page.goto('/formation/contrats');
	await expect(page.getByRole('heading', { level: 1 })).toContainText("Contrats d'insertion");
	const row = page.getByRole('row', { name: /Léa Petit/ });
	await expect(row).toBeVisible();
	await expect(row.getByText('Encore 40 j')).toBeVisible();
	await expect(page.getByRole('row', { name: /Karim Diallo/ })).toHaveCount(0);
	await expectAccessible(page);
	await page.screenshot({ path: `/work/shots/13-contracts-list-${info.project.name}.png`, fullPage: true });

	// The exit: a sentence to confirm first, then recorded.
	await row.getByRole('link', { name: 'Léa Petit' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Contrats de Léa Petit');
	const id = new URL(page.url()).pathname.split('/')[2]!;
	await expectAccessible(page);
	const exit = page.locator('form[action="?/exit"]');
	await exit.getByLabel('Emploi durable').check();
	await exit.getByRole('button', { name: 'Enregistrer la sortie' }).click();
	await expect(page.getByText(`Enregistrer la sortie de Léa Petit le ${fr(parisDay())} : Emploi durable ?`)).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Oui, enregistrer la sortie' }).click();
	await expect(page.getByText('Sortie enregistrée.')).toBeVisible();
	await expect(page.getByText(`Emploi durable — ${fr(parisDay())}`)).toBeVisible();

	// No longer ending: the list is empty, and says so; the ended ones show the exit.
	await page.goto('/formation/contrats');
	await expect(page.getByText('Aucun contrat ne finit dans les 60 jours.')).toBeVisible();
	await page.goto('/formation/contrats?filtre=ended');
	await expect(page.getByRole('row', { name: /Léa Petit/ })).toContainText('Emploi durable');
	await expectAccessible(page);

	// Her contract is over: the erasure page asks for her name (nothing erased here); the retention page.
	await page.goto(`/formation/${id}/effacer`);
	await expect(page.getByLabel('Pour confirmer, tapez le nom : Léa Petit')).toBeVisible();
	await expectAccessible(page);
	await page.goto('/formation/conservation');
	await expect(page.getByLabel('Durée de conservation (mois)')).toHaveValue('24');
	await expectAccessible(page);

	// A new contract from the day after the exit (a renewal is a new row).
	await page.goto(`/formation/${id}/contrat`);
	const create = page.locator('form[action="?/create"]');
	await create.getByLabel('Début').fill(parisDay(1));
	await create.getByLabel('Fin').fill(parisDay(150));
	await create.getByLabel('Heures par semaine').fill('26,5');
	await create.getByLabel('Référent·e').selectOption({ label: 'Nadia Haddad' });
	await create.getByLabel("Conseiller·ère d'insertion").fill('Mme Roux (PLIE)');
	await create.getByRole('button', { name: 'Ajouter le contrat' }).click();
	await expect(page.getByText('Contrat enregistré.')).toBeVisible();
	await expect(page.getByText(`Du ${fr(parisDay(1))} au ${fr(parisDay(150))}`)).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: `/work/shots/13-contracts-person-${info.project.name}.png`, fullPage: true });

	await context.close();
});

test("a supervisor reads a person's contracts without any form", async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'nadia');
	await page.goto('/formation/contrats?filtre=all');
	await expect(page.getByRole('heading', { level: 1 })).toContainText("Contrats d'insertion");
	await page
		.getByRole('row', { name: /Karim Diallo/ })
		.getByRole('link', { name: 'Karim Diallo' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Contrats de Karim Diallo');
	// The demo's running contract, read only.
	await expect(page.getByText('Mme Garcia (Mission locale)')).toBeVisible();
	await expect(page.locator('form[action^="?/"]')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Ajouter le contrat' })).toHaveCount(0);
	await expectAccessible(page);
	await context.close();
});
