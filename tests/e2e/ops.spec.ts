// Operations from the command line and with the database down (no browser viewport involved:
// runs in the "tablet" project only, see playwright.config.ts).
import { expect, test } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pgliteState } from '../../src/lib/server/db/durability';
import { freePort } from './helpers';

test('first admin on a fresh install without demo data: npm run admin -- create-user', async () => {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-cli-'));
	const env = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', DATABASE_URL: '' };
	try {
		const create = spawnSync(
			process.execPath,
			['scripts/admin.js', 'create-user', '--organisation', 'Épicerie du Centre', '--username', 'Marie', '--first-name', 'Marie', '--role', 'admin,manager'],
			{ env, encoding: 'utf8' }
		);
		expect(create.status, create.stderr).toBe(0);
		expect(create.stdout).toContain('Organisation créée : Épicerie du Centre');
		expect(create.stdout).toContain('Personne créée : marie (admin,manager)');
		const password = /Mot de passe \(à changer à la première connexion\) : (\S+)/.exec(create.stdout)?.[1];
		expect(password).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}-[a-z2-7]{5}$/);

		const again = spawnSync(
			process.execPath,
			['scripts/admin.js', 'create-user', '--organisation', 'Épicerie du Centre', '--username', 'marie', '--first-name', 'M'],
			{ env, encoding: 'utf8' }
		);
		expect(again.status).toBe(1);
		expect(again.stderr).toContain('Cet identifiant est déjà pris.');

		const bad = spawnSync(process.execPath, ['scripts/admin.js', 'create-user', '--organisation', 'X'], { env, encoding: 'utf8' });
		expect(bad.status).toBe(2);
		expect(bad.stderr).toContain('--organisation, --username et --first-name sont obligatoires');

		const list = spawnSync(process.execPath, ['scripts/admin.js', 'list-organisations'], { env, encoding: 'utf8' });
		expect(list.stdout).toContain('Épicerie du Centre');
		expect(list.stdout).not.toContain('Quatre Saisons');
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});

test('nightly retention from the command line: npm run admin -- retention [--dry-run] prints one line per organisation', async () => {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-cli-'));
	const env = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', DATABASE_URL: '' };
	try {
		const admin = (...args: string[]) => spawnSync(process.execPath, ['scripts/admin.js', ...args], { env, encoding: 'utf8' });
		expect(admin('create-user', '--organisation', 'Épicerie du Centre', '--username', 'marie', '--first-name', 'Marie', '--role', 'manager').status).toBe(0);
		const dry = admin('retention', '--dry-run');
		expect(dry.status, dry.stderr).toBe(0);
		expect(dry.stdout).toMatch(/^Épicerie du Centre \(epicerie-du-centre[a-z0-9-]*\) : 0 dossier à anonymiser \(conservation 24 mois\)$/m);
		expect(dry.stdout).toContain('Essai sans rien changer : 0 dossier à anonymiser.');
		const run = admin('retention');
		expect(run.status, run.stderr).toBe(0);
		expect(run.stdout).toContain('Conservation appliquée : 0 dossier anonymisé.');
		const bad = admin('retention', '--dry-rn');
		expect(bad.status).toBe(2);
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});

test('the database being down gives a clear French page and a 503 health check, not a stack trace', async ({ request }) => {
	const port = await freePort();
	const deadPort = await freePort();
	const server = spawn(process.execPath, ['scripts/serve.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `postgres://nobody@127.0.0.1:${deadPort}/nothing` },
		stdio: 'pipe'
	});
	let log = '';
	server.stdout.on('data', (d) => (log += d));
	server.stderr.on('data', (d) => (log += d));
	try {
		const base = `http://127.0.0.1:${port}`;
		await expect.poll(async () => (await request.get(`${base}/healthz`).catch(() => null))?.status(), { timeout: 30_000 }).toBe(503);
		const page = await request.get(`${base}/connexion`);
		expect(page.status()).toBe(503);
		const html = await page.text();
		expect(html).toContain('La base de données ne répond pas');
		expect(html).not.toMatch(/at .*\.js:\d+/);
		const api = await request.get(`${base}/api/v1/me`);
		expect(api.status()).toBe(503);
		expect(await api.json()).toEqual({ error: { code: 'db_unavailable', message: expect.stringContaining('La base de données ne répond pas') } });
		expect(log).toContain('La base de données ne répond pas');
	} finally {
		server.kill('SIGTERM');
	}
});

/** The built server on its own PGlite data dir; resolves once /healthz answers 200. */
async function startOwnServer(dataDir: string) {
	const port = await freePort();
	const server = spawn(process.execPath, ['scripts/serve.js'], {
		env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1' },
		stdio: 'pipe'
	});
	const out = { log: '' };
	server.stdout.on('data', (d) => (out.log += d));
	server.stderr.on('data', (d) => (out.log += d));
	const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
	const base = `http://127.0.0.1:${port}`;
	await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
	return { server, base, out, exited };
}

test('SIGTERM: the server stops taking requests, CHECKPOINTs and closes PGlite, removes its lock and exits 0; the next start needs no recovery', async () => {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-stop-'));
	const env = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', DATABASE_URL: '' };
	const admin = (...args: string[]) => spawnSync(process.execPath, ['scripts/admin.js', ...args], { env, encoding: 'utf8' });
	try {
		expect(admin('create-user', '--organisation', 'Épicerie du Port', '--username', 'lea', '--first-name', 'Léa').status).toBe(0);
		const first = await startOwnServer(dataDir);
		expect(existsSync(path.join(dataDir, 'app.pid'))).toBe(true);
		// While the app runs, npm run admin refuses the data dir (one process at a time on PGlite).
		const busy = admin('list-organisations');
		expect(busy.status).toBe(1);
		expect(busy.stderr).toContain(`est déjà ouvert par le processus ${first.server.pid} : arrêtez-le d'abord`);
		// doctor does not fight the lock: it asks the running app's /healthz (exit 0 when nothing is in error).
		const port = new URL(first.base).port;
		const doctor = spawnSync(process.execPath, ['scripts/admin.js', 'doctor'], {
			env: { ...env, PORT: port, ORIGIN: 'https://epicerie.example' },
			encoding: 'utf8'
		});
		expect(doctor.status, doctor.stdout + doctor.stderr).toBe(0);
		expect(doctor.stdout).toContain(`OK        Base de données : L'application tourne (processus ${first.server.pid}) et sa base répond`);
		const noOrigin = spawnSync(process.execPath, ['scripts/admin.js', 'doctor'], { env: { ...env, PORT: port }, encoding: 'utf8' });
		expect(noOrigin.status).toBe(1);
		expect(noOrigin.stdout).toContain('ERREUR    HTTPS et adresse : Ni ORIGIN ni TRUST_PROXY');

		first.server.kill('SIGTERM');
		expect(await first.exited).toBe(0);
		expect(first.out.log).toContain('SIGTERM : arrêt demandé');
		expect(first.out.log).toContain('base de données fermée proprement');
		expect(existsSync(path.join(dataDir, 'app.pid'))).toBe(false);
		// pg_control says "shut down": nothing to replay at the next start.
		expect(pgliteState(path.join(dataDir, 'pglite'))).toBe('shut down');
		const list = admin('list-organisations');
		expect(list.status, list.stderr).toBe(0);
		expect(list.stdout).toContain('Épicerie du Port');
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});

test('kill -9: the data survives, the lock left behind is replaced, the next start recovers and serves', async () => {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-kill-'));
	const env = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', DATABASE_URL: '' };
	const admin = (...args: string[]) => spawnSync(process.execPath, ['scripts/admin.js', ...args], { env, encoding: 'utf8' });
	try {
		expect(admin('create-user', '--organisation', 'Épicerie du Port', '--username', 'lea', '--first-name', 'Léa').status).toBe(0);
		const first = await startOwnServer(dataDir);
		first.server.kill('SIGKILL');
		expect(await first.exited).toBe(null);
		expect(existsSync(path.join(dataDir, 'app.pid'))).toBe(true);
		expect(pgliteState(path.join(dataDir, 'pglite'))).toBe('in production');
		const second = await startOwnServer(dataDir);
		expect(second.out.log).toContain(`Ancien verrou app.pid ignoré : le processus ${first.server.pid} n'existe plus.`);
		second.server.kill('SIGTERM');
		expect(await second.exited).toBe(0);
		const list = admin('list-organisations');
		expect(list.status, list.stderr).toBe(0);
		expect(list.stdout).toContain('Épicerie du Port');
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});
