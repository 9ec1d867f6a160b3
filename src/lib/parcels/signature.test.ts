import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { squigglePng, greyPng } from '$lib/server/parcels/png';
import { pngDataUrl, pngFromDataUrl, signatureProblem, SIGNATURE_MAX_BYTES } from './signature';

describe('signature PNG', () => {
	it('accepts a real PNG of a sane size, and its data URL round-trips', () => {
		const png = new Uint8Array(squigglePng(7));
		expect(signatureProblem(png)).toBeNull();
		const back = pngFromDataUrl(pngDataUrl(png));
		expect(back).toEqual(png);
	});

	it('refuses what is not a PNG: other bytes, a truncated PNG, a JPEG, broken base64', () => {
		const png = new Uint8Array(squigglePng(1));
		expect(signatureProblem(png.subarray(0, png.length - 12))).toBe('not_png');
		expect(signatureProblem(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(60).fill(0)]))).toBe('not_png');
		expect(pngFromDataUrl('data:image/jpeg;base64,AAAA')).toBeNull();
		expect(pngFromDataUrl('data:image/png;base64,@@@=')).toBeNull();
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
				// Random bytes are never taken for a signature unless they start like a PNG.
				if (bytes[0] !== 0x89) expect(signatureProblem(bytes)).not.toBeNull();
			})
		);
	});

	it('refuses a tiny or a huge image, and more than 200 kB', () => {
		expect(signatureProblem(new Uint8Array(greyPng(10, 10, () => false)))).toBe('bad_size');
		const big = new Uint8Array(greyPng(5000, 20, () => false));
		expect(signatureProblem(big)).toBe('bad_size');
		expect(signatureProblem(new Uint8Array(SIGNATURE_MAX_BYTES + 1))).toBe('too_large');
		const noisy = greyPng(1500, 1500, (x, y) => ((x * 7919 + y * 104729) ^ (x * y)) % 3 === 0);
		if (noisy.length > SIGNATURE_MAX_BYTES) expect(signatureProblem(pngFromDataUrl(pngDataUrl(new Uint8Array(noisy)))!)).toBe('too_large');
	});
});
