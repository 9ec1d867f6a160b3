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
const server = http.createServer((req, res) => {
	if (!trustProxy) req.headers['x-forwarded-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
	// Static files (/_app/immutable/…, /favicon…, /app.css) are served by the adapter before the hooks:
	// they get nosniff here (pages get it, and the rest, from the `securityHeaders` hook).
	res.setHeader('x-content-type-options', 'nosniff');
	handler(req, res);
});
server.listen(port, host, () => {
	console.log(`En écoute sur http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});

function stop() {
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
