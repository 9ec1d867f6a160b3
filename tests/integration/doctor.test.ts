// `npm run admin -- doctor` (issue 11 item 5): on a good setup every check passes (exit code 0); on broken
// ones the French sentence says what to fix and the exit code is 1. Runs the real checks on a PGlite data
// dir made by the app's own migrations (and an unreachable PostgreSQL).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '$lib/server/db';
import { organisations } from '$lib/server/db/schema';
import { backupNow } from '$lib/server/backup';
import { formatDoctor, runDoctor, type DoctorReport } from '$lib/server/ops/doctor';

const KEYS = [
	'DATA_DIR',
	'DATABASE_URL',
	'ORIGIN',
	'TRUST_PROXY',
	'SEED_DEMO',
	'MIGRATIONS_DIR',
	'NODE_ENV',
	'TZ',
	'PGLITE_SYNC',
	'BACKUP_DIR',
	'BACKUP_INTERVAL_HOURS'
] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
let dataDir: string;
let backupDir: string;

function setEnv(values: Partial<Record<(typeof KEYS)[number], string>>) {
	for (const k of KEYS) delete process.env[k];
	Object.assign(process.env, { DATA_DIR: dataDir, BACKUP_DIR: backupDir, SEED_DEMO: 'false', ORIGIN: 'https://epicerie.example', ...values });
}
const find = (r: DoctorReport, label: string) => r.results.find((x) => x.label === label)!;

beforeAll(async () => {
	dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-doctor-'));
	const h = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
	await h.migrate(path.resolve('drizzle'));
	await h.db.insert(organisations).values({ name: 'Épicerie du Port', slug: 'epicerie-du-port', settings: { timeZone: 'Europe/Paris' } });
	// A good setup has a recent, checked backup.
	backupDir = path.join(dataDir, 'sauvegardes');
	expect((await backupNow('manual', { handle: h, dir: backupDir })).state).toBe('ok');
	await h.close();
});
afterEach(() => {
	for (const k of KEYS) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('doctor', () => {
	it('a good setup: every check ok, exit code 0, "Tout va bien."', async () => {
		setEnv({ NODE_ENV: 'production', TZ: 'Europe/Paris' });
		const r = await runDoctor();
		expect(r.results.filter((x) => x.status !== 'ok')).toEqual([]);
		expect(r.exitCode).toBe(0);
		expect(find(r, 'Base de données').message).toBe(`PGlite (${dataDir}) s'ouvre.`);
		expect(find(r, 'Migrations').message).toBe('Toutes les migrations sont appliquées.');
		expect(find(r, 'HTTPS et adresse').message).toBe('ORIGIN=https://epicerie.example.');
		expect(find(r, 'Fuseaux horaires').message).toBe('Fuseau valide pour l’organisation.');
		expect(find(r, 'Arrêt précédent').message).toBe('La base a été fermée proprement.');
		expect(find(r, 'Sauvegardes récentes').message).toBe(`La dernière sauvegarde réussie a moins d'un jour (${backupDir}).`);
		expect(formatDoctor(r)).toMatch(/\nTout va bien\.$/);
	});

	it('backups: none yet is a warning; the last good one older than a day is an error', async () => {
		const empty = mkdtempSync(path.join(os.tmpdir(), 'epicerie-doctor-backups-'));
		try {
			setEnv({ BACKUP_DIR: empty, BACKUP_INTERVAL_HOURS: '6' });
			let r = await runDoctor();
			expect(find(r, 'Sauvegardes récentes')).toMatchObject({ status: 'warning' });
			expect(find(r, 'Sauvegardes récentes').message).toMatch(
				/^Pas encore de sauvegarde réussie dans .* : l'application en fait une à chaque fermeture de caisse et toutes les 6 heures/
			);
			expect(r.exitCode).toBe(0);
			// A backup of two days ago, as its manifest says.
			for (const f of readdirSync(backupDir)) cpSync(path.join(backupDir, f), path.join(empty, f));
			const manifest = readdirSync(empty).find((f) => f.endsWith('.json'))!;
			const data = JSON.parse(readFileSync(path.join(empty, manifest), 'utf8')) as { createdAt: string };
			data.createdAt = new Date(Date.now() - 49 * 3600_000).toISOString();
			writeFileSync(path.join(empty, manifest), JSON.stringify(data));
			r = await runDoctor();
			expect(find(r, 'Sauvegardes récentes')).toMatchObject({ status: 'error' });
			expect(find(r, 'Sauvegardes récentes').message).toMatch(/^Sauvegardes : la dernière sauvegarde réussie date de 49 heures \(plus d'un jour\)/);
			expect(r.exitCode).toBe(1);
		} finally {
			rmSync(empty, { recursive: true, force: true });
		}
	});

	it('no ORIGIN and no TRUST_PROXY: an error saying to set one; behind a proxy (TRUST_PROXY=true) it passes', async () => {
		setEnv({ ORIGIN: '' });
		const r = await runDoctor();
		expect(find(r, 'HTTPS et adresse')).toEqual({
			label: 'HTTPS et adresse',
			status: 'error',
			message:
				"Ni ORIGIN ni TRUST_PROXY : indiquez l'adresse publique du site (ORIGIN=https://epicerie.exemple.fr) ou, derrière un proxy HTTPS, TRUST_PROXY=true (docs/deployment.md)."
		});
		expect(r.exitCode).toBe(1);
		expect(formatDoctor(r)).toContain('ERREUR    HTTPS et adresse : Ni ORIGIN ni TRUST_PROXY');
		setEnv({ ORIGIN: '', TRUST_PROXY: 'true' });
		expect((await runDoctor()).exitCode).toBe(0);
	});

	it('a migration under drizzle/ not applied to the database: an error naming it', async () => {
		const migrations = mkdtempSync(path.join(os.tmpdir(), 'epicerie-doctor-migrations-'));
		try {
			cpSync(path.resolve('drizzle'), migrations, { recursive: true });
			const journalFile = path.join(migrations, 'meta', '_journal.json');
			const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
			journal.entries.push({ ...journal.entries.at(-1)!, idx: journal.entries.length, when: Date.now(), tag: '0099_future' });
			writeFileSync(journalFile, JSON.stringify(journal));
			writeFileSync(path.join(migrations, '0099_future.sql'), 'select 1;');
			setEnv({ MIGRATIONS_DIR: migrations });
			const r = await runDoctor();
			expect(find(r, 'Migrations')).toMatchObject({
				status: 'error',
				message: "Une migration n’est pas appliquée (0099_future) : démarrez l'application, elle les applique au démarrage."
			});
			expect(r.exitCode).toBe(1);
		} finally {
			rmSync(migrations, { recursive: true, force: true });
		}
	});

	it('an unreachable DATABASE_URL: the database and the checks that need it in error, exit code 1', async () => {
		const port = await new Promise<number>((resolve) => {
			const s = net.createServer().listen(0, '127.0.0.1', () => {
				const p = (s.address() as net.AddressInfo).port;
				s.close(() => resolve(p));
			});
		});
		setEnv({ DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/nothing` });
		const r = await runDoctor();
		expect(find(r, 'Base de données').status).toBe('error');
		expect(find(r, 'Base de données').message).toMatch(
			/^La base PostgreSQL ne répond pas \(DATABASE_URL\) : .+\. Vérifiez que le serveur PostgreSQL tourne et que DATABASE_URL \(hôte, port, nom, mot de passe\) est juste\.$/
		);
		expect(find(r, 'Migrations').message).toBe('Migrations non vérifiées : la base de données ne répond pas.');
		expect(r.exitCode).toBe(1);
	});

	it('an organisation with an unknown time zone, demo data on in production, PGLITE_SYNC=off: named, with what to do', async () => {
		const h = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
		await h.db.insert(organisations).values({ name: 'Épicerie de Mars', slug: 'epicerie-de-mars', settings: { timeZone: 'Mars/Olympus' } });
		await h.close();
		setEnv({ SEED_DEMO: 'true', NODE_ENV: 'production', PGLITE_SYNC: 'off' });
		const r = await runDoctor();
		expect(find(r, 'Fuseaux horaires')).toMatchObject({
			status: 'error',
			message:
				"Fuseau horaire inconnu pour Épicerie de Mars (« Mars/Olympus ») : choisissez-le dans Réglages de l'organisation (sinon Europe/Paris est utilisé)."
		});
		expect(find(r, 'Démonstration')).toMatchObject({ status: 'warning', message: expect.stringContaining('mettez SEED_DEMO=false') });
		expect(find(r, 'Écritures sur le disque')).toMatchObject({ status: 'warning', message: expect.stringContaining('PGLITE_SYNC=off') });
		expect(r.exitCode).toBe(1);
	});
});
