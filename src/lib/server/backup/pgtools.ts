import { spawn, spawnSync } from 'node:child_process';

/**
 * pg_dump and pg_restore (PostgreSQL only), run as child processes. The password leaves the URL and goes
 * in PGPASSWORD, so that it never shows in the process list.
 */
export function pgToolsMissing(): string | null {
	for (const tool of ['pg_dump', 'pg_restore']) {
		const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
		if (r.error || r.status !== 0) {
			return `${tool} n'est pas installé sur ce serveur : les sauvegardes de PostgreSQL en ont besoin. Installez le paquet postgresql-client (de la même version que le serveur, ou plus récente).`;
		}
	}
	return null;
}

let cached: { at: number; missing: string | null } | null = null;
/** pgToolsMissing(), remembered for a minute (the home page asks on every visit). */
export function pgToolsMissingCached(now = Date.now()): string | null {
	if (!cached || now - cached.at > 60_000) cached = { at: now, missing: pgToolsMissing() };
	return cached.missing;
}

function split(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
	const u = new URL(url);
	const env: NodeJS.ProcessEnv = { ...process.env };
	if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
	u.password = '';
	return { dbname: u.toString(), env };
}

/** Runs a pg tool on the database of `url`; resolves with its standard output, or rejects with its error output (in a French sentence). */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string | null): Promise<string> {
	const { dbname, env } = url ? split(url) : { dbname: null, env: process.env };
	const argv = dbname ? [...args, `--dbname=${dbname}`] : args;
	return new Promise((resolve, reject) => {
		const child = spawn(tool, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
		child.on('error', (e) => reject(new Error(`${tool} n'a pas pu démarrer : ${e.message}`)));
		child.on('close', (code) => {
			if (code === 0) resolve(out);
			else reject(new Error(`${tool} a échoué (code ${code}) : ${err.trim().split('\n').slice(-3).join(' ')}`));
		});
	});
}
