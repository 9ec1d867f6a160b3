// Builds the app (npm run build) when build/ is missing or older than the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const marker = path.join(root, 'build', '.built');
const SOURCES = [
	'src',
	'static',
	'messages',
	'drizzle',
	'project.inlang/settings.json',
	'package.json',
	'package-lock.json',
	'svelte.config.js',
	'vite.config.ts',
	'vite.cli.config.ts'
];

/** Newest modification time under the given paths (the generated Paraglide folder excepted). */
function newest(paths) {
	let latest = 0;
	const walk = (p) => {
		if (!existsSync(p)) return;
		const st = statSync(p);
		if (st.isDirectory()) {
			for (const entry of readdirSync(p)) if (entry !== 'paraglide') walk(path.join(p, entry));
		} else if (st.mtimeMs > latest) latest = st.mtimeMs;
	};
	paths.forEach((p) => walk(path.join(root, p)));
	return latest;
}

export function ensureBuild({ force = false } = {}) {
	const stale = !existsSync(marker) || newest(SOURCES) > statSync(marker).mtimeMs;
	if (!stale && !force) return;
	console.log('Construction de l’application (première fois ou sources modifiées)…');
	const started = new Date();
	const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', env: process.env });
	if (r.status !== 0) {
		console.error('La construction a échoué.');
		process.exit(r.status ?? 1);
	}
	writeFileSync(marker, started.toISOString() + '\n');
}
