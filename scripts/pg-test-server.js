#!/usr/bin/env node
// A throw-away PostgreSQL server for the integration tests.
//
//   import { findPostgres, startTestPostgres } from './pg-test-server.js';
//   const server = await startTestPostgres();   // server.url → postgres://postgres@127.0.0.1:PORT/postgres
//   …
//   await server.stop();                          // stops it and removes its folder
//
// Run alone, it starts a server, runs a command with TEST_DB=postgres and TEST_PG_URL set, then stops it:
//
//   node scripts/pg-test-server.js npx vitest run --project integration
//   node scripts/pg-test-server.js            (no command: prints the URL and waits for Ctrl-C)
//
// The server lives in a temporary folder under the system temp dir (data, socket, log), listens on
// 127.0.0.1 on a free port, trusts local connections, and runs with fsync off (tests only). As root it
// runs as the `postgres` user (initdb refuses root), through runuser.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const isExecutable = (file) => {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
};

/** Compares "15", "16.2"… as versions, highest first. */
const byVersionDesc = (a, b) => {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pb[i] ?? 0) - (pa[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
};

/**
 * The folder holding initdb, pg_ctl and postgres: initdb found on PATH (symlinks resolved), else the
 * newest /usr/lib/postgresql/<version>/bin. Null when PostgreSQL is not installed.
 */
export function findPostgres() {
	const candidates = [];
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (dir && isExecutable(path.join(dir, 'initdb'))) candidates.push(path.dirname(realpathSync(path.join(dir, 'initdb'))));
	}
	const root = '/usr/lib/postgresql';
	if (existsSync(root)) {
		for (const v of readdirSync(root).sort(byVersionDesc)) candidates.push(path.join(root, v, 'bin'));
	}
	for (const dir of candidates) {
		if (['initdb', 'pg_ctl', 'postgres'].every((b) => isExecutable(path.join(dir, b)))) return dir;
	}
	return null;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

function canConnect(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs a PostgreSQL program, as the postgres user when we are root. Throws with its output on failure. */
function runAs(user, file, args, opts = {}) {
	const [cmd, argv] = user ? ['runuser', ['-u', user, '--', file, ...args]] : [file, args];
	// Run from / so that the postgres user never has to enter the caller's (maybe private) folder.
	const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: '/', ...opts });
	if (r.error) throw r.error;
	if (r.status !== 0) {
		throw new Error(`${path.basename(file)} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
	}
	return r;
}

/**
 * Starts a fresh server. Resolves to { url, port, dir, binDir, stop() } once it accepts connections.
 * stop() is idempotent and synchronous-safe (it is also called from signal and exit handlers).
 */
export async function startTestPostgres({ log = (msg) => console.log(msg) } = {}) {
	const binDir = findPostgres();
	if (!binDir) throw new Error('PostgreSQL is not installed (no initdb on PATH nor in /usr/lib/postgresql/*/bin)');
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const user = asRoot ? 'postgres' : null;

	// Under /tmp (world-traversable) rather than $TMPDIR, which may sit in a folder postgres cannot enter.
	const tmpRoot = process.env.TEST_PG_TMPDIR || (existsSync('/tmp') ? '/tmp' : os.tmpdir());
	const dir = mkdtempSync(path.join(tmpRoot, 'epicerie-pg-'));
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(dir, 'server.log');
	let started = false;
	let stopped = false;

	const stop = () => {
		if (stopped) return;
		stopped = true;
		if (started) {
			try {
				runAs(user, path.join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'], { stdio: 'pipe' });
			} catch {
				// pg_ctl could not stop it: end the postmaster by the pid it wrote.
				try {
					const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
					if (pid > 0) process.kill(pid, 'SIGQUIT');
				} catch {
					/* already gone */
				}
			}
		}
		rmSync(dir, { recursive: true, force: true });
	};

	try {
		if (asRoot) {
			const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
			const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
			chownSync(dir, uid, gid);
		}
		log(`PostgreSQL: ${binDir}, temporary folder ${dir}`);
		runAs(user, path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
			stdio: 'pipe'
		});

		let port = 0;
		for (let attempt = 0; attempt < 5 && !started; attempt++) {
			port = await freePort();
			const options = [
				`-p ${port}`,
				`-k ${dir}`,
				`-c listen_addresses=127.0.0.1`,
				'-c fsync=off',
				'-c synchronous_commit=off',
				'-c full_page_writes=off',
				'-c max_connections=200',
				'-c shared_buffers=64MB'
			].join(' ');
			try {
				runAs(user, path.join(binDir, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start'], { stdio: 'pipe' });
				started = true;
			} catch (e) {
				// Most likely the port was taken meanwhile: try another one.
				if (attempt === 4) throw e;
			}
		}

		// pg_ctl -w already waited; make sure the TCP port answers too (pg_isready when present).
		const isReady = path.join(binDir, 'pg_isready');
		for (let i = 0; ; i++) {
			const ok = isExecutable(isReady)
				? spawnSync(isReady, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q'], { cwd: '/' }).status === 0
				: await canConnect(port);
			if (ok) break;
			if (i >= 100) throw new Error(`PostgreSQL did not become ready on port ${port}:\n${safeRead(logFile)}`);
			await sleep(100);
		}
		const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
		log(`PostgreSQL ready: ${url}`);
		return { url, port, dir, binDir, stop: async () => stop(), stopSync: stop };
	} catch (e) {
		const serverLog = safeRead(logFile);
		stop();
		if (serverLog && e instanceof Error) e.message += `\n--- server log ---\n${serverLog}`;
		throw e;
	}
}

function safeRead(file) {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

// Run as a program: start, run the command given (or wait for Ctrl-C), stop.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const command = process.argv.slice(2);
	const server = await startTestPostgres();
	let child = null;
	const finish = (code) => {
		server.stopSync();
		process.exit(code);
	};
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			if (child) child.kill(sig);
			finish(130);
		});
	}
	process.on('exit', () => server.stopSync());
	if (command.length === 0) {
		console.log(`TEST_PG_URL=${server.url}\nCtrl-C stops the server and removes its folder.`);
		setInterval(() => {}, 1 << 30);
	} else {
		child = spawn(command[0], command.slice(1), {
			stdio: 'inherit',
			env: { ...process.env, TEST_DB: 'postgres', TEST_PG_URL: server.url }
		});
		child.on('exit', (code, signal) => finish(code ?? (signal ? 1 : 0)));
		child.on('error', (e) => {
			console.error(e.message);
			finish(1);
		});
	}
}
