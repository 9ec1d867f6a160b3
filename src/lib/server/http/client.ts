import { isIP } from 'node:net';
import { config } from '../config';

/**
 * The address of the person's machine, for throttling and the audit log. Without TRUST_PROXY it is the
 * socket's address (`getClientAddress()`). With TRUST_PROXY=true one reverse proxy is in front: it
 * appends the address it saw to X-Forwarded-For, so the right-most entry is the client, and everything
 * to its left was sent by the client itself (never trusted). A missing or malformed header falls back
 * to the socket's address.
 */
export function clientAddress(event: { request: Request; getClientAddress: () => string }, trustProxy = config.trustProxy): string {
	const socket = event.getClientAddress();
	if (!trustProxy) return socket;
	const header = event.request.headers.get('x-forwarded-for');
	const last = header?.split(',').at(-1)?.trim() ?? '';
	const address = last.startsWith('[') ? last.slice(1, last.indexOf(']')) : last;
	if (isIP(address)) return address;
	// "203.0.113.5:41234": some proxies add the port.
	const withoutPort = address.replace(/:\d+$/, '');
	return isIP(withoutPort) === 4 ? withoutPort : socket;
}
