// The dashboard, households served and annual report in a browser (issue 12): a manager finds the
// "Rapports" tile, reads the dashboard (axe clean), follows a figure to its report; the annual report
// prints on one A4 page; a supervisor's dashboard shows the stock part only.
import { expect, test } from '@playwright/test';
import { expectAccessible, newDevice, signIn } from './helpers';

test('a manager opens the dashboard from home, follows a figure, prints the annual report on one page', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'sophie');
	await page
		.getByRole('link', { name: /Rapports/ })
		.first()
		.click();
	await expect(page).toHaveURL(/\/rapports$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Tableau de bord');
	await expect(page.locator('[data-figure="households"]')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Foyers servis' }).last()).toBeVisible();
	await expectAccessible(page);
	await page.locator('[data-figure="households"] a.value').click();
	await expect(page).toHaveURL(/\/rapports\/foyers\?period=month&from=\d{4}-\d{2}-01/);
	await expect(page.getByText(/Autres communes/).first()).toBeVisible();
	await expectAccessible(page);

	await page.goto('/rapports/annuel');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Rapport annuel');
	await expect(page.getByLabel('Période', { exact: true })).toHaveValue('year');
	await expectAccessible(page);
	await page.emulateMedia({ media: 'print' });
	const pdf = (await page.pdf({ format: 'A4', printBackground: false })).toString('latin1');
	expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, 'pages of the annual report printed on A4').toBe(1);
	await context.close();
});

test("a supervisor's dashboard: the stock part only", async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'nadia');
	await page.goto('/rapports');
	await expect(page.locator('[data-figure="received"]')).toBeVisible();
	await expect(page.locator('[data-figure="households"]')).toHaveCount(0);
	await expect(page.locator('[data-figure="visits"]')).toHaveCount(0);
	await expectAccessible(page);
	await context.close();
});
