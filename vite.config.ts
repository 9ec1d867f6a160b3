import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// French unless the person chose English (cookie); never guessed from the browser.
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit()
	],
	server: { port: 5173 },
	// The bundler's timing report is for profiling the build; it only clutters `npm start`.
	build: { rolldownOptions: { checks: { bundlerTimings: false } } },
	test: {
		// Integration files share one database server; keep runs predictable on a 2-core machine.
		fileParallelism: true,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts'],
					exclude: ['src/**/*.int.test.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					environment: 'node',
					include: ['src/**/*.int.test.ts', 'tests/integration/**/*.test.ts'],
					// *.pg.test.ts need a real PostgreSQL server (TEST_PG_URL): the PostgreSQL phase runs them.
					exclude: process.env.TEST_DB === 'postgres' ? [] : ['tests/integration/**/*.pg.test.ts'],
					// Two files at a time: vitest's default (cores − 1) is one on a 2-core machine, and each file
					// waits mostly on its own database (a PostgreSQL server, or PGlite starting up). Files never
					// share a database (one per file: tests/helpers/db.ts), nor a backup folder (one per worker process).
					maxWorkers: 2,
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// A backup asked through a route (POST /api/v1/backups…) lands in a temporary folder, not beside the project.
					env: { BACKUP_DIR: path.join(os.tmpdir(), `epicerie-test-backups-${process.pid}`) }
				}
			}
		]
	}
});
