import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/**
 * The camera's QR reader, off the kiosk's main thread: ZXing-C++ compiled to WebAssembly
 * (zxing-wasm). camera-scanner.ts posts one camera frame at a time, as RGBA pixels, and gets back
 * the codes read and whether a code was seen but could not be read. The .wasm file is served by
 * our own server next to this script (server/ui-build.ts copies it): the library's default is a
 * CDN, and the venue has no internet.
 */

/** A camera frame, its pixels transferred (not copied) from the page. */
export interface FrameMessage {
  width: number;
  height: number;
  pixels: ArrayBuffer;
}

/** What one frame showed: codes read, and whether a QR code was found but not read. */
export type ReadMessage = { ready: true } | { texts: string[]; unreadable: boolean } | { error: string };

// The worker's global scope (the kiosk is type-checked with the DOM library, not the worker one).
const scope = self as unknown as {
  location: Location;
  postMessage(message: ReadMessage): void;
  onmessage: ((event: MessageEvent<FrameMessage>) => void) | null;
};

const ready = prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(path, scope.location.href).href : prefix + path) },
  fireImmediately: true,
});
ready.then(
  () => scope.postMessage({ ready: true } satisfies ReadMessage),
  (err: unknown) => scope.postMessage({ error: String(err) } satisfies ReadMessage),
);

scope.onmessage = async ({ data }: MessageEvent<FrameMessage>) => {
  try {
    await ready;
    const results = await readBarcodes(
      { width: data.width, height: data.height, data: new Uint8ClampedArray(data.pixels), colorSpace: 'srgb' } as ImageData,
      {
        formats: ['QRCode'],
        // Two: both badges of a pair may be held up together.
        maxNumberOfSymbols: 2,
        // Codes found but not decoded come back too (isValid false): the "a little closer" hint.
        returnErrors: true,
      },
    );
    const texts = results.filter((r) => r.isValid).map((r) => r.text);
    scope.postMessage({ texts, unreadable: texts.length === 0 && results.length > 0 } satisfies ReadMessage);
  } catch (err) {
    scope.postMessage({ error: String(err) } satisfies ReadMessage);
  }
};
