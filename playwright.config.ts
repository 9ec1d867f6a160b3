import { defineConfig, devices } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

// Build once (if the sources changed) before the servers start; both servers share the build.
if (!process.env.PLAYWRIGHT_NO_BUILD) {
	const r = spawnSync(process.execPath, ['scripts/start.js', '--build-only'], { stdio: 'inherit' });
	if (r.status !== 0) throw new Error('build failed');
	process.env.PLAYWRIGHT_NO_BUILD = '1';
}

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const launchOptions = {
	executablePath: chromium,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
};

/** One server (and one fresh embedded database) per viewport, so the two runs never share state. */
const portBase = Number(process.env.E2E_PORT_BASE || 4173);
/** This run's name, set once here and inherited by the workers: the servers' folders below are named by it (tests/e2e/helpers.ts e2eBackupDir). */
const run = (process.env.E2E_RUN ??= `${process.pid}-${Date.now()}`);
const allServers = [
	{ name: 'tablet', port: portBase, use: { viewport: { width: 1280, height: 800 }, hasTouch: true } },
	{ name: 'phone', port: portBase + 1, use: { ...devices['Pixel 7'], defaultBrowserType: 'chromium' as const } }
];
/** E2E_PROJECTS=tablet (or phone): start only that viewport's server (npm test runs the two in two processes at once). */
const only = (process.env.E2E_PROJECTS ?? '').split(',').filter(Boolean);
const servers = only.length ? allServers.filter((s) => only.includes(s.name)) : allServers;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: true,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
	use: { trace: 'retain-on-failure', screenshot: 'only-on-failure', locale: 'fr-FR', launchOptions },
	projects: servers.map((s) => ({
		name: s.name,
		// Command-line, database-down and HTTP role checks do not depend on the viewport: run them once.
		// The till's serving screen is a tablet screen (its test checks portrait too), and so are preparing and
		// handing over parcels (their flows run on their own install, and check portrait too).
		testIgnore:
			s.name === 'tablet'
				? []
				: [
						'**/ops.spec.ts',
						'**/households-access.spec.ts',
						'**/till.spec.ts',
						'**/route-matrix.spec.ts',
						'**/http-safety.spec.ts',
						'**/parcels.spec.ts',
						'**/parcel-prepare.spec.ts'
					],
		use: { ...s.use, launchOptions, baseURL: `http://127.0.0.1:${s.port}` }
	})),
	webServer: servers.map((s) => ({
		command: 'node scripts/serve.js',
		url: `http://127.0.0.1:${s.port}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore' as const,
		env: {
			PORT: String(s.port),
			HOST: '127.0.0.1',
			DATA_DIR: path.join(os.tmpdir(), `epicerie-e2e-${s.name}-${run}`),
			BACKUP_DIR: path.join(os.tmpdir(), `epicerie-e2e-${s.name}-${run}-sauvegardes`),
			SEED_DEMO: 'true'
		}
	}))
});
