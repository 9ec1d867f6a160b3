import { deflateSync } from 'node:zlib';

/**
 * A minimal PNG writer (8-bit greyscale), no dependency: the demo's and the tests' signatures (a squiggle
 * drawn as a person would with a finger). Real signatures come from the tablet's canvas.
 */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'ascii');
	Buffer.from(data).copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}

/** A greyscale PNG of `width`×`height` whose pixel (x, y) is `ink(x, y)` ? black : white. */
export function greyPng(width: number, height: number, ink: (x: number, y: number) => boolean): Buffer {
	const raw = Buffer.alloc((width + 1) * height, 255);
	for (let y = 0; y < height; y++) {
		raw[y * (width + 1)] = 0; // filter: none
		for (let x = 0; x < width; x++) if (ink(x, y)) raw[y * (width + 1) + 1 + x] = 0;
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 0, 0, 0, 0], 8); // 8 bits, greyscale, deflate, no filter, no interlace
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', new Uint8Array())
	]);
}

/** A signature-like squiggle (different for each seed), 160×60. */
export function squigglePng(seed = 1): Buffer {
	const w = 160;
	const h = 60;
	const a = 1 + (seed % 5);
	const b = 0.05 + (seed % 7) / 100;
	return greyPng(w, h, (x, y) => x > 8 && x < w - 8 && Math.abs(y - (h / 2 + (h / 3) * Math.sin(x * b) * Math.cos(x / (10 * a)))) < 1.6);
}
