#!/usr/bin/env node
// `npm test`: every test of the project, in this order, stopping at the first phase that fails.
//
//   check         svelte-check (types of the whole project, warnings fail)
//   lint          Prettier (formatting) and ESLint (`npm run lint`)
//   unit          vitest project "unit" (src/**/*.test.ts)
//   pglite        vitest project "integration" on PGlite (in memory)
//   postgres      vitest project "integration" on a temporary PostgreSQL server (scripts/pg-test-server.js)
//   browser       Playwright (when playwright.config.ts exists), with Chromium at CHROMIUM_PATH
//
// `node scripts/test.js unit pglite` runs only the phases named. With CI=true, a missing PostgreSQL or
// Chromium is a failure; otherwise the phase is skipped with a warning. The last line is always
// `tests: N passed, M failed` (a phase that fails without a failing test, e.g. svelte-check or a crash,
// counts as one failure).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgres, startTestPostgres } from './pg-test-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const CI = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
const RESULTS = path.join(root, 'test-results');
const VITEST = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const PHASES = ['check', 'lint', 'unit', 'pglite', 'postgres', 'browser'];

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = (s) => paint('1', s);
const red = (s) => paint('31;1', s);
const green = (s) => paint('32', s);
const yellow = (s) => paint('33;1', s);

/** @typedef {{ name: string, label: string, status: 'passed' | 'failed' | 'skipped', passed: number, failed: number, skipped: number, ms: number, note?: string }} PhaseResult */
/** @type {PhaseResult[]} */
const results = [];
/** The programs running now (the browser phase runs two at once). @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
/** @type {(() => void) | null} */
let cleanup = null;

function banner(text) {
	console.log('\n' + bold(`━━━ ${text} ${'━'.repeat(Math.max(3, 70 - text.length))}`));
}

function warn(lines) {
	const bar = '!'.repeat(78);
	console.warn(yellow(`\n${bar}\n${lines.map((l) => `!!! ${l}`).join('\n')}\n${bar}\n`));
}

/**
 * Runs a program with inherited output; resolves to its exit code.
 * @param {string} cmd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<number>}
 */
function run(cmd, args, env = {}) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
		children.add(child);
		child.on('error', (e) => {
			console.error(red(`${cmd}: ${e.message}`));
			children.delete(child);
			resolve(127);
		});
		child.on('exit', (code, signal) => {
			children.delete(child);
			resolve(code ?? (signal ? 128 : 1));
		});
	});
}

/**
 * Counts of a JSON report, or null when it was not written.
 * @param {string} file
 * @param {'vitest' | 'playwright'} kind
 */
function readCounts(file, kind) {
	try {
		const r = JSON.parse(readFileSync(file, 'utf8'));
		if (kind === 'vitest') {
			return { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
		}
		const s = r.stats ?? {};
		return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
	} catch {
		return null;
	}
}

/**
 * Counts of several JSON reports added up, or null when one of them was not written.
 * @param {string[]} files
 * @param {'vitest' | 'playwright'} kind
 */
function readAllCounts(files, kind) {
	const all = files.map((f) => readCounts(f, kind));
	if (all.some((c) => c === null)) return null;
	return all.reduce((a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, skipped: a.skipped + c.skipped }), {
		passed: 0,
		failed: 0,
		skipped: 0
	});
}

/**
 * Runs one phase and records its result.
 * @param {string} name
 * @param {string} label
 * @param {() => Promise<{ code: number, report?: string | string[], kind?: 'vitest' | 'playwright', note?: string } | 'skip'>} body
 */
async function phase(name, label, body) {
	banner(label);
	const started = Date.now();
	/** @type {PhaseResult} */
	const result = { name, label, status: 'passed', passed: 0, failed: 0, skipped: 0, ms: 0 };
	try {
		const out = await body();
		if (out === 'skip') {
			result.status = 'skipped';
		} else {
			const counts = out.report && out.kind ? readAllCounts([out.report].flat(), out.kind) : null;
			if (counts) Object.assign(result, counts);
			if (out.note) result.note = out.note;
			result.status = out.code === 0 && result.failed === 0 ? 'passed' : 'failed';
			// A phase that failed without a failing test (type errors, a crash, no report) is one failure.
			if (result.status === 'failed' && result.failed === 0) result.failed = 1;
			if (!counts && out.report) result.note = 'no report written';
		}
	} catch (e) {
		console.error(red(e instanceof Error ? e.message : String(e)));
		result.status = 'failed';
		result.failed = Math.max(1, result.failed);
	}
	result.ms = Date.now() - started;
	results.push(result);
	return result.status !== 'failed';
}

/** @param {string} project @param {string} report @param {NodeJS.ProcessEnv} env */
async function vitest(project, report, env) {
	rmSync(report, { force: true });
	const code = await run(process.execPath, [VITEST, 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], env);
	return { code, report, kind: /** @type {const} */ ('vitest') };
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function summary() {
	const total = { passed: 0, failed: 0 };
	console.log('\n' + bold('━━━ Summary ' + '━'.repeat(66)));
	for (const r of results) {
		total.passed += r.passed;
		total.failed += r.failed;
		const status = r.status === 'passed' ? green('ok     ') : r.status === 'failed' ? red('FAILED ') : yellow('skipped');
		const counts = r.name === 'check' || r.name === 'lint' ? '' : `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
		console.log(`  ${status} ${r.label.padEnd(34)} ${counts.padEnd(32)} ${seconds(r.ms).padStart(8)}${r.note ? `  (${r.note})` : ''}`);
	}
	const wanted = selected.filter((p) => !results.some((r) => r.name === p));
	if (wanted.length > 0) console.log(`  not run (an earlier phase failed): ${wanted.join(', ')}`);
	console.log(`  total time ${seconds(Date.now() - startedAt)}`);
	console.log(`tests: ${total.passed} passed, ${total.failed} failed`);
}

// --- signals: stop the child, the PostgreSQL server, then leave -------------------------------------
let interrupted = false;
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
	process.on(sig, () => {
		if (interrupted) return;
		interrupted = true;
		console.error(red(`\n${sig}: stopping.`));
		for (const c of children) c.kill(sig);
		cleanup?.();
		process.exit(130);
	});
}
process.on('exit', () => cleanup?.());

// --- the phases -------------------------------------------------------------------------------------
const args = process.argv.slice(2);
const unknown = args.filter((a) => !PHASES.includes(a));
if (unknown.length > 0) {
	console.error(`Unknown phase(s): ${unknown.join(', ')}. Phases: ${PHASES.join(', ')}.`);
	process.exit(2);
}
const selected = args.length > 0 ? PHASES.filter((p) => args.includes(p)) : PHASES;
const startedAt = Date.now();
mkdirSync(RESULTS, { recursive: true });

async function main() {
	if (selected.includes('check')) {
		const ok = await phase('check', 'Types (svelte-check)', async () => ({ code: await run('npm', ['run', '--silent', 'check']) }));
		if (!ok) return false;
	}

	if (selected.includes('lint')) {
		const ok = await phase('lint', 'Formatting and lint (Prettier, ESLint)', async () => ({ code: await run('npm', ['run', '--silent', 'lint']) }));
		if (!ok) return false;
	}

	if (selected.includes('unit')) {
		const ok = await phase('unit', 'Unit tests', () => vitest('unit', path.join(RESULTS, 'vitest-unit.json'), {}));
		if (!ok) return false;
	}

	if (selected.includes('pglite')) {
		const ok = await phase('pglite', 'Integration tests (PGlite)', () =>
			vitest('integration', path.join(RESULTS, 'vitest-integration-pglite.json'), { TEST_DB: 'pglite' })
		);
		if (!ok) return false;
	}

	if (selected.includes('postgres')) {
		const ok = await phase('postgres', 'Integration tests (PostgreSQL)', async () => {
			if (!findPostgres()) {
				const msg = 'PostgreSQL is not installed (no initdb on PATH nor in /usr/lib/postgresql/*/bin).';
				if (CI) throw new Error(`${msg} CI=true: this is a failure. Install the "postgresql" package.`);
				warn([msg, 'The integration tests on PostgreSQL are SKIPPED.', 'Install it (apt-get install postgresql) to run them; CI does.']);
				return 'skip';
			}
			const server = await startTestPostgres();
			cleanup = server.stopSync;
			try {
				const out = await vitest('integration', path.join(RESULTS, 'vitest-integration-postgres.json'), { TEST_DB: 'postgres', TEST_PG_URL: server.url });
				return { ...out, note: 'PostgreSQL ' + path.basename(path.dirname(server.binDir)) };
			} finally {
				server.stopSync();
				cleanup = null;
			}
		});
		if (!ok) return false;
	}

	if (selected.includes('browser')) {
		const ok = await phase('browser', 'Browser tests (Playwright)', async () => {
			const config = ['playwright.config.ts', 'playwright.config.js'].find((f) => existsSync(path.join(root, f)));
			if (!config) {
				console.log('No playwright.config.ts yet: no browser tests to run.');
				return 'skip';
			}
			const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
			if (!existsSync(chromium)) {
				const msg = `Chromium not found at ${chromium} (set CHROMIUM_PATH).`;
				if (CI) throw new Error(`${msg} CI=true: this is a failure. Install the "chromium" package.`);
				warn([msg, 'The browser tests are SKIPPED.', 'Install it (apt-get install chromium) to run them; CI does.']);
				return 'skip';
			}
			// Built once; then the two viewports run at once, each in its own Playwright process with its own
			// server and database (they never share state), its own output folder (Playwright empties it when
			// it starts) and its own JSON report, written at the end. On 2 cores this takes about the tablet's
			// time instead of the sum of both.
			const built = await run(process.execPath, ['scripts/start.js', '--build-only']);
			if (built !== 0) return { code: built };
			const projects = ['tablet', 'phone'];
			const reports = projects.map((p) => path.join(RESULTS, `playwright-${p}.json`));
			for (const r of reports) rmSync(r, { force: true });
			const codes = await Promise.all(
				projects.map((p, i) =>
					run('npx', ['playwright', 'test', '--project', p, '--reporter=list,json', '--output', path.join(RESULTS, `e2e-${p}`)], {
						CHROMIUM_PATH: chromium,
						PLAYWRIGHT_NO_BUILD: '1',
						E2E_PROJECTS: p,
						PLAYWRIGHT_JSON_OUTPUT_NAME: reports[i]
					})
				)
			);
			return { code: codes.find((c) => c !== 0) ?? 0, report: reports, kind: 'playwright' };
		});
		if (!ok) return false;
	}
	return true;
}

const ok = await main().catch((e) => {
	console.error(red(e instanceof Error ? (e.stack ?? e.message) : String(e)));
	results.push({ name: 'error', label: 'Test runner', status: 'failed', passed: 0, failed: 1, skipped: 0, ms: 0, note: 'crashed' });
	return false;
});
summary();
process.exit(ok && !results.some((r) => r.status === 'failed') ? 0 : 1);
