import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const DEMO_PASSWORD = 'quatre-saisons';

/** No WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
	expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/connexion');
	await page.getByLabel('Identifiant').fill(username);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Bonjour');
}

/** A new browser context (its own cookies: a separate tablet or computer). */
export async function newDevice(browser: Browser, baseURL: string | undefined, options: Parameters<Browser['newContext']>[0] = {}) {
	const context = await browser.newContext({ ...options, baseURL, locale: 'fr-FR' });
	return { context, page: await context.newPage() };
}

/** Signs a supervisor in on a fresh context and enrols it as a tablet; returns the tablet page on "Prendre la caisse". */
export async function enrolTablet(page: Page, name: string, supervisor = 'nadia'): Promise<void> {
	await signIn(page, supervisor);
	await page.goto('/appareils');
	await page.getByLabel('Nom de la tablette').fill(name);
	await page.getByRole('button', { name: 'Enregistrer cette tablette' }).click();
	await expect(page).toHaveURL(/\/tablette$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Qui êtes-vous ?');
}

/** On the tablet's "who are you" screen: taps the person, then the PIN digits on the keypad, then OK. */
export async function takeTillWithPin(page: Page, firstName: string, pin: string): Promise<void> {
	await page.getByRole('link', { name: new RegExp(`^${firstName}`) }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${firstName}, tapez votre code PIN`);
	// The keypad's buttons do nothing until the page is live: tap again until the PIN field holds the code.
	const field = page.getByLabel('Code PIN', { exact: true });
	await expect(async () => {
		await field.fill('');
		for (const d of pin) await page.getByRole('button', { name: d, exact: true }).click();
		await expect(field).toHaveValue(pin, { timeout: 1_000 });
	}).toPass({ timeout: 15_000 });
	await page.getByRole('button', { name: 'Valider le code' }).click();
	// Checking a PIN (argon2id) takes a while on a busy machine.
	await expect(page).not.toHaveURL(/\/tablette/, { timeout: 30_000 });
}

/** A USB scanner is a keyboard: fast keystrokes into the focused field, then Enter. */
export async function scan(page: Page, label: string, code: string): Promise<void> {
	const field = page.getByLabel(label, { exact: true });
	// Keystrokes typed while the page is still becoming live can be lost (the field is drawn again, or the
	// focus moves): on a slow machine the field then held part of the code ("Ce n'est pas une étiquette de
	// lot"). Type again until the field holds the whole code, then Enter, as a scanner ends its code.
	await expect(async () => {
		await field.fill('');
		await field.focus();
		await page.keyboard.type(code, { delay: 5 });
		await expect(field).toHaveValue(code, { timeout: 1_000 });
	}).toPass({ timeout: 15_000 });
	await page.keyboard.press('Enter');
}

/** A free local port for a server of a test's own. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}

/**
 * A fresh install of a test's own, whatever the other tests did on the shared server: an empty
 * database (no demo), the given people created with the admin CLI (each in their organisation, all with
 * `password`), and the built server on a free port. `stop()` ends the server and removes its data.
 */
export async function ownInstall(
	people: { organisation: string; username: string; role: string }[],
	password: string
): Promise<{ base: string; stop: () => Promise<void> }> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-own-'));
	const env = { ...process.env, DATA_DIR: dataDir, BACKUP_DIR: path.join(dataDir, 'sauvegardes'), SEED_DEMO: 'false', DATABASE_URL: '' };
	for (const p of people) {
		const r = spawnSync(
			process.execPath,
			[
				'scripts/admin.js',
				'create-user',
				'--organisation',
				p.organisation,
				'--username',
				p.username,
				'--first-name',
				p.username,
				'--role',
				p.role,
				'--password',
				password
			],
			{ env, encoding: 'utf8' }
		);
		expect(r.status, r.stderr).toBe(0);
	}
	const port = await freePort();
	const server = spawn(process.execPath, ['scripts/serve.js'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
	const base = `http://127.0.0.1:${port}`;
	const stop = async () => {
		server.kill('SIGTERM');
		await new Promise((r) => setTimeout(r, 500));
		rmSync(dataDir, { recursive: true, force: true });
	};
	try {
		await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status, { timeout: 30_000 }).toBe(200);
	} catch (e) {
		await stop();
		throw e;
	}
	return { base, stop };
}

/** Creates an API token on the "Jetons d'API" page with one role, and returns it. */
export async function makeToken(page: Page, name: string, role: string): Promise<string> {
	await page.goto('/jetons-api');
	await page.getByLabel('Nom du jeton').fill(name);
	await page.getByRole('checkbox', { name: role }).check();
	await page.getByRole('button', { name: 'Créer le jeton' }).click();
	const token = await page.getByLabel('Jeton', { exact: true }).inputValue();
	expect(token).toMatch(/^esk_/);
	return token;
}

/** Where a test's screenshots for people to look at go: test-results/screens/<name>.png (not committed). */
/**
 * The backups folder of the shared test server of a project ('tablet' or 'phone'): beside its DATA_DIR
 * (playwright.config.ts), named by the run (E2E_RUN, set once by the config and inherited by the workers).
 */
export const e2eBackupDir = (project: string): string => path.join(os.tmpdir(), `epicerie-e2e-${project}-${process.env.E2E_RUN}-sauvegardes`);

export const screenPath = (name: string): string => path.join('test-results', 'screens', `${name}.png`);
