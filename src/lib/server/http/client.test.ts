import { describe, expect, test } from 'vitest';
import { clientAddress } from './client';

const from = (socket: string, xff?: string) => ({
	request: new Request('http://shop.local/connexion', { headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }),
	getClientAddress: () => socket
});

describe('clientAddress', () => {
	test('without TRUST_PROXY the header is ignored: anyone can send it', () => {
		expect(clientAddress(from('192.0.2.1', '203.0.113.9'), false)).toBe('192.0.2.1');
	});

	test('behind a trusted proxy: the right-most X-Forwarded-For entry (what the proxy saw)', () => {
		expect(clientAddress(from('10.0.0.1', '203.0.113.9'), true)).toBe('203.0.113.9');
		// Entries on the left were written by the client: a forged one changes nothing.
		expect(clientAddress(from('10.0.0.1', '198.51.100.1, 203.0.113.9'), true)).toBe('203.0.113.9');
		expect(clientAddress(from('10.0.0.1', ' 2001:db8::1 '), true)).toBe('2001:db8::1');
		expect(clientAddress(from('10.0.0.1', '[2001:db8::2]:443'), true)).toBe('2001:db8::2');
		expect(clientAddress(from('10.0.0.1', '203.0.113.9:41234'), true)).toBe('203.0.113.9');
	});

	test('behind a trusted proxy, a missing or malformed header falls back to the socket', () => {
		for (const xff of [undefined, '', 'unknown', '203.0.113.9, ', 'evil.example', '1.2.3']) {
			expect(clientAddress(from('10.0.0.1', xff), true)).toBe('10.0.0.1');
		}
	});
});
