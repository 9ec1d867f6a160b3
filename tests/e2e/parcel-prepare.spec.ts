import { expect, test } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolTablet, expectAccessible, freePort, newDevice, scan } from './helpers';

/*
 * Preparing a parcel on the tablet (issue 14, item 4). Its own install: the demo, then today's distribution
 * day with Fatou's parcel (FOY-0003) and lots for it, added by tests/e2e/fixtures/parcel-prepare-seed.ts
 * (the planning services are another part of the issue). Composition: Desserts (cold) 2 — one compote in
 * stock, the other is missing; Féculents 1 — a spaghetti lot near its date first; Légumineuses 2 — one tin of
 * lentils, then spaghetti as a substitute.
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

test('prepare a parcel by scanner keystrokes: near-date first, a substitute, a short line, ready, the label', async ({ browser }) => {
	test.slow();
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-parcels-'));
	const env = { ...process.env, DATA_DIR: dataDir, BACKUP_DIR: path.join(dataDir, 'sauvegardes'), SEED_DEMO: 'true', DATABASE_URL: '' };
	let server: ChildProcess | null = null;
	try {
		const port = await freePort();
		server = await startServer(env, port);
		await stopServer(server);
		const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'tests/e2e/fixtures/parcel-prepare-seed.ts', dataDir], { env, encoding: 'utf8' });
		expect(seeded.status, seeded.stderr).toBe(0);
		const codes = JSON.parse(seeded.stdout.trim().split('\n').pop()!) as Record<string, string>;
		server = await startServer(env, port);
		const base = `http://127.0.0.1:${port}`;

		// Karim takes the tablet with his PIN.
		const { context, page } = await newDevice(browser, base, { viewport: { width: 1280, height: 800 }, hasTouch: true });
		await enrolTablet(page, 'Tablette colis');
		await page.getByRole('link', { name: /^Karim/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Karim, tapez votre code PIN');
		// The keypad works once the page is live (a loaded machine can take a while).
		await page.waitForLoadState('networkidle');
		for (const d of '2580') await page.getByRole('button', { name: d, exact: true }).click();
		await page.getByRole('button', { name: 'Valider le code' }).click();
		await expect(page).not.toHaveURL(/\/tablette/, { timeout: 30_000 });

		// Today's parcels: Fatou's, to prepare — her reference and first name only.
		await page.goto('/colis');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Préparer les colis');
		const row = page.getByRole('link', { name: /COLIS-000901/ });
		await expect(row).toContainText('FOY-0003 · Fatou');
		await expect(page.getByRole('heading', { name: /À préparer/ })).toBeVisible();
		await expectAccessible(page);
		await row.click();

		// The picking list: cold last, the near-date spaghetti first, a substitute offered for the lentils.
		await expect(page.getByRole('heading', { level: 1 })).toContainText('COLIS-000901');
		const cards = page.locator('section.line h2');
		await expect(cards).toHaveText([/Féculents E2E/, /Légumineuses E2E/, /Desserts E2E/]);
		const starch = page.locator('section.line', { has: page.getByRole('heading', { name: 'Féculents E2E' }) });
		await expect(starch.locator('.proposals li').first()).toContainText(codes.spaghettiNear!);
		await expect(starch.locator('.proposals li').first()).toContainText('Date proche');
		const pulses = page.locator('section.line', { has: page.getByRole('heading', { name: 'Légumineuses E2E' }) });
		await expect(pulses.locator('.proposals li', { hasText: 'Remplacement' })).toHaveCount(1);
		const desserts = page.locator('section.line', { has: page.getByRole('heading', { name: 'Desserts E2E' }) });
		await expect(desserts).toContainText('Il manquera 1');
		await expect(desserts).not.toContainText(codes.compotePast!);
		await expectAccessible(page);
		mkdirSync('/work/shots', { recursive: true });
		await page.screenshot({ path: '/work/shots/14-picking.png', fullPage: true });

		// Scans, as a USB scanner types them: each answers at once.
		const label = 'Étiquette du lot';
		await scan(page, label, codes.compotePast!);
		await expect(page.locator('p.alert.error')).toContainText('la DLC est passée');
		await scan(page, label, codes.spaghettiNear!);
		await expect(page.locator('p.alert.ok')).toContainText('OK : Spaghetti 500 g (colis E2E) (1 ×) dans « Féculents E2E »');
		await scan(page, label, codes.lentils!);
		await expect(page.locator('p.alert.ok')).toContainText('Lentilles 500 g (colis E2E)');
		await scan(page, label, codes.spaghettiNear!);
		await expect(page.locator('p.alert.ok')).toContainText('remplace « Légumineuses E2E »');
		await scan(page, label, codes.compote!);
		await expect(page.locator('p.alert.ok')).toContainText('Compote (colis E2E)');
		await expect(pulses.locator('.picked li', { hasText: 'Remplacement' })).toHaveCount(1);
		await expect(page.getByRole('list', { name: 'Derniers scans' }).locator('li')).toHaveCount(5);
		await expectAccessible(page);

		// Portrait tablet: the same screen, still accessible.
		await page.setViewportSize({ width: 800, height: 1280 });
		await expectAccessible(page);
		await page.setViewportSize({ width: 1280, height: 800 });

		// Colis prêt: a dessert is missing, the tablet asks first.
		await page.getByRole('button', { name: 'Colis prêt' }).click();
		await expect(page.getByRole('alert')).toContainText('Il manque des produits');
		await page.getByRole('button', { name: 'Oui, colis prêt' }).click();
		await expect(page.getByRole('heading', { name: 'Ce colis est prêt' })).toBeVisible();
		await expectAccessible(page);

		// The label: code, reference and first name, FROID.
		await page.getByRole('link', { name: "Imprimer l'étiquette" }).click();
		const printed = page.getByRole('article');
		await expect(printed).toContainText('COLIS-000901');
		await expect(printed).toContainText('FOY-0003 · Fatou');
		await expect(printed).toContainText('FROID');
		await expect(printed).not.toContainText('Diop');
		await expect(printed.locator('svg')).toHaveCount(1);
		await expectAccessible(page);
		await page.screenshot({ path: '/work/shots/14-prepare-label.png' });

		// Back on the list, the parcel is ready.
		await page.goto('/colis');
		await expect(page.locator('section', { has: page.getByRole('heading', { name: /Prêts/ }) })).toContainText('COLIS-000901');
		await context.close();
	} finally {
		if (server) await stopServer(server);
		rmSync(dataDir, { recursive: true, force: true });
	}
});
