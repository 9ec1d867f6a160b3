import { expect, test, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolTablet, expectAccessible, freePort, newDevice, scan, signIn } from './helpers';

/*
 * The food-parcel distribution end to end (issue 14, "Tests: browser"): Nadia plans today's distribution (the
 * households expected from their parcel rights), Karim prepares two parcels by scanner keystrokes (Marc's is
 * short of its dessert and takes a tin instead of the pasta), hands Amina's over against a finger signature
 * drawn on the tablet, Nadia closes the day (Marc's parcel not collected goes back to stock) and prints the
 * sign-off sheet (the FSE+ tins with their lot number at 0 €, the signature). Its own install: the demo, then
 * tests/e2e/fixtures/parcel-days-seed.ts (a template, parcel rights for FOY-0001 and FOY-0002, lots).
 */

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
	const server = spawn(process.execPath, ['scripts/serve.js'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
	await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
	return server;
}
const stopServer = (server: ChildProcess) =>
	new Promise<void>((resolve) => {
		if (server.exitCode !== null) return resolve();
		server.once('exit', () => resolve());
		server.kill('SIGTERM');
	});

/** Draws a squiggle with the mouse (pointer events) on the signature box. */
async function drawSignature(page: Page) {
	const box = (await page.getByLabel('Cadre de signature').boundingBox())!;
	const y = box.y + box.height / 2;
	await page.mouse.move(box.x + 30, y);
	await page.mouse.down();
	for (let i = 1; i <= 40; i++) await page.mouse.move(box.x + 30 + i * 8, y + Math.sin(i / 3) * 40, { steps: 2 });
	await page.mouse.up();
	await page.mouse.move(box.x + 80, y + 50);
	await page.mouse.down();
	await page.mouse.move(box.x + 200, y - 50, { steps: 10 });
	await page.mouse.up();
}

test('plan a day, prepare two parcels by scans, hand one over with a finger signature, close, print the sign-off sheet', async ({ browser }) => {
	test.slow();
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-days-'));
	const env = {
		...process.env,
		DATA_DIR: dataDir,
		BACKUP_DIR: path.join(dataDir, 'sauvegardes'),
		SEED_DEMO: 'true',
		DEMO_HISTORY_MONTHS: '0',
		DATABASE_URL: ''
	};
	let server: ChildProcess | null = null;
	mkdirSync('/work/shots', { recursive: true });
	try {
		const port = await freePort();
		server = await startServer(env, port);
		await stopServer(server);
		const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'tests/e2e/fixtures/parcel-days-seed.ts', dataDir], { env, encoding: 'utf8' });
		expect(seeded.status, seeded.stderr).toBe(0);
		const codes = JSON.parse(seeded.stdout.trim().split('\n').pop()!) as Record<string, string>;
		server = await startServer(env, port);
		const base = `http://127.0.0.1:${port}`;

		// ——— Nadia plans today's distribution at the stockroom ———
		const office = await newDevice(browser, base, { viewport: { width: 1280, height: 800 } });
		const nadia = office.page;
		await signIn(nadia, 'nadia');
		await nadia.goto('/distributions');
		await expect(nadia.getByRole('heading', { level: 1 })).toHaveText('Distributions de colis');
		await expectAccessible(nadia);
		await nadia.getByLabel('Site').selectOption({ label: 'Réserve' });
		await nadia.getByLabel('Composition').selectOption({ label: 'Colis D2E' });
		await nadia.getByRole('button', { name: 'Planifier' }).click();
		await expect(nadia.getByRole('heading', { level: 1 })).toContainText('Distribution du');
		const dayUrl = nadia.url();
		const households = nadia.getByRole('region', { name: 'Foyers attendus' }).getByRole('table');
		await expect(households.getByRole('row')).toHaveCount(3);
		await expect(households).toContainText('FOY-0001 · Amina');
		await expect(households).toContainText('FOY-0002 · Marc');
		await expect(households).toContainText('COLIS-000001');
		await expect(households).not.toContainText('Benali');
		// Fatou has no parcel right: refused in French, nothing added.
		await scan(nadia, 'Carte ou référence du foyer', 'FOY-0003');
		await expect(nadia.getByRole('alert')).toContainText('Pas de droit colis');
		await expect(households.getByRole('row')).toHaveCount(3);
		await expectAccessible(nadia);

		// ——— Karim prepares both parcels on the tablet, by scanner keystrokes ———
		const tablet = await newDevice(browser, base, { viewport: { width: 1280, height: 800 }, hasTouch: true });
		const karim = tablet.page;
		await enrolTablet(karim, 'Tablette colis');
		await karim.getByRole('link', { name: /^Karim/ }).click();
		await expect(karim.getByRole('heading', { level: 1 })).toHaveText('Karim, tapez votre code PIN');
		await karim.getByLabel('Code PIN').fill('2580');
		await karim.getByRole('button', { name: 'Valider le code' }).click();
		await expect(karim).not.toHaveURL(/\/tablette/, { timeout: 30_000 });
		const label = 'Étiquette du lot';
		// Amina's: two tins, the pasta, the compote.
		await karim.goto('/colis');
		await karim.getByRole('link', { name: /COLIS-000001/ }).click();
		await expect(karim.getByRole('heading', { level: 1 })).toContainText('COLIS-000001');
		// Each scan answers before the next one (the newest answer first in "Derniers scans").
		const lastScans = karim.getByRole('list', { name: 'Derniers scans' }).locator('li');
		const scanned = async (code: string, n: number, says: string) => {
			await scan(karim, label, code);
			await expect(lastScans).toHaveCount(n);
			await expect(lastScans.first()).toContainText(says);
		};
		await scanned(codes.beans!, 1, 'OK');
		await scanned(codes.beans!, 2, 'OK');
		await scanned(codes.pasta!, 3, 'OK');
		await scanned(codes.compote!, 4, 'OK');
		await karim.getByRole('button', { name: 'Colis prêt' }).click();
		await expect(karim.getByRole('heading', { name: 'Ce colis est prêt' })).toBeVisible();
		// Marc's: two tins, no pasta left so a third tin replaces it, no compote left: short.
		await karim.goto('/colis');
		await karim.getByRole('link', { name: /COLIS-000002/ }).click();
		await expect(karim.getByRole('heading', { level: 1 })).toContainText('COLIS-000002');
		await scanned(codes.beans!, 1, 'OK');
		await scanned(codes.beans!, 2, 'OK');
		await scanned(codes.beans!, 3, 'remplace « Féculents D2E »');
		await karim.getByRole('button', { name: 'Colis prêt' }).click();
		await expect(karim.getByRole('alert')).toContainText('Il manque des produits');
		await karim.getByRole('button', { name: 'Oui, colis prêt' }).click();
		await expect(karim.getByRole('heading', { name: 'Ce colis est prêt' })).toBeVisible();

		// ——— Amina comes with her card: "Remis", then she signs with a finger ———
		await karim.goto('/colis/remise');
		await expect(karim.getByRole('heading', { level: 1 })).toHaveText('Remise des colis');
		await expectAccessible(karim);
		await scan(karim, 'Carte du foyer', 'CARTE-DEMOAMINABENALIDEMOAMINABENALIAA');
		await expect(karim.getByRole('heading', { name: 'FOY-0001 · Amina' })).toBeVisible();
		await expect(karim.locator('strong', { hasText: 'COLIS-000001' })).toBeVisible();
		await expect(karim.getByText('froid', { exact: true })).toBeVisible();
		await expectAccessible(karim);
		await karim.getByRole('button', { name: /^Remis/ }).click();
		await expect(karim.getByRole('heading', { name: 'Signature : FOY-0001 Amina' })).toBeVisible();
		const confirm = karim.getByRole('button', { name: 'Valider' });
		await expect(confirm).toBeDisabled();
		await drawSignature(karim);
		await expect(confirm).toBeEnabled();
		await expectAccessible(karim);
		await karim.screenshot({ path: '/work/shots/14-handover.png', fullPage: true });
		// Portrait: the same screen, still accessible.
		await karim.setViewportSize({ width: 800, height: 1280 });
		await expectAccessible(karim);
		await karim.setViewportSize({ width: 1280, height: 800 });
		await confirm.click();
		await expect(karim.locator('p.alert.ok')).toContainText('Colis COLIS-000001 remis');
		// The card again: already handed over, said in French.
		await scan(karim, 'Carte du foyer', 'CARTE-DEMOAMINABENALIDEMOAMINABENALIAA');
		await expect(karim.getByText(/Déjà remis à/)).toBeVisible();
		await expect(karim.getByRole('button', { name: /^Remis/ })).toHaveCount(0);

		// ——— Nadia closes the day: Marc did not come, his parcel goes back to stock ———
		await nadia.goto(dayUrl);
		await nadia.getByRole('link', { name: 'Clôturer la distribution' }).click();
		await expect(nadia.getByText('1 colis non retirés seront remis en stock.')).toBeVisible();
		await expectAccessible(nadia);
		await nadia.getByRole('button', { name: 'Oui, clôturer' }).click();
		await expect(nadia.getByRole('status')).toContainText('Distribution clôturée');
		const summary = nadia.locator('section', { has: nadia.getByRole('heading', { name: 'Bilan de la distribution' }) });
		await expect(summary.locator('div', { hasText: 'Colis remis' }).locator('dd')).toHaveText('1');
		await expect(summary.locator('div', { hasText: 'Non retirés' }).locator('dd')).toHaveText('1');
		await expect(households).toContainText('Non retiré');
		await expectAccessible(nadia);

		// ——— The sign-off sheet: Amina, her FSE+ tins (lot number, 0 €) and her signature ———
		await nadia.getByRole('link', { name: "Feuille d'émargement" }).click();
		const sheet = nadia.getByRole('article');
		await expect(sheet).toContainText("Feuille d'émargement");
		await expect(sheet.getByRole('row')).toHaveCount(2);
		await expect(sheet).toContainText('FOY-0001');
		await expect(sheet).toContainText('Amina');
		await expect(sheet).toContainText('Haricots blancs 400 g (colis D2E)');
		await expect(sheet).toContainText('FSE-D2E-77');
		await expect(sheet).toContainText('0,00');
		await expect(sheet).not.toContainText('Benali');
		await expect(sheet).not.toContainText('FOY-0002');
		const signature = sheet.getByRole('img', { name: 'Signature de FOY-0001' });
		await expect(signature).toHaveAttribute('src', /^data:image\/png;base64,/);
		await expect.poll(() => signature.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
		await expectAccessible(nadia);
		await nadia.emulateMedia({ media: 'print' });
		await nadia.screenshot({ path: '/work/shots/14-signoff.png', fullPage: true });
		await nadia.emulateMedia({ media: 'screen' });
		const csv = await nadia.request.get(`${nadia.url()}.csv`);
		expect(csv.status()).toBe(200);
		const text = await csv.text();
		expect(text).toContain('FOY-0001;Amina;2;');
		expect(text).toContain('FSE-D2E-77;signé');

		await office.context.close();
		await tablet.context.close();
	} finally {
		if (server) await stopServer(server);
		rmSync(dataDir, { recursive: true, force: true });
	}
});
