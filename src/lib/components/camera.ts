/**
 * Camera scanning with the BarcodeDetector API: the browser's own when it has one, otherwise the
 * ZXing WebAssembly ponyfill, whose .wasm file is served by this app (never fetched from a CDN).
 * Loaded on demand, so a till page pays nothing until someone opens the camera.
 */
export interface Detector {
	detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

export async function createDetector(): Promise<Detector> {
	const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill');
	const { default: wasmUrl } = await import('zxing-wasm/reader/zxing_reader.wasm?url');
	prepareZXingModule({
		overrides: {
			locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path)
		}
	});
	return new BarcodeDetector({ formats: ['qr_code', 'data_matrix', 'ean_13', 'ean_8', 'upc_a', 'code_128'] });
}
