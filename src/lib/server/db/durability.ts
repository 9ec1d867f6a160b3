import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Making PGlite's writes reach the disk (see README "Ce qui survit à une coupure de courant" and
 * docs/architecture.md "Durability").
 *
 * PGlite runs PostgreSQL with fsync off (`-F` in its start parameters) on Emscripten's NODEFS, whose
 * writes go straight to the real files with `fs.writeSync` (so the operating system has them as soon as
 * a statement returns: a `kill -9` loses nothing) but which implements no fsync (PostgreSQL's fsync calls
 * would do nothing even with fsync on). Until the kernel writes its cache back (up to ~30 s on Linux),
 * a power cut can lose committed transactions — and, if it strikes while the data files and pg_control
 * are half written back in no particular order, leave a data dir PostgreSQL cannot recover.
 *
 * The flusher does, from outside, what PostgreSQL's fsync would have done: after a committed transaction
 * it fsyncs every file of the data dir written since the previous flush (WAL segments first, pg_control
 * last, then the folders whose entries changed). The transaction is answered only after that.
 */
export type FlushMode = 'files' | 'syncfs' | 'off';

/** Files changed within this margin before a flush started are flushed again (mtime has a coarse clock). */
const MTIME_MARGIN_MS = 1000;

interface Entry {
	file: string;
	dir: string;
	mtimeMs: number;
	isDir: boolean;
}

function walk(dir: string, out: Entry[]): void {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return;
	}
	for (const name of names) {
		const file = path.join(dir, name);
		let st;
		try {
			st = statSync(file);
		} catch {
			continue; // removed meanwhile (a recycled WAL segment)
		}
		if (st.isDirectory()) {
			out.push({ file, dir, mtimeMs: st.mtimeMs, isDir: true });
			walk(file, out);
		} else if (st.isFile()) out.push({ file, dir, mtimeMs: st.mtimeMs, isDir: false });
	}
}

function fsyncPath(file: string): void {
	let fd: number;
	try {
		fd = openSync(file, 'r');
	} catch {
		return; // removed meanwhile
	}
	try {
		fsyncSync(fd);
	} catch (e) {
		// Directories cannot be fsynced on some systems (EISDIR/EINVAL/EPERM on Windows): nothing more to do there.
		const code = (e as NodeJS.ErrnoException).code;
		if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw e;
	} finally {
		closeSync(fd);
	}
}

/** Order: the WAL before anything it protects, pg_control (the checkpoint's pointer) after the data. */
function rank(file: string): number {
	if (file.includes(`${path.sep}pg_wal${path.sep}`)) return 0;
	if (file.endsWith(`${path.sep}global${path.sep}pg_control`)) return 2;
	return 1;
}

/** fsyncs the files under `root` modified since `sinceMs` (all of them when 0) and the folders holding them. Returns their paths, in order. */
export function fsyncChanged(root: string, sinceMs: number): string[] {
	const entries: Entry[] = [{ file: root, dir: path.dirname(root), mtimeMs: statSync(root).mtimeMs, isDir: true }];
	walk(root, entries);
	const changed = entries.filter((e) => !e.isDir && e.mtimeMs >= sinceMs).sort((a, b) => rank(a.file) - rank(b.file));
	for (const e of changed) fsyncPath(e.file);
	// A folder's mtime changes when a file is created, renamed or removed in it: its entries must reach the disk too.
	const dirs = entries.filter((e) => e.isDir && e.mtimeMs >= sinceMs);
	for (const e of dirs) fsyncPath(e.file);
	return [...changed, ...dirs].map((e) => e.file);
}

/** `sync -f DIR`: syncfs(2) on the file system holding DIR (Linux, coreutils ≥ 8.24). Flushes everything dirty on that disk. */
export function syncfs(dir: string): void {
	const r = spawnSync('sync', ['-f', dir], { timeout: 60_000 });
	if (r.status !== 0) throw new Error(`sync -f ${dir} a échoué : ${r.stderr?.toString() || r.error?.message || r.status}`);
}

export interface Flusher {
	readonly mode: FlushMode;
	/**
	 * Makes everything written so far durable. Synchronous on purpose (like PGlite's own queries): no other
	 * request's statement can slip in between the commit and its flush.
	 */
	flush(): string[];
	/** Everything, whatever its date (after opening and after the closing checkpoint). */
	flushAll(): string[];
}

export function dataDirFlusher(root: string, mode: FlushMode): Flusher {
	let since = 0;
	const once = (all: boolean): string[] => {
		if (mode === 'off') return [];
		const started = Date.now();
		let flushed = [root];
		if (mode === 'syncfs') syncfs(root);
		else flushed = fsyncChanged(root, all ? 0 : since);
		since = started - MTIME_MARGIN_MS;
		return flushed;
	};
	return { mode, flush: () => once(false), flushAll: () => once(true) };
}

/** PGLITE_SYNC: `files` (default), `syncfs`, or `off` (as PGlite alone: a power cut may lose the last ~30 s). */
export function flushModeFromEnv(value = process.env.PGLITE_SYNC): FlushMode {
	return value === 'off' || value === 'syncfs' ? value : 'files';
}

/**
 * How PostgreSQL left a PGlite data dir, from global/pg_control (the `state` field, after the system
 * identifier and two version numbers): `shut down` after a clean close (nothing to replay), `in production`
 * while open or after a crash (the next start replays the WAL). Null when there is no data dir yet.
 */
export function pgliteState(pgdir: string): 'shut down' | 'in production' | 'other' | null {
	let control: Buffer;
	try {
		control = readFileSync(path.join(pgdir, 'global', 'pg_control'));
	} catch {
		return null;
	}
	if (control.length < 20) return 'other';
	const state = control.readUInt32LE(16); // DBState: 1 DB_SHUTDOWNED, 6 DB_IN_PRODUCTION (PostgreSQL's pg_control.h)
	return state === 1 ? 'shut down' : state === 6 ? 'in production' : 'other';
}
