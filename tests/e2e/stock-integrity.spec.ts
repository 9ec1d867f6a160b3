import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, newDevice, scan, screenPath, signIn } from './helpers';

// Issue 10, stock integrity, on the demo data: the yoghurt lot two days past its DLC (EMP-0006), the pasta
// lot of 40 on EMP-0005, Étagère A (EMP-0001), the freezer EMP-0004.

/** The first lot code of a product, from its stock page (FEFO order). */
async function firstLotOf(page: Page, search: string, product: string): Promise<string> {
	await page.goto(`/stock?vue=produits&q=${encodeURIComponent(search)}`);
	await page.getByRole('link', { name: product }).click();
	const code = (await page.getByRole('table').nth(1).getByRole('link').first().textContent())!.trim();
	expect(code).toMatch(/^L-\d{6}$/);
	return code;
}

test('alerts: a DLC past is first, in red, "à retirer", with a loss in one tap (confirmed); the window is shown and a manager changes it', async ({
	browser,
	baseURL
}, info) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'nadia');
	await page.goto('/stock?vue=alertes');
	const past = page.locator('section.past');
	await expect(past.getByRole('heading', { level: 2 })).toHaveText('DLC passée — à retirer');
	await expect(past.getByRole('row').filter({ hasText: 'Yaourts nature x4' })).toContainText('DLC passée');
	// The headings in the order; the yoghurt is not under "DLC dans 3 jours ou moins".
	const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
	expect(
		headings
			.map((h) => h.trim())
			.filter((h) => /DLC|DDM/.test(h))
			.slice(0, 3)
	).toEqual(['DLC passée — à retirer', 'DLC dans 3 jours ou moins', 'DDM passée depuis plus de 3 mois — ne plus vendre ni donner']);
	const soonTable = page.getByRole('region', { name: 'DLC dans 3 jours ou moins' });
	await expect(soonTable.getByText('Yaourts nature x4')).toHaveCount(0);
	await expect(page.getByText('Un lot est signalé quand sa DLC est dans 3 jours ou moins.')).toBeVisible();
	await expect(page.getByLabel(/Nombre de jours avant la DLC/)).toHaveCount(0); // a supervisor sees it, cannot change it
	await expectAccessible(page);
	await page.screenshot({ path: screenPath(`stock-alerts-${info.project.name}`), fullPage: true });

	// One tap, then a confirmation: the whole lot leaves as a loss "DLC dépassée".
	const yoghurt = (await past.getByRole('row').filter({ hasText: 'Yaourts nature x4' }).getByRole('link').first().textContent())!.trim();
	await past.getByRole('link', { name: 'Retirer (perte)' }).first().click();
	await expect(page.getByRole('heading', { name: /perte « DLC dépassée »/ })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Oui, retirer du stock' }).click();
	await expect(page.locator('p.alert.ok')).toContainText('est retiré du stock (perte : DLC dépassée)');
	await expect(past.getByText('Yaourts nature x4')).toHaveCount(0);
	// A loss is not a document's movement: a supervisor may undo it, with a reason (this also gives the
	// demo's DLC-past lot back to the till's tests that scan it).
	await page.goto(`/stock/lots/${yoghurt}`);
	const history = page.getByRole('region', { name: 'Historique du lot' });
	await history.getByRole('row').filter({ hasText: 'DLC dépassée' }).getByRole('link', { name: 'Annuler ce mouvement' }).click();
	await page.getByLabel(/Pourquoi/).fill('Essai du bouton, les pots sont encore à retirer');
	await page.getByRole('button', { name: 'Oui, annuler ce mouvement' }).click();
	await expect(page.locator('p.alert.ok')).toContainText('Le mouvement est corrigé.');
	await expect(page.locator('.facts')).toContainText('DLC passée');
	await context.close();

	// A manager sees the setting and changes it there.
	const manager = await newDevice(browser, baseURL);
	await signIn(manager.page, 'sophie');
	await manager.page.goto('/stock?vue=alertes');
	await manager.page.getByLabel(/Nombre de jours avant la DLC/).fill('douze');
	await manager.page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(manager.page.getByRole('alert')).toContainText('entre 0 et 60');
	await manager.page.getByLabel(/Nombre de jours avant la DLC/).fill('5');
	await manager.page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(manager.page.locator('p.alert.ok')).toContainText('5 jours avant la DLC');
	await expect(manager.page.getByRole('heading', { level: 2, name: 'DLC dans 5 jours ou moins' })).toBeVisible();
	await expectAccessible(manager.page);
	// Back to the default for the other tests of this database.
	await manager.page.getByLabel(/Nombre de jours avant la DLC/).fill('3');
	await manager.page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(manager.page.locator('p.alert.ok')).toContainText('3 jours avant la DLC');
	await manager.context.close();
});

test('a count of Étagère A does not silently take the pasta lot of EMP-0005: "rangé ailleurs", moved here once confirmed, a large difference asks a reason', async ({
	browser,
	baseURL
}, info) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'nadia');
	const pasta = await firstLotOf(page, 'coquillettes', 'Pâtes coquillettes 500 g');
	await page.goto('/stock/inventaires');
	await page.getByLabel('Quel emplacement comptez-vous ?').selectOption({ label: 'EMP-0001 – Étagère A (Réserve)' });
	await page.getByRole('button', { name: "Commencer l'inventaire" }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('EMP-0001');
	await page.getByLabel("Combien sur l'étagère ?").fill('5');
	await scan(page, 'Étiquette du lot', pasta);
	await expect(page.getByRole('heading', { level: 2, name: 'Rangé ailleurs' })).toBeVisible();
	await expect(page.getByRole('alert')).toHaveText(`Le lot ${pasta} est rangé ailleurs : EMP-0005.`);
	await expect(page.getByRole('row').filter({ hasText: pasta })).toHaveCount(0);
	await expectAccessible(page);
	await page.screenshot({ path: screenPath(`count-elsewhere-${info.project.name}`), fullPage: true });

	await page.getByRole('button', { name: /Oui, il est ici/ }).click();
	await expect(page.locator('p.alert.ok')).toContainText(`Lot ${pasta} déplacé ici et compté.`);
	const row = page.getByRole('row').filter({ hasText: pasta });
	await expect(row).toContainText('Écart important');
	await expect(page.getByLabel(/Raison des écarts importants/)).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: screenPath(`count-large-difference-${info.project.name}`), fullPage: true });

	// The lot's history: the reception cannot be undone here; the move can, with a reason, shown after.
	await page.goto(`/stock/lots/${pasta}`);
	const history = page.getByRole('region', { name: 'Historique du lot' });
	await expect(history.getByRole('row').filter({ hasText: 'Réception' }).getByRole('link', { name: 'Annuler ce mouvement' })).toHaveCount(0);
	await history.getByRole('row').filter({ hasText: 'Rangement' }).getByRole('link', { name: 'Annuler ce mouvement' }).click();
	await expect(page.getByRole('heading', { name: /Annuler le mouvement « Rangement »/ })).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel(/Pourquoi/).fill('Scanné sur la mauvaise étagère');
	await page.getByRole('button', { name: 'Oui, annuler ce mouvement' }).click();
	await expect(page.locator('p.alert.ok')).toContainText('Le mouvement est corrigé.');
	await expect(history.getByRole('row').filter({ hasText: 'Correction' })).toContainText('Scanné sur la mauvaise étagère');
	await context.close();
});

test('an ambient lot into a freezer asks to confirm first', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'nadia');
	const rice = await firstLotOf(page, 'Riz long', 'Riz long grain 1 kg');
	await page.goto('/stock/rangement');
	await scan(page, 'Étiquette du lot', rice);
	await scan(page, "Étiquette de l'emplacement", 'EMP-0004');
	await expect(page.getByRole('alert')).toContainText(`Le lot ${rice} se garde à température ambiante`);
	await expect(page.getByRole('heading', { name: 'Produit ambiant dans un emplacement froid' })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Oui, le ranger au froid' }).click();
	await expect(page.locator('p.alert.ok')).toContainText(`Lot ${rice} rangé en EMP-0004`);
	await context.close();
});
