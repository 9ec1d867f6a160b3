// "Mon parcours" (issue 13, item 5): an operator signs in by PIN on an enrolled tablet, prints a lot's
// label (a piece of work: the work event `labels.print`), and sees it counted in "Cette semaine"; the
// "Écouter" button reads the page aloud with the browser's speech synthesis. The browser's own
// `speechSynthesis.speak` and `window.print` are replaced by recorders (browser APIs, not our code).
import { expect, test, type Page } from '@playwright/test';
import { enrolTablet, expectAccessible, newDevice, takeTillWithPin } from './helpers';

declare global {
	interface Window {
		__spoken: string[];
		__printed: number;
		__cancelled: number;
	}
}

const printedCount = async (page: Page): Promise<number> => {
	const card = page.locator('li[data-type="labels.print"]');
	return (await card.count()) === 0 ? 0 : Number(await card.locator('.number').textContent());
};

test('Mon parcours: work done on the tablet is counted this week, the page is read aloud', async ({ browser, baseURL }, info) => {
	const { context, page } = await newDevice(browser, baseURL);
	await context.addInitScript(() => {
		window.__spoken = [];
		window.__printed = 0;
		window.__cancelled = 0;
		window.print = () => {
			window.__printed++;
		};
		if ('speechSynthesis' in window) {
			window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
				window.__spoken.push(`${u.lang}|${u.text}`);
			};
			window.speechSynthesis.cancel = () => {
				window.__cancelled++;
			};
		}
	});
	await enrolTablet(page, `Tablette parcours ${info.project.name}`);
	await takeTillWithPin(page, 'Karim', '2580');

	await page.goto('/parcours');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon parcours');
	await expect(page.getByRole('heading', { level: 2, name: 'Cette semaine' })).toBeVisible();
	const before = await printedCount(page);

	// A piece of work: print the label of a lot (the Print button tells the server, then opens the dialog).
	await page.goto('/stock/etiquettes?lot=L-000001');
	await expect(page.locator('.lot')).toHaveCount(1);
	await page.getByRole('button', { name: 'Imprimer', exact: true }).click();
	await expect.poll(() => page.evaluate(() => window.__printed)).toBe(1);

	await page.goto('/parcours');
	const card = page.locator('li[data-type="labels.print"]');
	await expect(card).toContainText('Imprimer des étiquettes');
	await expect(card.locator('.number')).toHaveText(String(before + 1));
	await expect(page.getByRole('heading', { level: 2, name: "Ce que j'apprends" })).toBeVisible();
	await expect(page.getByText('Assurer la traçabilité des produits')).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Ce que mon encadrant·e a validé' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'La suite' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Mon livret de compétences' })).toHaveAttribute('href', '/parcours/livret');
	await expectAccessible(page);

	// Without JavaScript (the page as the server sends it) there is no Listen button: it appears after mount.
	const html = await (await page.request.get('/parcours')).text();
	expect(html).toContain('Cette semaine');
	expect(html).not.toContain('Écouter');

	// Chromium has speech synthesis: the Listen button is there; it speaks the page's facts in French.
	expect(await page.evaluate(() => 'speechSynthesis' in window)).toBe(true);
	await page.getByRole('button', { name: 'Écouter' }).click();
	const stop = page.getByRole('button', { name: 'Arrêter' });
	await expect(stop).toBeVisible();
	const spoken = await page.evaluate(() => window.__spoken);
	expect(spoken.every((s) => s.startsWith('fr-FR|'))).toBe(true);
	const text = spoken.map((s) => s.slice('fr-FR|'.length));
	expect(text).toContain(`Imprimer des étiquettes : ${before + 1} fois.`);
	expect(text).toContain('Cette semaine.');
	expect(text[0]).toBe('Bonjour Karim. Voici votre parcours.');
	await expectAccessible(page);
	await stop.click();
	await expect(page.getByRole('button', { name: 'Écouter' })).toBeVisible();
	expect(await page.evaluate(() => window.__cancelled)).toBeGreaterThan(0);
	await context.close();
});
