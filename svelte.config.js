import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Absolute paths to assets and pages: the app is served at the root, and the in-app "no access" page
		// (routes/(app)/acces-refuse) is rendered at the refused page's own address, whose depth differs.
		paths: { relative: false },
		// SvelteKit's own CSRF check is off ('*'): it only looks at form content types and answers a plain-text
		// 403 before our hooks. hooks.server.ts (apiGate, rule in src/lib/server/http/origin.ts) checks the
		// Origin of every write instead: pages get the French error page, /api the JSON error shape.
		csrf: { trustedOrigins: ['*'] },
		// Content-Security-Policy: only our own scripts (SvelteKit hashes its inline start-up script),
		// WebAssembly for the camera's barcode reader, no framing by other sites.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'connect-src': ['self'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['self']
			}
		}
	}
};

export default config;
