import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './helpers';

/** Shared steps of the ressourcerie's browser tests (issue 15). */

/** Taps digits on the big keypad (again until the field holds them: taps before the page is live are lost). */
export async function tapKeypad(page: Page, field: string | RegExp, digits: string) {
	const input = page.getByLabel(field, { exact: typeof field === 'string' });
	await expect(async () => {
		await input.fill('');
		for (const d of digits) await page.getByRole('button', { name: d === ',' ? 'Virgule' : d, exact: true }).click();
		await expect(input).toHaveValue(digits, { timeout: 1_000 });
	}).toPass({ timeout: 15_000 });
}

export interface NewItem {
	category: RegExp;
	description: string;
	grid?: RegExp;
	/** Typed on the keypad, e.g. "4,5". */
	keypad?: string;
	weighed?: string;
	batch?: string;
}

/** "Nouvel objet": a category tile, a price (grid or keypad), maybe a weight or a batch, a description; returns the code. */
export async function makeItem(page: Page, item: NewItem, check = false): Promise<string> {
	await page.goto('/ressourcerie/objets');
	await page.getByRole('link', { name: 'Nouvel objet' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvel objet');
	if (check) await expectAccessible(page);
	await page.getByRole('link', { name: item.category }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Nouvel objet :');
	if (item.grid) await page.getByRole('radio', { name: item.grid }).check();
	if (item.keypad) await tapKeypad(page, /^(Autre prix|Prix) \(€\)$/, item.keypad);
	if (item.batch) {
		await page.getByRole('radio', { name: 'Un lot de plusieurs pièces' }).check();
		await page.getByLabel('Nombre de pièces du lot').fill(item.batch);
	}
	if (item.weighed) {
		await page.getByRole('radio', { name: 'Je pèse' }).check();
		await page.getByLabel('Poids sur la balance (kg)').fill(item.weighed);
	}
	await page.getByLabel('Description').fill(item.description);
	if (check) await expectAccessible(page);
	await page.getByRole('button', { name: 'Enregistrer l’objet' }).click();
	const heading = page.getByRole('heading', { level: 1 });
	await expect(heading).toContainText(`· ${item.description}`);
	const code = (await heading.textContent())!.match(/O-\d{6}/)![0];
	await expect(page.getByRole('status')).toContainText(`Objet ${code} enregistré`);
	await expect(page.getByRole('link', { name: item.batch ? /Imprimer \d+ étiquette/ : 'Imprimer l’étiquette' })).toBeVisible();
	return code;
}
