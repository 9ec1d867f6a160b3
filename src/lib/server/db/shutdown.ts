import { describeDatabase, stopDatabase } from './app';

/**
 * Stopping the server (SIGTERM from systemd, Ctrl-C): once the HTTP server has stopped taking requests and
 * the last ones are answered, adapter-node (`node build`) and scripts/serve.js emit `sveltekit:shutdown`.
 * The database is then closed cleanly — on PGlite a CHECKPOINT, the close (pg_control says "shut down":
 * no recovery at the next start), the data dir flushed to the disk and the DATA_DIR lock removed — and
 * the process exits (0, or 1 if the close failed).
 */
export function closeDatabaseOnShutdown(): void {
	const key = Symbol.for('epicerie.shutdownListener');
	const g = globalThis as Record<symbol, unknown>;
	if (g[key]) return; // once per process (the dev server reloads the hooks)
	g[key] = true;
	process.once('sveltekit:shutdown' as never, (reason: unknown) => {
		// Nothing else may be left to keep the process alive while the close runs.
		const keepAlive = setInterval(() => {}, 1000);
		stopDatabase()
			.then(() => {
				console.log(`Arrêt (${String(reason)}) : base de données fermée proprement (${describeDatabase()}).`);
				process.exit(0);
			})
			.catch((e: unknown) => {
				console.error(`Arrêt (${String(reason)}) : la base de données n'a pas pu être fermée proprement : ${(e as Error).message}`);
				process.exit(1);
			})
			.finally(() => clearInterval(keepAlive));
	});
}
