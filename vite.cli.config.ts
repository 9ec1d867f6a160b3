import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the command-line tool (npm run admin) from the same services as the app, into
 * build/cli/admin.js (run after `vite build`). Dependencies stay external (loaded from node_modules at run time).
 */
export default defineConfig({
	// Messages come from src/lib/paraglide, compiled by the app's build just before this one.
	resolve: { alias: { $lib: path.resolve('src/lib') } },
	build: {
		ssr: 'src/lib/server/cli/admin.ts',
		outDir: 'build/cli',
		emptyOutDir: true,
		target: 'node20',
		sourcemap: true,
		rolldownOptions: { output: { entryFileNames: 'admin.js', format: 'es' }, checks: { bundlerTimings: false } }
	},
	logLevel: 'warn'
});
