import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The lock on DATA_DIR: PGlite is one process's database, two processes opening the same folder would
 * corrupt it. The holder writes `DATA_DIR/app.pid`:
 *
 *     {"pid":1234,"boot":"<boot id>","start":"<start time>","token":"<random>","command":"node …"}
 *
 * A lock is held only while the process it names is the very process that wrote it. It is stale, and
 * replaced, when
 *   - the machine rebooted since (`boot` differs from /proc/sys/kernel/random/boot_id), or
 *   - the pid is dead, or
 *   - the process now running under that pid started at another time (/proc/<pid>/stat field 22, in
 *     clock ticks since boot; elsewhere `ps -o lstart=`), i.e. the number was given to someone else.
 * A pid file in the old format (just a number) or a lock written where the start time cannot be read is
 * kept only if the live process under that pid is a Node process (its command line, from /proc or `ps`).
 * Without /proc nor `ps` (Windows), only "is the pid alive" is left: delete app.pid by hand after a crash
 * if the app refuses to start (the message names the file).
 *
 * The file is written whole (temporary file, fsync, then link/rename), so a crash never leaves half a lock.
 */
export const LOCK_FILE = 'app.pid';

export interface LockInfo {
	pid: number;
	boot?: string;
	start?: string;
	token?: string;
	command?: string;
}

const procAvailable = () => existsSync('/proc/self/stat');

export function bootId(): string | undefined {
	try {
		return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
	} catch {
		return undefined;
	}
}

function ps(pid: number, field: string): string | undefined {
	if (process.platform === 'win32') return undefined;
	try {
		const r = spawnSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
		return r.status === 0 ? r.stdout.trim() || undefined : undefined;
	} catch {
		return undefined;
	}
}

/** When the process started: /proc/<pid>/stat field 22 (clock ticks since boot), or `ps -o lstart=`. */
export function processStart(pid: number): string | undefined {
	if (procAvailable()) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			// Field 2 (the command) is in parentheses and may hold spaces: count from the last ')'.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			return fields[22 - 3];
		} catch {
			return undefined;
		}
	}
	return ps(pid, 'lstart');
}

/** The process's command line, or undefined when it cannot be read. */
export function processCommand(pid: number): string | undefined {
	if (procAvailable()) {
		try {
			return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() || undefined;
		} catch {
			return undefined;
		}
	}
	return ps(pid, 'command');
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Reads app.pid: the JSON lock, or the old format (a bare pid). Null when absent or unreadable. */
export function readLock(file: string): LockInfo | null {
	let text: string;
	try {
		text = readFileSync(file, 'utf8').trim();
	} catch {
		return null;
	}
	if (/^\d+$/.test(text)) return { pid: Number(text) };
	try {
		const v = JSON.parse(text) as Partial<LockInfo>;
		if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0) return v as LockInfo;
	} catch {
		/* half-written or foreign: stale */
	}
	return null;
}

/** A Node process: the program (first word of the command line) is node, nodejs or node.exe. */
const isNode = (command: string) => /^(node|nodejs)(\.exe)?$/i.test(path.basename(command.split(' ')[0] ?? ''));

/** Why this lock no longer protects anything (a sentence for the log), or null when its holder is alive. */
export function staleReason(lock: LockInfo): string | null {
	const boot = bootId();
	if (lock.boot && boot && lock.boot !== boot) return 'la machine a redémarré depuis';
	if (!isAlive(lock.pid)) return `le processus ${lock.pid} n'existe plus`;
	const start = processStart(lock.pid);
	if (lock.start && start) return lock.start === start ? null : `le numéro ${lock.pid} appartient maintenant à un autre processus`;
	const command = processCommand(lock.pid);
	if (command !== undefined && !isNode(command)) return `le processus ${lock.pid} n'est pas l'application (${command.slice(0, 60)})`;
	return null;
}

function writeAtomically(dir: string, file: string, content: string, replace: boolean): void {
	const tmp = path.join(dir, `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
	const fd = openSync(tmp, 'wx', 0o644);
	try {
		writeFileSync(fd, content);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
	try {
		// link() fails if a lock appeared meanwhile (two processes starting at once); rename() replaces a stale one.
		if (replace) renameSync(tmp, file);
		else linkSync(tmp, file);
	} finally {
		if (!replace) unlinkSync(tmp);
	}
	try {
		const d = openSync(dir, 'r');
		try {
			fsyncSync(d);
		} finally {
			closeSync(d);
		}
	} catch {
		/* directories cannot be fsynced everywhere (Windows) */
	}
}

export class DataDirLockedError extends Error {
	constructor(
		readonly dir: string,
		readonly pid: number
	) {
		super(`le dossier ${dir} est déjà ouvert par le processus ${pid} : arrêtez-le d'abord (PGlite n'accepte qu'un processus à la fois)`);
	}
}

let held: { file: string; token: string } | null = null;

/**
 * Takes the lock on `dir` for this process, replacing a stale one (see above). Throws DataDirLockedError
 * (French message) while another live app holds it. `onStale` hears why an old lock was replaced.
 */
export function claimDataDir(dir: string, onStale: (reason: string) => void = (r) => console.warn(`Ancien verrou ${LOCK_FILE} ignoré : ${r}.`)): void {
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, LOCK_FILE);
	const token = held?.file === file ? held.token : randomBytes(16).toString('hex');
	const mine: LockInfo = { pid: process.pid, boot: bootId(), start: processStart(process.pid), token, command: process.argv.slice(0, 3).join(' ') };
	const content = JSON.stringify(mine) + '\n';
	for (let attempt = 0; attempt < 3; attempt++) {
		const current = readLock(file);
		if (existsSync(file)) {
			if (current && current.pid !== process.pid) {
				const reason = staleReason(current);
				if (reason === null) throw new DataDirLockedError(dir, current.pid);
				onStale(reason);
			}
			writeAtomically(dir, file, content, true);
		} else {
			try {
				writeAtomically(dir, file, content, false);
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
				throw e;
			}
		}
		// Two processes replacing the same stale lock at once: the last rename wins, the other sees it.
		if (readLock(file)?.token === token) {
			if (!held) process.once('exit', () => releaseDataDir());
			held = { file, token };
			return;
		}
	}
	const other = readLock(file);
	throw new DataDirLockedError(dir, other?.pid ?? 0);
}

/** Gives the lock back (removes app.pid if it is still ours). Safe to call twice. */
export function releaseDataDir(): void {
	if (!held) return;
	const { file, token } = held;
	held = null;
	try {
		if (readLock(file)?.token === token) unlinkSync(file);
	} catch {
		/* already gone */
	}
}
