#!/usr/bin/env node
// The JavaScript a browser loads for a page of the built app, gzipped: `node scripts/page-js-size.js /caisse`.
//
// Method: SvelteKit's build writes, in .svelte-kit/output/server/manifest.js, each route's pattern and
// its nodes (layouts and page), and in .svelte-kit/output/server/nodes/N.js each node's `imports`:
// the node's client module and every chunk it imports statically. With the client entry's own
// imports (start, app and their chunks), that is exactly the list SvelteKit has the browser preload
// with the page (Link: <…>; rel="modulepreload" response header; `npm run bench` checks the two
// agree on /stock). Each file of build/client is gzipped (level 9, as a server would
// send it precompressed) and the sizes added. Modules imported dynamically (import(), e.g. the camera
// scanner) are not loaded with the page and not counted; they are listed apart.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverOut = path.join(root, '.svelte-kit', 'output', 'server');
const clientDir = path.join(root, 'build', 'client');

/** Routes of the build: id, pattern and nodes, read from the server manifest. */
function readRoutes() {
	const file = path.join(serverOut, 'manifest.js');
	if (!existsSync(file)) throw new Error(`${file} is missing: build the app first (npm run build)`);
	const text = readFileSync(file, 'utf8');
	const client = /client:\s*\{[^}]*?imports:(\[[^\]]*\])/.exec(text);
	if (!client) throw new Error('client entry imports not found in the server manifest');
	const routes = [];
	const re =
		/id:\s*"([^"]+)",\s*pattern:\s*(\/[^\n]*\/[a-z]*),\s*\n\s*params:[\s\S]*?page:\s*(null|\{\s*layouts:\s*\[([^\]]*)\],\s*errors:\s*\[[^\]]*\],\s*leaf:\s*(\d+)\s*\})/g;
	for (let m; (m = re.exec(text));) {
		if (m[3] === 'null') continue;
		const src = m[2].slice(1, m[2].lastIndexOf('/'));
		const layouts = m[4]
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean)
			.map(Number);
		routes.push({ id: m[1], pattern: new RegExp(src), nodes: [...layouts, Number(m[5])] });
	}
	return { entryImports: JSON.parse(client[1]), routes };
}

function nodeImports(index) {
	const text = readFileSync(path.join(serverOut, 'nodes', `${index}.js`), 'utf8');
	const m = /export const imports = (\[[^\]]*\]);/.exec(text);
	return m ? JSON.parse(m[1]) : [];
}

const gz = (file) => gzipSync(readFileSync(path.join(clientDir, file)), { level: 9 }).length;

/** Modules reachable only through dynamic import() from the page's files (loaded later, on demand). */
function lazyModules(files) {
	const manifestFile = path.join(root, '.svelte-kit', 'output', 'client', '.vite', 'manifest.json');
	if (!existsSync(manifestFile)) return [];
	const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
	const byFile = new Map(Object.values(manifest).map((c) => [c.file, c]));
	const loaded = new Set(files);
	const lazy = new Set();
	const walk = (file, seen) => {
		const chunk = byFile.get(file);
		if (!chunk) return;
		for (const k of chunk.dynamicImports ?? []) {
			const f = manifest[k]?.file;
			// The router's loaders of other pages are not this page's code.
			if (f && !f.startsWith('_app/immutable/nodes/') && !loaded.has(f) && !seen.has(f)) {
				seen.add(f);
				lazy.add(f);
				walk(f, seen);
			}
		}
		for (const k of chunk.imports ?? []) {
			const f = manifest[k]?.file;
			if (f && lazy.has(file) && !seen.has(f) && !loaded.has(f)) {
				seen.add(f);
				lazy.add(f);
				walk(f, seen);
			}
		}
	};
	for (const f of files) walk(f, new Set());
	return [...lazy].filter((f) => f.endsWith('.js'));
}

/**
 * The JavaScript of the page at `urlPath` (e.g. "/caisse"): its files (what modulepreload lists),
 * their gzipped and raw sizes in bytes, and the lazily loaded modules apart.
 */
export function pageJsSize(urlPath) {
	const { entryImports, routes } = readRoutes();
	const route = routes.find((r) => r.pattern.test(urlPath));
	if (!route) throw new Error(`no page route matches ${urlPath} in this build`);
	const files = [...new Set([...entryImports, ...route.nodes.flatMap(nodeImports)])].filter((f) => f.endsWith('.js'));
	const gzipBytes = files.reduce((a, f) => a + gz(f), 0);
	const rawBytes = files.reduce((a, f) => a + readFileSync(path.join(clientDir, f)).length, 0);
	const lazy = lazyModules(files);
	return { route: route.id, files, gzipBytes, rawBytes, lazyFiles: lazy, lazyGzipBytes: lazy.reduce((a, f) => a + gz(f), 0) };
}

/**
 * The scripts a page makes the browser load at once, to cross-check pageJsSize on a page one can
 * fetch: SvelteKit lists them in the response's Link header (rel="modulepreload"), or as <link> tags
 * with another preload strategy, and imports the entry from the HTML.
 */
export function preloadedScripts(html, linkHeader = '') {
	const out = new Set();
	const add = (href) => out.add(decodeURI(href).replace(/^.*?_app\//, '_app/'));
	for (const m of linkHeader.matchAll(/<([^>]+\.js)>;\s*rel="modulepreload"/g)) add(m[1]);
	for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) add(m[1]);
	for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) add(m[1]);
	return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const target = process.argv[2] || '/caisse';
	const r = pageJsSize(target);
	console.log(
		`${target} (${r.route}): ${r.files.length} fichiers JS / JS files, ${(r.gzipBytes / 1024).toFixed(1)} KiB gzip (${(r.rawBytes / 1024).toFixed(1)} KiB non compressés / raw)`
	);
	if (r.lazyFiles.length)
		console.log(`  + chargés à la demande / loaded on demand: ${r.lazyFiles.length} fichiers, ${(r.lazyGzipBytes / 1024).toFixed(1)} KiB gzip`);
}
