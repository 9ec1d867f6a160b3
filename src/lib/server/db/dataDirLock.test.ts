// The DATA_DIR lock after a crash or a reboot (issue 11 item 3): only a live app on the same folder holds it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootId, claimDataDir, LOCK_FILE, processStart, readLock, releaseDataDir } from './dataDirLock';

let dir: string;
const children: ChildProcess[] = [];
const stale: string[] = [];
const claim = () => claimDataDir(dir, (r) => stale.push(r));
const lockFile = () => path.join(dir, LOCK_FILE);

/** Another live process that is not the app (what a pid is often given to after a reboot). */
function sleeper(): number {
	const child = spawn('sleep', ['60'], { stdio: 'ignore' });
	children.push(child);
	return child.pid!;
}

/** A child that takes the lock through the same code (dataDirLock.ts, transpiled as is), then waits. */
async function liveHolder(): Promise<ChildProcess> {
	const source = readFileSync(path.join(import.meta.dirname, 'dataDirLock.ts'), 'utf8');
	const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
	const file = path.join(dir, '..', `holder-${path.basename(dir)}.mjs`);
	writeFileSync(file, js + `\nclaimDataDir(${JSON.stringify(dir)});\nconsole.log('locked');\nsetInterval(() => {}, 1000);\n`);
	const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
	children.push(child);
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
		child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
	});
	return child;
}

beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-lock-'));
	stale.length = 0;
});
afterEach(() => {
	releaseDataDir();
	for (const c of children.splice(0)) c.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
	rmSync(path.join(dir, '..', `holder-${path.basename(dir)}.mjs`), { force: true });
});

describe('claimDataDir', () => {
	it('writes pid, boot id, start time and a token, whole, and removes the file on release', () => {
		claim();
		const lock = readLock(lockFile())!;
		expect(lock.pid).toBe(process.pid);
		expect(lock.start).toBe(processStart(process.pid));
		expect(lock.boot).toBe(bootId());
		expect(lock.token).toMatch(/^[0-9a-f]{32}$/);
		releaseDataDir();
		expect(existsSync(lockFile())).toBe(false);
	});

	it('an old pid file (a bare number) naming another live process that is not the app: the app opens', () => {
		writeFileSync(lockFile(), String(sleeper()));
		expect(() => claim()).not.toThrow();
		expect(readLock(lockFile())!.pid).toBe(process.pid);
		expect(stale[0]).toMatch(/n'est pas l'application \(sleep 60\)/);
	});

	it('a lock naming a live process whose start time differs (the pid was given again): the app opens', () => {
		const pid = sleeper();
		writeFileSync(lockFile(), JSON.stringify({ pid, boot: bootId(), start: '1', token: 'x'.repeat(32), command: 'node build' }));
		expect(() => claim()).not.toThrow();
		expect(stale).toEqual([`le numéro ${pid} appartient maintenant à un autre processus`]);
	});

	it('a lock written before a reboot (another boot id), even with the right start time: the app opens', () => {
		const pid = sleeper();
		writeFileSync(lockFile(), JSON.stringify({ pid, boot: 'another-boot', start: processStart(pid), token: 'y'.repeat(32) }));
		expect(() => claim()).not.toThrow();
		expect(stale).toEqual(bootId() ? ['la machine a redémarré depuis'] : []);
	});

	it('a dead pid, or a half-written file: the app opens', () => {
		writeFileSync(lockFile(), JSON.stringify({ pid: 2 ** 22 + 17, start: '5', boot: bootId() }));
		expect(() => claim()).not.toThrow();
		releaseDataDir();
		writeFileSync(lockFile(), '{"pid":12');
		expect(() => claim()).not.toThrow();
	});

	it('a live app holding the lock (another process, through the same code): refused with the French message, the lock untouched', async () => {
		const holder = await liveHolder();
		const before = readFileSync(lockFile(), 'utf8');
		expect(readLock(lockFile())!.pid).toBe(holder.pid);
		expect(() => claim()).toThrow(
			`le dossier ${dir} est déjà ouvert par le processus ${holder.pid} : arrêtez-le d'abord (PGlite n'accepte qu'un processus à la fois)`
		);
		expect(readFileSync(lockFile(), 'utf8')).toBe(before);
		// Once it is gone (crash: the file stays behind), the app opens.
		holder.kill('SIGKILL');
		await new Promise((r) => holder.once('exit', r));
		expect(existsSync(lockFile())).toBe(true);
		expect(() => claim()).not.toThrow();
		expect(stale).toEqual([`le processus ${holder.pid} n'existe plus`]);
	});
});
