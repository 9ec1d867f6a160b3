import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	backupHealth,
	backupNow,
	checkPgliteArchive,
	checkPostgresArchive,
	lastGoodBackup,
	listBackups,
	planRestore,
	restoreBackup,
	startBackupSchedule,
	stopBackupSchedule
} from '$lib/server/backup';
import { openDatabase, type DatabaseHandle } from '$lib/server/db';
import { organisations } from '$lib/server/db/schema';
import { completeSale } from '$lib/server/till/sales';
import { closeTill } from '$lib/server/till/sessions';
import { snapshotTables } from '../helpers/db-snapshot';
import { MIGRATIONS_DIR, testDatabaseKind } from '../helpers/db';
import { expectAppError } from '../helpers/fixtures';
import { makeLot, makeShop, newKey } from '../helpers/till';

// Backups (issue 11, item 1) on the database the tests run on: embedded PGlite in a real folder, or
// PostgreSQL (node scripts/pg-test-server.js npx vitest run tests/integration/backup.test.ts).
const kind = testDatabaseKind();
const ENV = ['DATA_DIR', 'BACKUP_DIR', 'DATABASE_URL', 'BACKUP_INTERVAL_HOURS'] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
let tmp = '';
let backupDir = '';
const dropAfter: string[] = [];

beforeAll(() => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'epicerie-backup-test-'));
	backupDir = path.join(tmp, 'backups');
	process.env.DATA_DIR = path.join(tmp, 'data');
	process.env.BACKUP_DIR = backupDir;
	process.env.BACKUP_INTERVAL_HOURS = '0';
	delete process.env.DATABASE_URL;
});

afterAll(async () => {
	stopBackupSchedule();
	for (const k of ENV) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
	if (kind === 'postgres') {
		const admin = postgres(process.env.TEST_PG_URL!, { max: 1, onnotice: () => {} });
		for (const name of dropAfter) await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.end({ timeout: 5 });
	}
	rmSync(tmp, { recursive: true, force: true });
});

/** The "live" database, as the app runs it: PGlite in DATA_DIR/pglite, or a new PostgreSQL database named by DATABASE_URL. */
async function openLive(): Promise<DatabaseHandle> {
	if (kind === 'pglite') {
		const h = await openDatabase({ dataDir: path.join(process.env.DATA_DIR!, 'pglite') });
		await h.migrate(MIGRATIONS_DIR);
		return h;
	}
	if (!process.env.DATABASE_URL) {
		const name = `backup_${process.pid}_${randomBytes(4).toString('hex')}`;
		const admin = postgres(process.env.TEST_PG_URL!, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database "${name}"`);
		await admin.end({ timeout: 5 });
		dropAfter.push(name);
		const url = new URL(process.env.TEST_PG_URL!);
		url.pathname = '/' + name;
		process.env.DATABASE_URL = url.toString();
	}
	const h = await openDatabase({ url: process.env.DATABASE_URL, max: 2 });
	await h.migrate(MIGRATIONS_DIR);
	return h;
}

async function sell(h: DatabaseHandle, s: Awaited<ReturnType<typeof makeShop>>, lotId: string, quantity: number) {
	return completeSale(h.db, s.operator, s.point, {
		idempotencyKey: newKey(),
		customer: s.household.card,
		lines: [{ lot: lotId, quantity }],
		payments: [{ method: 'card', amountCents: Math.round(quantity * 250 * 0.2) }]
	});
}

describe(`backups on ${kind}`, () => {
	test('back up, change data, restore: exactly the backed-up state comes back (and the replaced data is kept aside)', async () => {
		let h = await openLive();
		const s = await makeShop(h.db);
		const lot = await makeLot(h.db, s.operator, s.product.id, s.origin.id, 20);
		await sell(h, s, lot.id, 2);
		const before = await snapshotTables(h.db);

		const m = await backupNow('manual', { handle: h });
		expect(m, m.error).toMatchObject({ state: 'ok', reason: 'manual', database: kind });
		expect(m.file).toMatch(kind === 'pglite' ? /^sauvegarde-.*\.tar\.gz$/ : /^sauvegarde-.*\.dump$/);
		expect(m.tables?.sales).toBe(1);
		expect(m.migrations).toBeGreaterThan(0);
		expect(existsSync(path.join(backupDir, m.file!))).toBe(true);
		expect(listBackups(backupDir)[0]?.name).toBe(m.name);

		// The shop goes on: another sale, the till closed, an organisation added.
		await sell(h, s, lot.id, 3);
		await closeTill(h.db, s.operator, s.point, { counted: { card: 200 } });
		await h.db.insert(organisations).values({ name: 'Autre', slug: `autre-${randomBytes(3).toString('hex')}` });
		const after = await snapshotTables(h.db);
		expect(after).not.toEqual(before);

		if (kind === 'postgres') {
			// The app is connected: restore refuses and changes nothing.
			const e = await expectAppError(planRestore(path.join(backupDir, m.file!)), 'restore_refused', 409);
			expect(e.message).toMatch(/autre\(s\) connexion\(s\)/);
		}
		await h.close();

		const plan = await planRestore(path.join(backupDir, m.file!));
		expect(plan.lines.join('\n')).toMatch(/somme de contrôle vérifiée/);
		const done = await restoreBackup(plan, new Date('2026-12-01T18:30:00Z'));
		expect(done.join('\n')).toMatch(/comme au moment de la sauvegarde/);

		h = await openLive();
		try {
			expect(await snapshotTables(h.db)).toEqual(before);
		} finally {
			await h.close();
		}
		if (kind === 'pglite') {
			const aside = path.join(process.env.DATA_DIR!, 'pglite.avant-restauration-2026-12-01-19h30m00');
			expect(done.join('\n')).toContain(aside);
			const old = await openDatabase({ dataDir: aside });
			try {
				expect(await snapshotTables(old.db)).toEqual(after);
			} finally {
				await old.close();
			}
		}
	});

	test('a till closing backs up on its own once backups are started, and the home health says so', async () => {
		const h = await openLive();
		try {
			rmSync(backupDir, { recursive: true, force: true });
			expect(backupHealth()).toMatchObject({ ok: false, problem: 'no_backup', lastGoodAt: null });
			startBackupSchedule(h);
			const s = await makeShop(h.db);
			await closeTill(h.db, s.operator, s.point, { counted: {} });
			await expect.poll(() => listBackups(backupDir).map((b) => `${b.reason}:${b.state}`), { timeout: 20_000, interval: 100 }).toEqual(['closing:ok']);
			const health = backupHealth();
			expect(health).toMatchObject({ ok: true, problem: 'none' });
			expect(Date.now() - health.lastGoodAt!.getTime()).toBeLessThan(60_000);
			// A day later, the same backup is too old.
			expect(backupHealth(new Date(Date.now() + 25 * 3600_000))).toMatchObject({ ok: false, problem: 'too_old' });
		} finally {
			stopBackupSchedule();
			await h.close();
		}
	});

	test('a failed backup is recorded with its reason (in French) and never counts as the last good one', async () => {
		const good = lastGoodBackup(backupDir)!;
		expect(good).not.toBeNull();
		const h = await openLive();
		const path0 = process.env.PATH;
		let m;
		try {
			if (kind === 'postgres')
				process.env.PATH = tmp; // no pg_dump to be found
			else await h.close(); // the embedded database is gone
			m = await backupNow('automatic', { handle: h });
		} finally {
			process.env.PATH = path0;
			if (kind === 'postgres') await h.close();
		}
		expect(m).toMatchObject({ state: 'failed', file: null, reason: 'automatic' });
		expect(m.error).toMatch(kind === 'postgres' ? /pg_dump n'est pas installé sur ce serveur.*postgresql-client/ : /^la base n'a pas pu être copiée \(/);
		expect(listBackups(backupDir)[0]?.name).toBe(m.name);
		expect(lastGoodBackup(backupDir)?.name).toBe(good.name);
		expect(backupHealth()).toMatchObject({ ok: true, lastFailure: m.error });
		expect(readdirSync(backupDir).filter((f) => f.startsWith(m.name))).toEqual([`${m.name}.json`]);
	});

	test('a damaged backup file is refused before anything is touched', async () => {
		const m = listBackups(backupDir).find((b) => b.state === 'ok')!;
		const file = path.join(backupDir, m.file!.replace('sauvegarde-', 'sauvegarde-abimee-'));
		const bytes = readFileSync(path.join(backupDir, m.file!));
		bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
		writeFileSync(file, bytes);
		writeFileSync(
			file.replace(/(\.tar\.gz|\.dump)$/, '.json'),
			JSON.stringify({ ...m, name: m.name.replace('sauvegarde-', 'sauvegarde-abimee-'), file: path.basename(file) })
		);
		const dataDir = process.env.DATA_DIR!;
		const before = existsSync(dataDir) ? readdirSync(dataDir).filter((f) => f !== 'app.pid') : [];
		const e = await expectAppError(planRestore(file), 'restore_refused', 409);
		expect(e.message).toMatch(/abîmé.*somme de contrôle/);
		expect(existsSync(dataDir) ? readdirSync(dataDir).filter((f) => f !== 'app.pid') : []).toEqual(before);
	});

	test('the check after writing catches an archive that does not hold what was counted', async () => {
		const m = listBackups(backupDir).find((b) => b.state === 'ok' && !b.name.includes('abimee'))!;
		const full = path.join(backupDir, m.file!);
		const good = readFileSync(full);
		const truncated = path.join(tmp, `tronque-${m.file}`);
		writeFileSync(truncated, good.subarray(0, Math.floor(good.length / 3)));
		if (kind === 'pglite') {
			// Counts that the file does not have (as if a row had been written between counting and dumping).
			expect(await checkPgliteArchive(full, { ...m.tables!, sales: m.tables!.sales! + 1 })).toMatch(
				/la table sales a \d+ ligne\(s\) dans le fichier au lieu de \d+/
			);
			expect(await checkPgliteArchive(truncated, m.tables!)).toMatch(/^vérification : .*incomplet ou abîmé/);
		} else {
			expect(await checkPostgresArchive(full, { ...m.tables!, table_absente: 1 })).toMatch(/les données de table_absente manquent/);
			expect(await checkPostgresArchive(truncated, m.tables!)).toMatch(/^vérification : pg_restore a échoué/);
		}
	});
});

if (kind === 'pglite') {
	test('a backup file copied without its manifest can still be restored (it opens), with a warning', async () => {
		const m = listBackups(backupDir).find((b) => b.state === 'ok' && !b.name.includes('abimee'))!;
		const alone = path.join(tmp, 'cle-usb', m.file!);
		mkdirSync(path.dirname(alone), { recursive: true });
		copyFileSync(path.join(backupDir, m.file!), alone);
		const plan = await planRestore(alone);
		expect(plan.manifest).toBeNull();
		expect(plan.lines[0]).toMatch(/^Attention : pas de fiche .*\.json à côté du fichier/);
	});

	test('restore refuses while a live process holds the data folder', async () => {
		const dataDir = process.env.DATA_DIR!;
		const m = listBackups(backupDir).find((b) => b.state === 'ok' && !b.name.includes('abimee'))!;
		// Another live process (as the running app would be) holds DATA_DIR/app.pid.
		const holder: ChildProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
		try {
			writeFileSync(path.join(dataDir, 'app.pid'), String(holder.pid));
			const before = readdirSync(dataDir).sort();
			const e = await expectAppError(planRestore(path.join(backupDir, m.file!)), 'restore_refused', 409);
			expect(e.message).toMatch(new RegExp(`processus ${holder.pid}.*Arrêtez l'application`));
			expect(readdirSync(dataDir).sort()).toEqual(before);
			expect(readFileSync(path.join(dataDir, 'app.pid'), 'utf8')).toBe(String(holder.pid));
		} finally {
			holder.kill();
		}
	});
}
