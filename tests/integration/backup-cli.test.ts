import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { listBackups } from '$lib/server/backup';
import { backupCommand } from '$lib/server/cli/backup';

// `npm run admin -- backup | list-backups | restore FILE` (src/lib/server/cli/backup.ts), on the embedded
// database of a temporary DATA_DIR, as the command line runs them (the same function, in process).
const ENV = ['DATA_DIR', 'BACKUP_DIR', 'DATABASE_URL', 'SEED_DEMO'] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
let tmp = '';

beforeAll(() => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'epicerie-backup-cli-'));
	process.env.DATA_DIR = path.join(tmp, 'data');
	process.env.BACKUP_DIR = path.join(tmp, 'backups');
	delete process.env.DATABASE_URL;
});
afterAll(() => {
	for (const k of ENV) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
	rmSync(tmp, { recursive: true, force: true });
});

/** Runs a command, returning its exit code and what it printed (standard output and error together). */
async function run(command: string, ...args: string[]): Promise<{ code: number; out: string }> {
	const lines: string[] = [];
	const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
	const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
	try {
		return { code: await backupCommand(command, args), out: lines.join('\n') };
	} finally {
		log.mockRestore();
		error.mockRestore();
	}
}

describe('the backup commands', () => {
	test('backup, list-backups, then restore: refused without a terminal or with two files, done with --yes', async () => {
		const b = await run('backup');
		expect(b.code, b.out).toBe(0);
		expect(b.out).toMatch(/^Sauvegarde faite et vérifiée : .*sauvegarde-.*\.tar\.gz \(.*manuelle/);
		const [m] = listBackups(process.env.BACKUP_DIR!);
		expect(m).toMatchObject({ state: 'ok', reason: 'manual' });

		const list = await run('list-backups');
		expect(list.out).toContain(`OK     `);
		expect(list.out).toContain(m!.file!);

		const file = path.join(process.env.BACKUP_DIR!, m!.file!);
		expect(await run('restore', file, file)).toMatchObject({ code: 2 });
		// Tests run without a terminal: no OUI can be typed, and nothing is changed.
		expect(process.stdin.isTTY).toBeFalsy();
		const refused = await run('restore', file);
		expect(refused.code).toBe(2);
		expect(refused.out).toMatch(/Pas de terminal pour confirmer : relancez avec --yes/);
		expect(readdirSync(process.env.DATA_DIR!).filter((f) => f.startsWith('pglite'))).toEqual(['pglite']);

		const done = await run('restore', file, '--yes');
		expect(done.code, done.out).toBe(0);
		expect(done.out).toMatch(/Base actuelle mise de côté : .*pglite\.avant-restauration-/);
		expect(done.out).toMatch(/comme au moment de la sauvegarde/);
		expect(readdirSync(process.env.DATA_DIR!).filter((f) => f.startsWith('pglite.avant-restauration-'))).toHaveLength(1);
	});

	test('backup while the app holds the data folder: refused, pointing at the page and the API', async () => {
		const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
		try {
			writeFileSync(path.join(process.env.DATA_DIR!, 'app.pid'), String(holder.pid));
			const before = listBackups(process.env.BACKUP_DIR!).length;
			const r = await run('backup');
			expect(r.code).toBe(1);
			expect(r.out).toMatch(new RegExp(`processus ${holder.pid}`));
			expect(r.out).toMatch(/Sauvegarder maintenant.*POST \/api\/v1\/backups/);
			expect(listBackups(process.env.BACKUP_DIR!).length).toBe(before);
		} finally {
			holder.kill();
		}
		expect(existsSync(path.join(process.env.DATA_DIR!, 'pglite'))).toBe(true);
	});
});
