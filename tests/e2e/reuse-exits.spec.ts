import { expect, test, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolTablet, expectAccessible, freePort, newDevice, scan, takeTillWithPin } from './helpers';

/*
 * Exits by channel on the tablet (issue 15, item 6). Its own install: the demo, then a container « Bac E2E »
 * (tare 2,5 kg) and one labelled item of 400 g, added by tests/e2e/fixtures/reuse-exits-seed.ts (the
 * containers' and items' services are other parts of the issue). Karim recycles textile in the bin and
 * books by weight, then scans the item: the exit's total is 10 + 8 + 0,4 kg.
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

/** Types a weight on the big keypad (taps), until the field holds it (taps before the page is live are lost). */
async function tapWeight(page: Page, text: string) {
	const field = page.getByLabel('3. Poids sur la balance (kg)');
	await expect(async () => {
		await field.fill('');
		for (const k of text) await page.getByRole('button', { name: k === ',' ? 'Virgule' : k, exact: true }).click();
		await expect(field).toHaveValue(text, { timeout: 1_000 });
	}).toPass({ timeout: 15_000 });
}

test('a recycling exit of two flux with a container, and an item scanned out', async ({ browser }) => {
	test.slow();
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-exits-'));
	const env = { ...process.env, DATA_DIR: dataDir, BACKUP_DIR: path.join(dataDir, 'sauvegardes'), SEED_DEMO: 'true', DATABASE_URL: '' };
	let server: ChildProcess | null = null;
	try {
		const port = await freePort();
		server = await startServer(env, port);
		await stopServer(server);
		const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'tests/e2e/fixtures/reuse-exits-seed.ts', dataDir], { env, encoding: 'utf8' });
		expect(seeded.status, seeded.stderr).toBe(0);
		const { code } = JSON.parse(seeded.stdout.trim().split('\n').pop()!) as { code: string };
		server = await startServer(env, port);
		const base = `http://127.0.0.1:${port}`;

		// Karim takes the tablet with his PIN.
		const { context, page } = await newDevice(browser, base, { viewport: { width: 1280, height: 800 }, hasTouch: true });
		await enrolTablet(page, 'Tablette ressourcerie');
		await takeTillWithPin(page, 'Karim', '2580');

		// A new exit: the channel by its tile, the eco-organism's channel as recipient.
		await page.goto('/ressourcerie/sorties/nouvelle');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle sortie');
		await expectAccessible(page);
		await page.getByRole('radio', { name: /Recyclage/ }).check();
		await expect(page.getByRole('button', { name: 'Commencer la sortie' })).toBeInViewport();
		await page.screenshot({ path: '/work/shots/15-exits-channel.png' });
		await page.getByLabel('Recyclage : à qui ?').fill('Refashion');
		await page.getByRole('button', { name: 'Commencer la sortie' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Recyclage · Refashion');
		const exitUrl = page.url();

		// Textile in the bin: 12,5 kg on the scale, 2,5 kg of tare: 10 kg net shown before validating.
		await page.getByRole('radio', { name: 'Textile' }).check();
		await page.getByRole('radio', { name: /Bac E2E/ }).check();
		await tapWeight(page, '12,5');
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
		await tapWeight(page, '350');
		await expect(page.getByText(/Trop lourd : la balance pèse au plus 300 kg/).first()).toBeVisible();
		await page.getByRole('button', { name: 'Valider la pesée' }).click();
		await expect(page.getByRole('alert')).toContainText('Trop lourd : la balance pèse au plus');

		// Books without a container: 8 kg.
		await tapWeight(page, '8');
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
		await expect(lines).toContainText('Pesé 12,5 kg − Bac E2E 2,5 kg');
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
		await expect(page.getByRole('row', { name: /Refashion/ })).toContainText('18,4 kg');
		await expectAccessible(page);
		await context.close();
	} finally {
		if (server) await stopServer(server);
		rmSync(dataDir, { recursive: true, force: true });
	}
});
