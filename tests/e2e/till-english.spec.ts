// Issue 10 item 12: in English mode the till has no French left. The till is opened in English and every
// visible text of its screens (card, a household waiting for the committee, a basket, payment) is
// checked against the French catalogue (messages/fr.json): no French message — nor any fixed part of
// one around its {placeholders} — may show. Shop data (product and category names) is not a message.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { enrolTablet, expectAccessible, newDevice, takeTillWithPin } from './helpers';

const AMINA_CARD = 'CARTE-DEMOAMINABENALIDEMOAMINABENALIAA';
const EAN = { pasta: '2040000000011', coffee: '2040000000042', beans: '2040000000059' };

type Catalogue = Record<string, unknown>;
const load = (locale: string) => JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as Catalogue;
/** Every text of a message (plural variants included). */
const texts = (v: unknown): string[] =>
	typeof v === 'string'
		? [v]
		: (JSON.stringify(v)
				.match(/"[^"]*=[^"]*":"((?:[^"\\]|\\.)*)"/g)
				?.map((s) => JSON.parse(`"${s.split('":"')[1]!.slice(0, -1)}"`) as string) ?? []);

/** The fixed parts of the French messages that English does not share (≥ 5 characters, with a letter). */
function frenchFragments(): string[] {
	const fr = load('fr');
	const en = load('en');
	const english = Object.values(en).flatMap(texts).join('\n');
	const out = new Set<string>();
	for (const [key, value] of Object.entries(fr)) {
		if (key === '$schema' || JSON.stringify(value) === JSON.stringify(en[key])) continue;
		for (const text of texts(value))
			for (const part of text.split(/\{[^}]*\}/)) {
				const f = part.trim().replace(/^[\s:·,.–—()«»]+|[\s:·,.–—()«»]+$/g, '');
				if (f.length >= 5 && /\p{L}/u.test(f) && !english.includes(f)) out.add(f);
			}
	}
	return [...out];
}

async function expectNoFrench(page: Page, fragments: string[], where: string) {
	// The shop's name (data, "Épicerie solidaire Les Quatre Saisons") is not a message.
	const shop = await page.locator('header .brand').innerText();
	const shown = (await page.locator('body').innerText()).replaceAll(shop.trim(), '');
	const found = fragments.filter((f) => shown.includes(f));
	expect(found, `French left on the till in English (${where})`).toEqual([]);
	// Dates in words follow the language too (the right's status said "31 janvier 2027").
	expect(shown, `French month names (${where})`).not.toMatch(/\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b/);
}

async function type(page: Page, id: string, code: string) {
	await page.locator(`#${id}`).focus();
	await page.keyboard.type(code, { delay: 5 });
	await page.keyboard.press('Enter');
}

test('the till in English shows no French message', async ({ browser, baseURL }) => {
	const fragments = frenchFragments();
	expect(fragments.length).toBeGreaterThan(500);
	const { context, page } = await newDevice(browser, baseURL);
	await enrolTablet(page, 'Till in English');
	await takeTillWithPin(page, 'Karim', '2580');
	await page.goto('/caisse');
	await page.getByLabel('Fond de caisse (€)').fill('50');
	await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
	await expect(page).toHaveURL(/\/caisse$/);
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { name: 'Serve a household' })).toBeVisible();
	await expectNoFrench(page, fragments, 'card screen');

	// A household waiting for the committee.
	await type(page, 'card', 'FOY-0003');
	await expect(page.getByText('Application waiting for the committee')).toBeVisible();
	await expectNoFrench(page, fragments, 'waiting household');
	await page.locator('button[value="next"]').click();

	// Amina: her right, the share she pays, the budget, a basket with a DDM-past and an FSE+ line.
	await type(page, 'card', AMINA_CARD);
	await expect(page.getByRole('heading', { name: /Amina/ })).toBeVisible();
	await expect(page.getByText(/^Right valid until \d{1,2} [A-Z][a-z]+ \d{4}$/)).toBeVisible();
	await expect(page.locator('.figures dt', { hasText: 'Share paid' })).toBeVisible();
	for (const code of [EAN.pasta, EAN.coffee, EAN.beans]) await type(page, 'article', code);
	await expect(page.locator('li.line')).toHaveCount(3);
	await expectNoFrench(page, fragments, 'basket');
	await expectAccessible(page);

	// The payment step.
	await page.getByTestId('main-action').click();
	await expect(page.locator('li.line')).toHaveCount(3);
	await expectNoFrench(page, fragments, 'payment');
	await context.close();
});
