import QRCode from 'qrcode';

/** Longest text put in a QR code on a label (codes, URLs); longer would not scan at label size. */
const QR_MAX = 200;

/**
 * A QR code as an SVG string, made on the server so that labels print the same with or without
 * JavaScript. No quiet zone (the label's own margin gives it); error correction M (15 %) survives a
 * scratched or slightly smudged label. The SVG has no size: the label's CSS sizes it.
 */
export async function qrSvg(text: string): Promise<string> {
	if (text.length === 0 || text.length > QR_MAX) throw new Error(`QR text must be 1 to ${QR_MAX} characters`);
	return QRCode.toString(text, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
}
