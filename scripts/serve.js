#!/usr/bin/env node
// Serves the built app (build/) with Node's HTTP server.
//
// Why not `node build`: without ORIGIN, SvelteKit's Node adapter assumes every request came over
// HTTPS, so on a shop's plain-HTTP network (http://192.168.1.10:3000 on a tablet) form posts would be
// refused as cross-site. Here the scheme is taken from the connection itself, unless TRUST_PROXY=true
// says a reverse proxy in front sets X-Forwarded-Proto (and X-Forwarded-Host). ORIGIN, when set,
// still wins, as in the adapter.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const trustProxy = process.env.TRUST_PROXY === 'true';
if (!process.env.ORIGIN) {
	process.env.PROTOCOL_HEADER ||= 'x-forwarded-proto';
	if (trustProxy) process.env.HOST_HEADER ||= 'x-forwarded-host';
}
const { handler } = await import(path.join(root, 'build', 'handler.js'));

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
let stopping = false;
const server = http.createServer((req, res) => {
	// Stopping: this answer is the connection's last (keep-alive connections are not reused).
	if (stopping) res.setHeader('connection', 'close');
	if (!trustProxy) req.headers['x-forwarded-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
	// Static files (/_app/immutable/…, /favicon…, /app.css) are served by the adapter before the hooks:
	// they get nosniff here (pages get it, and the rest, from the `securityHeaders` hook).
	res.setHeader('x-content-type-options', 'nosniff');
	handler(req, res);
});
server.listen(port, host, () => {
	console.log(`En écoute sur http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});

/**
 * SIGTERM (systemd, docker stop) or SIGINT (Ctrl-C): stop taking requests, let the ones running finish
 * (cut after SHUTDOWN_TIMEOUT seconds, default 30, as adapter-node), then emit `sveltekit:shutdown` like
 * adapter-node's `node build`: the app closes its database (CHECKPOINT, close, lock removed, see
 * src/lib/server/db/shutdown.ts) and exits 0. A second signal, or 60 s more, stops at once with 1.
 */
function stop(signal) {
	if (stopping) {
		console.error(`${signal} : arrêt immédiat.`);
		process.exit(1);
	}
	stopping = true;
	console.log(`${signal} : arrêt demandé, plus de nouvelles requêtes ; fermeture de la base de données…`);
	const timeout = Number(process.env.SHUTDOWN_TIMEOUT || 30) * 1000;
	server.closeIdleConnections();
	server.close(() => {
		if (process.listenerCount('sveltekit:shutdown') === 0) process.exit(0);
		process.emit('sveltekit:shutdown', signal);
	});
	setTimeout(() => server.closeAllConnections(), timeout).unref();
	setTimeout(() => {
		console.error("La base de données ne s'est pas fermée à temps : arrêt forcé.");
		process.exit(1);
	}, timeout + 60_000).unref();
}
server.on('request', (req) => req.on('close', () => stopping && server.closeIdleConnections()));
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
