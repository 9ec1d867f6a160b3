// Issue 10 item 8: the till's main button is always in reach. With 15 basket lines, in landscape
// (1280×800) and in portrait (800×1280), the household's name, the budget bar, the amount to pay and
// the main action (Payer, or the supervisor's approval when over budget) stay inside the viewport: the
// basket list scrolls in its own area. The demo has 11 piece lots to scan: the test adds lots to the
// catalogue the tablet reads (copies of real ones, new codes) — the basket lives on the tablet, so the
// layout is the same as with received lots; nothing is paid here.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { enrolTablet, expectAccessible, newDevice, scan, screenPath, takeTillWithPin } from './helpers';

const AMINA_CARD = 'CARTE-DEMOAMINABENALIDEMOAMINABENALIAA';
const ARTICLE = "Article : scannez le code-barres ou l'étiquette du lot";
// The demo's piece lots a household may take (not L-000008, DLC passed; not L-000010, apples weighed on the keypad).
const SELLABLE = ['L-000001', 'L-000002', 'L-000003', 'L-000004', 'L-000005', 'L-000006', 'L-000007', 'L-000009', 'L-000011', 'L-000012', 'L-000013'];
const EXTRA = ['L-900001', 'L-900002', 'L-900003', 'L-900004'];

async function expectInViewport(page: Page, what: string, locator: Locator) {
	const box = await locator.boundingBox();
	const vp = page.viewportSize()!;
	expect(box, `${what} is shown`).not.toBeNull();
	expect(box!.y, `${what} top (${box!.y}) is on screen`).toBeGreaterThanOrEqual(0);
	expect(box!.y + box!.height, `${what} bottom (${box!.y + box!.height}) is on screen (${vp.width}×${vp.height})`).toBeLessThanOrEqual(vp.height);
	expect(box!.x + box!.width, `${what} right edge is on screen`).toBeLessThanOrEqual(vp.width);
}

async function expectReachable(page: Page) {
	await expectInViewport(page, 'household name', page.getByRole('heading', { name: /Amina/ }));
	await expectInViewport(page, 'budget bar', page.getByRole('meter', { name: 'Budget du mois' }));
	await expectInViewport(page, 'amount to pay', page.getByTestId('due'));
	await expectInViewport(page, 'main action', page.getByTestId('main-action'));
	await expectInViewport(page, 'cancel the sale', page.getByRole('button', { name: 'Annuler la vente' }));
	// Not covered by anything: a tap reaches it (Playwright's actionability check, without clicking).
	if (await page.getByTestId('main-action').isEnabled()) await page.getByTestId('main-action').click({ trial: true, timeout: 2000 });
	await page.getByRole('button', { name: 'Annuler la vente' }).click({ trial: true, timeout: 2000 });
	// The list keeps room for at least two lines.
	const list = await page.locator('.lines-scroll').boundingBox();
	expect(list!.height, 'height of the basket list').toBeGreaterThanOrEqual(150);
}

test('with 15 basket lines the household, the budget, the total and the main action stay on screen, landscape and portrait', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL, { viewport: { width: 1280, height: 800 } });
	// Three more lots in the tablet's catalogue (copies of the pasta lot with codes of their own).
	await page.route('**/caisse/catalogue', async (route) => {
		const res = await route.fetch();
		const body = await res.json();
		const pasta = body.lots.find((l: { code: string }) => l.code === 'L-000001');
		EXTRA.forEach((code, i) => body.lots.push({ ...pasta, code, id: `00000000-0000-4000-8000-00000000000${i + 1}`, onHand: 5 }));
		await route.fulfill({ response: res, json: body });
	});
	await enrolTablet(page, 'Caisse de la mise en page');
	await takeTillWithPin(page, 'Karim', '2580');
	await page.goto('/caisse');
	await page.getByLabel('Fond de caisse (€)').fill('50');
	await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
	await expect(page).toHaveURL(/\/caisse$/);

	// Landscape, empty basket: Payer is already on screen.
	await scan(page, 'Carte du foyer', AMINA_CARD);
	await expect(page.getByRole('heading', { name: /Amina/ })).toBeVisible();
	await expectReachable(page);

	for (const code of [...SELLABLE, ...EXTRA]) {
		await scan(page, ARTICLE, code);
		await expect(page.locator(`li.line[data-lot="${code}"]`)).toBeVisible();
	}
	await expect(page.locator('li.line')).toHaveCount(15);
	await expectReachable(page);
	await expectAccessible(page);
	await page.screenshot({ path: screenPath('till-15-lines-1280x800') });

	await page.setViewportSize({ width: 800, height: 1280 });
	await expect(page.locator('li.line')).toHaveCount(15);
	await expectReachable(page);
	await expectAccessible(page);
	await page.screenshot({ path: screenPath('till-15-lines-800x1280') });

	// The last line stays reachable: the list scrolls in its own area.
	await page.locator('li.line[data-lot="L-900003"]').scrollIntoViewIfNeeded();
	await expect(page.locator('li.line[data-lot="L-900003"]')).toBeInViewport();
	await expectReachable(page);
	await context.close();
});
