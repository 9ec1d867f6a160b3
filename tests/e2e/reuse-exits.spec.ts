import { expect, test } from '@playwright/test';
import { enrolTablet, expectAccessible, newDevice, scan, takeTillWithPin } from './helpers';
import { makeItem, tapKeypad } from './reuse';

/*
 * Exits by channel on the tablet (issue 15, item 6): Karim prices a 400 g object, then recycles textile in
 * the demo's bin (tare 2,5 kg) and books by weight (a weight over the scale's maximum refused first), then
 * scans the object out: the exit's total is 10 + 8 + 0,4 kg; the object cannot leave twice.
 */

test('a recycling exit of two flux with a container, and an item scanned out', async ({ browser, baseURL }) => {
	test.slow();
	const { context, page } = await newDevice(browser, baseURL, { viewport: { width: 1280, height: 800 }, hasTouch: true });
	await enrolTablet(page, 'Tablette ressourcerie');
	await takeTillWithPin(page, 'Karim', '2580');
	// A 400 g object to send out by its label.
	const code = await makeItem(page, { category: /^Jouets/, keypad: '2', weighed: '0,4', description: 'Peluche à recycler' });

	// A new exit: the channel by its tile, the eco-organism's channel as recipient.
	await page.goto('/ressourcerie/sorties/nouvelle');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle sortie');
	await expectAccessible(page);
	await page.getByRole('radio', { name: /Recyclage/ }).check();
	await expect(page.getByRole('button', { name: 'Commencer la sortie' })).toBeInViewport();
	await page.screenshot({ path: '/work/shots/15-exits-channel.png' });
	await page.getByLabel('Recyclage : à qui ?').fill('Refashion (essai)');
	await page.getByRole('button', { name: 'Commencer la sortie' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Recyclage · Refashion (essai)');
	const exitUrl = page.url();

	// Textile in the bin: 12,5 kg on the scale, 2,5 kg of tare: 10 kg net shown before validating.
	await page.getByRole('radio', { name: 'Textile' }).check();
	await page.getByRole('radio', { name: /^Bac\s*tare 2,5/i }).check();
	await tapKeypad(page, '3. Poids sur la balance (kg)', '12,5');
	await expect(page.getByText('Poids net : 10 kg')).toBeVisible();
	await expectAccessible(page);
	// The one main action shows on a landscape tablet without scrolling.
	await page.evaluate(() => window.scrollTo(0, 0));
	await expect(page.getByRole('button', { name: 'Valider la pesée' })).toBeInViewport();
	await page.screenshot({ path: '/work/shots/15-exits-weighing.png' });
	await page.getByRole('button', { name: 'Valider la pesée' }).click();
	await expect(page.getByRole('status')).toHaveText('Enregistré : 10 kg de Textile.');

	// Over the scale's maximum: refused in words, nothing saved.
	await page.getByRole('radio', { name: 'Livres et médias' }).check();
	await page.getByRole('radio', { name: 'Sans contenant' }).check();
	await tapKeypad(page, '3. Poids sur la balance (kg)', '350');
	await expect(page.getByText(/Trop lourd : la balance pèse au plus 300 kg/).first()).toBeVisible();
	await page.getByRole('button', { name: 'Valider la pesée' }).click();
	await expect(page.getByRole('alert')).toContainText('Trop lourd : la balance pèse au plus');

	// Books without a container: 8 kg.
	await tapKeypad(page, '3. Poids sur la balance (kg)', '8');
	await page.getByRole('button', { name: 'Valider la pesée' }).click();
	await expect(page.getByRole('status')).toHaveText('Enregistré : 8 kg de Livres et médias.');

	// The labelled item, by scanner keystrokes: it leaves the stock; scanned again, it is refused.
	await scan(page, 'Scannez l’étiquette de l’objet', code);
	await expect(page.getByRole('status')).toHaveText(`L’objet ${code} est sorti (0,4 kg).`);
	await scan(page, 'Scannez l’étiquette de l’objet', code);
	await expect(page.getByRole('alert')).toContainText('déjà vendu ou sorti');

	await expect(page.getByText('Total sorti : 18,4 kg')).toBeVisible();
	const lines = page.getByRole('region', { name: 'Pesées de la sortie' }).first().getByRole('table');
	await expect(lines.getByRole('row')).toHaveCount(4);
	await expect(lines).toContainText('Pesé 12,5 kg − Bac 2,5 kg');
	await expect(lines).toContainText(`Objet ${code}`);
	await expectAccessible(page);

	// Portrait: the same screen, still accessible.
	await page.setViewportSize({ width: 800, height: 1280 });
	await page.goto(exitUrl);
	await expect(page.getByRole('button', { name: 'Valider la pesée' })).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: '/work/shots/15-exits-portrait.png', fullPage: true });

	// The list: the exit with its weight.
	await page.goto('/ressourcerie/sorties?channel=recyclage');
	await expect(page.getByRole('row', { name: /Refashion \(essai\)/ })).toContainText('18,4 kg');
	await expectAccessible(page);
	await context.close();
});
