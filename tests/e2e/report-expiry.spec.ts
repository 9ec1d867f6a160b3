import { expect, test } from '@playwright/test';
import { expectAccessible, newDevice, signIn } from './helpers';

// Issue 12, expiry report on the demo data: the carrot salad's lot whose DLC is tomorrow is listed "to
// save" with « Mettre au rayon gratuit »; a supervisor confirms it (a form, no script needed) and the
// value saved this month shows it.
test('expiry report: a lot to save, its confirmation, the free shelf, the value saved', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await signIn(page, 'nadia');
	await page.goto('/rapports/peremptions');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Péremptions');
	const act = page.getByRole('link', { name: /^Mettre au rayon gratuit : lot L-\d{6} · Salade de carottes 300 g$/ });
	await expect(act).toHaveCount(1);
	await expectAccessible(page);
	const code = /lot (L-\d{6})/.exec((await act.textContent())!)![1]!;
	await act.click();
	await expect(page.getByRole('heading', { name: new RegExp(`Sauver le lot ${code}`) })).toBeVisible();
	await expect(page.getByRole('radio', { name: 'Mettre au rayon gratuit' })).toBeChecked();
	await expectAccessible(page);
	await page.getByLabel('Emplacement du rayon gratuit').selectOption({ index: 1 });
	await page.getByRole('button', { name: 'Confirmer' }).click();
	await expect(page.locator('p.alert.ok')).toContainText(`Lot ${code} : mis au rayon gratuit.`);
	await expect(page.locator('[data-figure="saved_cents"] .value')).not.toHaveText('0,00 €');
	await context.close();
});
