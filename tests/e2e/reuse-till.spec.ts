// Issue 15 (helper "sale"): the ressourcerie's till on a tablet — open the till, sell an item by scanning
// its label and a small object by a quick key, pay cash with change, see the receipt (no personal data),
// axe at each step, landscape and portrait. The items come from a seed script run into this spec's own
// install while its server is stopped (the items' screens are another part of the issue).
import { expect, test } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolTablet, expectAccessible, freePort, scan, takeTillWithPin } from './helpers';

test.describe.configure({ timeout: 420_000 });

test('the ressourcerie till: scan an item, a quick key, pay cash, the receipt without personal data', async ({ browser }) => {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-reuse-till-'));
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const env = {
		...process.env,
		DATA_DIR: dataDir,
		BACKUP_DIR: path.join(dataDir, 'sauvegardes'),
		SEED_DEMO: 'true',
		DATABASE_URL: '',
		PORT: String(port),
		HOST: '127.0.0.1'
	};
	let server: ChildProcess | null = null;
	const start = async () => {
		server = spawn(process.execPath, ['scripts/serve.js'], { env, stdio: 'ignore' });
		await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
	};
	const stop = async () => {
		const s = server as ChildProcess | null;
		if (!s || s.exitCode !== null) return;
		const exited = new Promise((r) => s.once('exit', r));
		s.kill('SIGTERM');
		// A graceful stop waits for open requests (SHUTDOWN_TIMEOUT): never longer than 40 s here.
		const late = setTimeout(() => s.kill('SIGKILL'), 40_000);
		await exited;
		clearTimeout(late);
	};
	try {
		await start();
		const context = await browser.newContext({ baseURL: base, locale: 'fr-FR', viewport: { width: 1280, height: 800 }, hasTouch: true });
		const page = await context.newPage();
		await enrolTablet(page, 'Tablette ressourcerie');
		await takeTillWithPin(page, 'Karim', '2580');
		await page.goto('/caisse/ressourcerie');
		// No till open on this tablet: the opening page first, as for the épicerie's till.
		await expect(page).toHaveURL(/\/caisse\/ouverture$/);
		await page.getByLabel('Fond de caisse (€)').fill('50');
		await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
		await expect(page).toHaveURL(/\/caisse$/);
		await page.goto('/caisse/ressourcerie');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Caisse ressourcerie');

		// The items are made while the server is stopped (its embedded database is one process's), then it starts again.
		await stop();
		const seeded = spawnSync(process.execPath, ['tests/e2e/reuse-till-seed.mjs', dataDir], { encoding: 'utf8' });
		expect(seeded.status, seeded.stderr).toBe(0);
		await start();

		await page.goto('/caisse/ressourcerie');
		await expect(page.getByText('Le panier est vide')).toBeVisible();
		await expectAccessible(page);

		// Another organisation's or an unknown label: "Objet introuvable".
		await scan(page, 'Scanner l’étiquette d’un objet', 'O-123456');
		await expect(page.getByRole('alert')).toContainText('Objet introuvable');
		// The item's label: a line at its own price.
		await scan(page, 'Scanner l’étiquette d’un objet', 'O-900001');
		const basket = page.getByRole('region', { name: 'Panier' });
		await expect(basket.getByText('Lampe de chevet bleue', { exact: true })).toBeVisible();
		await expect(basket.getByText('O-900001', { exact: false })).toBeVisible();
		// The same one-piece item again: refused, still one line.
		await scan(page, 'Scanner l’étiquette d’un objet', 'O-900001');
		await expect(page.getByRole('alert')).toContainText('déjà dans le panier');

		// A quick key: a category, a typed price, a quantity.
		await page.getByRole('radio', { name: /Livres/ }).check();
		await page.getByLabel('Prix d’une pièce (€)').fill('1,50');
		await page.getByLabel('Nombre de pièces').fill('2');
		await page.getByRole('button', { name: 'Ajouter : Livres' }).click();
		await expect(basket.getByText('Sans étiquette', { exact: false })).toBeVisible();
		// A discount on the lamp, with its reason.
		await basket.getByText('Remise : Lampe de chevet bleue').click();
		await basket.getByRole('textbox', { name: 'Remise (€)' }).fill('2');
		await basket.getByRole('textbox', { name: 'Raison de la remise' }).fill('Abat-jour taché');
		await basket.getByRole('button', { name: 'Appliquer la remise' }).click();
		await expect(basket.getByText('Remise 2,00 € : Abat-jour taché')).toBeVisible();
		// 12,00 − 2,00 + 2 × 1,50 = 13,00 €.
		await expect(basket.getByRole('button', { name: 'Payer 13,00 €' })).toBeVisible();
		await expectAccessible(page);
		await page.screenshot({ path: '/work/shots/15-till.png', fullPage: true });

		// Portrait: the basket and the main action still on screen.
		await page.setViewportSize({ width: 800, height: 1280 });
		await expect(basket.getByRole('button', { name: 'Payer 13,00 €' })).toBeInViewport();
		await expectAccessible(page);
		await page.screenshot({ path: '/work/shots/15-till-portrait.png', fullPage: true });
		await page.setViewportSize({ width: 1280, height: 800 });

		await basket.getByRole('button', { name: 'Payer 13,00 €' }).click();
		await expect(page.getByRole('heading', { name: 'Paiement' })).toBeVisible();
		await page.getByLabel('Somme donnée en espèces (€)').fill('20');
		await expect(page.getByRole('status')).toContainText('7,00 €');
		await expectAccessible(page);
		await page.getByRole('button', { name: /Valider/ }).click();
		await expect(page.getByRole('heading', { name: 'Vente enregistrée' })).toBeVisible();
		await expect(page.getByRole('status')).toContainText('7,00 €');
		await expectAccessible(page);
		await page.screenshot({ path: '/work/shots/15-till-done.png', fullPage: true });

		// The receipt: the lines, the discount, no household.
		await page.getByRole('link', { name: 'Imprimer le ticket' }).click();
		const ticket = page.getByRole('article');
		await expect(ticket).toContainText('Vente ressourcerie');
		await expect(ticket).toContainText('Lampe de chevet bleue');
		await expect(ticket).toContainText('Remise 2,00 € : Abat-jour taché');
		await expect(ticket).toContainText('13,00 €');
		await expect(ticket).not.toContainText('Foyer');
		await expectAccessible(page);

		// (An item sold twice is refused: tests/integration/till-public-sales.test.ts, both databases.)
		await context.close();
	} finally {
		await stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
