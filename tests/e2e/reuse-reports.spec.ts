import { expect, test } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectAccessible, freePort, newDevice, signIn } from './helpers';

/*
 * The ressourcerie's reports (issue 15, item 7) on a tablet. Its own install: the demo (with its own months of
 * ressourcerie work), then a day of the ressourcerie added in SQL by tests/e2e/fixtures/reuse-reports-seed.ts:
 * the month's figures grow by exactly that day — 157,5 kg in over four flux, a table and five clothes sold (one brought
 * back), a chair to a partner, textiles recycled, books thrown. A supervisor reads the tonnage of the month
 * from the dashboard's list, then the eco-organism declaration of the quarter; both axe clean, with their charts.
 */

function serve(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
	const server = spawn(process.execPath, ['scripts/serve.js'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
	return expect
		.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status, { timeout: 60_000 })
		.toBe(200)
		.then(() => server);
}
function halt(server: ChildProcess): Promise<void> {
	return new Promise((resolve) => (server.exitCode !== null ? resolve() : (server.once('exit', () => resolve()), server.kill('SIGTERM'))));
}

test('tonnage of the month and the eco-organism declaration, from the reports list', async ({ browser }) => {
	test.slow();
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-reuse-reports-'));
	const env = { ...process.env, DATA_DIR: dataDir, BACKUP_DIR: path.join(dataDir, 'sauvegardes'), SEED_DEMO: 'true', DATABASE_URL: '' };
	let server: ChildProcess | null = null;
	try {
		const port = await freePort();
		server = await serve(env, port);
		// The demo has months of ressourcerie work too: the report's figures before the seeded day, in grams.
		const { context, page } = await newDevice(browser, `http://127.0.0.1:${port}`, { viewport: { width: 1280, height: 800 }, hasTouch: true });
		await signIn(page, 'nadia');
		const figures = async () => {
			const res = await page.request.get('/api/v1/reports/reuse');
			expect(res.status(), await res.text()).toBe(200);
			const report = (await res.json()) as { figures: { id: string; value: number | null }[] };
			return Object.fromEntries(report.figures.map((f) => [f.id, f.value ?? 0])) as Record<string, number>;
		};
		const before = await figures();
		await halt(server);
		const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'tests/e2e/fixtures/reuse-reports-seed.ts', dataDir], { env, encoding: 'utf8' });
		expect(seeded.status, seeded.stderr).toBe(0);
		server = await serve(env, port);

		// The month's figures grew by exactly the seeded day: 64 + 21 + 12 + 42,5 + 18 kg in; sold 21 + 2 − 0,4 kg;
		// given 6 (partner) + 2,5 kg; recycled 12,5 kg.
		const after = await figures();
		expect(after.intake! - before.intake!).toBe(157_500);
		expect(after.sold! - before.sold!).toBe(22_600);
		expect(after.given! - before.given!).toBe(8_500);
		expect(after.recyclage! - before.recyclage!).toBe(12_500);
		await page.goto('/rapports');
		await page.getByRole('link', { name: 'Ressourcerie : tonnage' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Ressourcerie : tonnage');
		// The page shows the API's figures: kg (one decimal from 10 kg), the reuse rate in % (basis points / 100).
		const kg = (g: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: g >= 10_000 ? 1 : 3 }).format(g / 1000) + '\u00a0kg';
		await expect(page.locator('[data-figure="intake"] .value')).toHaveText(kg(after.intake!));
		await expect(page.locator('[data-figure="sold"] .value')).toHaveText(kg(after.sold!));
		await expect(page.locator('[data-figure="recyclage"] .value')).toHaveText(kg(after.recyclage!));
		const rate = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(after.reuseRate! / 100);
		await expect(page.locator('[data-figure="reuseRate"] .value')).toContainText(`${rate}\u00a0%`);
		await expect(page.getByRole('heading', { name: 'Par flux' }).first()).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Recettes par catégorie' })).toBeVisible();
		// The three charts are drawn (Chart.js loads on demand) before axe reads the page.
		await expect(page.locator('canvas[data-drawn]')).toHaveCount(3);
		for (const chart of await page.locator('canvas[data-drawn]').all()) await expect(chart).toHaveAttribute('data-drawn', 'yes');
		await expectAccessible(page);
		mkdirSync('/work/shots', { recursive: true });
		await page.screenshot({ path: '/work/shots/15-report.png', fullPage: true });

		await page.getByRole('link', { name: 'Déclaration éco-organismes' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Déclaration éco-organismes');
		await expect(page.locator('.period strong')).toContainText('trimestre');
		await expect(page.locator('[data-figure="intake"] .value')).not.toHaveText('—');
		await expect(page.getByRole('rowheader', { name: 'Mobilier' }).first()).toBeVisible();
		for (const chart of await page.locator('canvas[data-drawn]').all()) await expect(chart).toHaveAttribute('data-drawn', 'yes');
		await expectAccessible(page);
		await page.setViewportSize({ width: 800, height: 1280 });
		await expectAccessible(page);
		await page.screenshot({ path: '/work/shots/15-report-declaration.png', fullPage: true });
		await context.close();
	} finally {
		if (server) await halt(server);
		rmSync(dataDir, { recursive: true, force: true });
	}
});
