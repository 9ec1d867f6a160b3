/**
 * The household's finger signature at a parcel's handover (issue 14, docs/parcels.md "Handover"): drawn on a
 * canvas on the tablet and posted as a PNG data URL. Pure (server and browser): what is accepted.
 *
 * A signature is a real PNG — the 8 magic bytes, an IHDR chunk first, an IEND chunk last — of at most
 * 200 kB, between 32×16 and 4096×4096 pixels. Anything else is refused: it is what FSE+ auditors will see.
 */
export const SIGNATURE_MAX_BYTES = 200 * 1024;
export const SIGNATURE_MIN_SIZE = { width: 32, height: 16 };
export const SIGNATURE_MAX_SIDE = 4096;
export const NO_SIGNATURE_REASON = { min: 3, max: 200 };
export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';
/** The longest data URL a form may post for a signature (a little over 200 kB in base64). */
export const SIGNATURE_DATA_URL_MAX = PNG_DATA_URL_PREFIX.length + Math.ceil((SIGNATURE_MAX_BYTES * 4) / 3) + 16;

const MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

export type SignatureProblem = 'not_png' | 'too_large' | 'bad_size';

/** Why these bytes are not an acceptable signature, or null when they are. */
export function signatureProblem(bytes: Uint8Array): SignatureProblem | null {
	if (bytes.length > SIGNATURE_MAX_BYTES) return 'too_large';
	if (bytes.length < 8 + 25 + 12 || MAGIC.some((v, i) => bytes[i] !== v)) return 'not_png';
	if (u32(bytes, 8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') return 'not_png';
	if (ascii(bytes, bytes.length - 8, 4) !== 'IEND') return 'not_png';
	const width = u32(bytes, 16);
	const height = u32(bytes, 20);
	if (width < SIGNATURE_MIN_SIZE.width || height < SIGNATURE_MIN_SIZE.height || width > SIGNATURE_MAX_SIDE || height > SIGNATURE_MAX_SIDE) return 'bad_size';
	return null;
}

/** The bytes of a `data:image/png;base64,…` URL, or null when it is not one (or its base64 is broken). */
export function pngFromDataUrl(url: string): Uint8Array | null {
	if (typeof url !== 'string' || !url.startsWith(PNG_DATA_URL_PREFIX)) return null;
	const b64 = url.slice(PNG_DATA_URL_PREFIX.length).trim();
	// Base64 of 200 kB is ~273 000 characters: longer is too large anyway (read a little past it to say so).
	if (b64.length > Math.ceil((SIGNATURE_MAX_BYTES * 4) / 3) + 8) return new Uint8Array(SIGNATURE_MAX_BYTES + 1);
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
	const bin = atob(b64);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}

/** A PNG's bytes as a data URL (the sign-off sheet shows the signatures as <img>). */
export function pngDataUrl(bytes: Uint8Array): string {
	let bin = '';
	for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return PNG_DATA_URL_PREFIX + btoa(bin);
}
