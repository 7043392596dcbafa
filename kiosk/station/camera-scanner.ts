import type { FrameMessage, ReadMessage } from './qr-reader-worker.ts';

/**
 * Our one door to the camera: it shows the camera in a `<video>` and reads QR codes from its
 * frames, whole and at the camera's own resolution.
 *
 * The reader is ZXing-C++ in WebAssembly (zxing-wasm), in a worker (qr-reader-worker.ts). It
 * replaced html5-qrcode's scanner, measured with bench/kiosk-camera.ts: that scanner decodes a
 * canvas the size of its preview element (a 1280×720 frame shown 600 px wide is decoded at half
 * its width) and, even fed whole frames, its ZXing port missed a badge with glare over its QR
 * corner and took up to half a second of the main thread on a 1280×720 frame. Where the worker or
 * the WebAssembly cannot start, html5-qrcode's decoder reads the same whole frames instead.
 */
export interface CameraScanner {
  stop(): Promise<void>;
}

export interface CameraInfo {
  id: string;
  label: string;
}

/** A QR code is in view but cannot be read ('closer': too small or too blurred), or no longer (null). */
export type CameraHint = 'closer' | null;

export interface CameraOptions {
  /** Called when the hint changes. */
  onHint?: (hint: CameraHint) => void;
}

// At most this many decodes a second, and never two at once: a badge is held up for a second or
// more, and a tablet's main thread also draws the kiosk.
const DECODES_PER_SECOND = 15;
// The hint comes after this many frames in a row show an unreadable code, and goes after this
// many show none (one frame is often a badge moving through focus).
const HINT_AFTER = 2;
const HINT_CLEARS_AFTER = 4;
// The worker's WebAssembly (about 1 MB) comes from our own server; if it is not ready by then,
// something is wrong with it.
const WORKER_READY_MS = 15_000;

/** The cameras the browser offers (asking permission the first time). */
export async function listCameras(): Promise<CameraInfo[]> {
  const cameras = async () => (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
  let found = await cameras();
  // Without permission the browser hides names (and sometimes ids): ask once, then look again.
  if (found.some((c) => !c.label || !c.deviceId)) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    stream.getTracks().forEach((t) => t.stop());
    found = await cameras();
  }
  // A camera without a name is named by the page, in its language.
  return found.map((c) => ({ id: c.deviceId, label: c.label }));
}

/**
 * Starts reading QR codes from a camera shown in a `<video>` inside the element with id
 * `containerId` (light DOM; the page sizes and mirrors `#id video` with CSS; the frames read are
 * never mirrored). The callback fires on every frame that shows a code, so the same badge arrives
 * many times: the caller decides what counts as a new scan.
 *
 * @param camera a camera id from listCameras, or undefined for the back camera
 * @example
 * const scanner = await startCamera('bx-camera', (text) => console.log(text), undefined, { onHint: (h) => console.log(h) });
 * await scanner.stop();
 */
export async function startCamera(containerId: string, onText: (text: string) => void, camera?: string, options: CameraOptions = {}): Promise<CameraScanner> {
  const container = document.getElementById(containerId);
  if (!container) throw new Error(`No element #${containerId} for the camera`);
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: {
      ...(camera ? { deviceId: { exact: camera } } : { facingMode: 'environment' }),
      // Ideal, not exact: a badge at arm's length needs the pixels, but a 640×480 camera still works.
      width: { ideal: 1280 },
      height: { ideal: 720 },
    },
  });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  container.replaceChildren(video);
  try {
    await video.play();
  } catch (err) {
    stream.getTracks().forEach((t) => t.stop());
    video.remove();
    throw err;
  }

  // Never in the page: each frame is copied here, at the camera's resolution, only to be read.
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const reader = wasmReader().catch(() => html5QrcodeReader());
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let hint: CameraHint = null;
  let unreadable = 0;
  let clear = 0;
  const setHint = (next: CameraHint) => {
    if (next !== hint) options.onHint?.((hint = next));
  };

  const readFrame = async () => {
    const started = performance.now();
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      if (canvas.width !== video.videoWidth || canvas.height !== video.videoHeight) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
      }
      context.drawImage(video, 0, 0);
      const seen = await (await reader).read(canvas, context);
      if (stopped) return;
      for (const text of seen.texts) onText(text);
      unreadable = seen.unreadable ? unreadable + 1 : 0;
      clear = seen.unreadable ? 0 : clear + 1;
      if (seen.texts.length > 0 || clear >= HINT_CLEARS_AFTER) setHint(null);
      else if (unreadable >= HINT_AFTER) setHint('closer');
    }
    if (!stopped) timer = setTimeout(readFrame, Math.max(0, 1000 / DECODES_PER_SECOND - (performance.now() - started)));
  };
  void readFrame();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      stream.getTracks().forEach((t) => t.stop());
      video.remove();
      (await reader).close();
    },
  };
}

/** Reads the codes in a frame drawn on `canvas`. */
interface FrameReader {
  read(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D): Promise<{ texts: string[]; unreadable: boolean }>;
  close(): void;
}

/** ZXing-C++ in a worker; resolves once its WebAssembly is ready. */
function wasmReader(): Promise<FrameReader> {
  const worker = new Worker(new URL('./qr-reader-worker.js', import.meta.url), { type: 'module' });
  let reply: ((message: ReadMessage) => void) | null = null;
  worker.onmessage = ({ data }: MessageEvent<ReadMessage>) => reply?.(data);
  const next = () => new Promise<ReadMessage>((resolve) => (reply = resolve));
  const reader: FrameReader = {
    async read(canvas, context) {
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const answer = next();
      worker.postMessage({ width: canvas.width, height: canvas.height, pixels: data.buffer } satisfies FrameMessage, [data.buffer]);
      const message = await answer;
      return 'texts' in message ? message : { texts: [], unreadable: false };
    },
    close: () => worker.terminate(),
  };
  return new Promise((resolve, reject) => {
    const fail = (why: unknown) => {
      worker.terminate();
      reject(why);
    };
    const timeout = setTimeout(() => fail(new Error('The QR reader did not start')), WORKER_READY_MS);
    // A worker that cannot load (no module workers, no WebAssembly, a missing file) never replies.
    worker.onerror = (e) => {
      clearTimeout(timeout);
      fail(e);
    };
    next().then((message) => {
      clearTimeout(timeout);
      worker.onerror = () => reply?.({ error: 'The QR reader stopped' });
      if ('ready' in message) resolve(reader);
      else fail(new Error('error' in message ? message.error : 'The QR reader did not start'));
    });
  });
}

/** html5-qrcode's decoder (its ZXing port, or the native BarcodeDetector) on the main thread. */
async function html5QrcodeReader(): Promise<FrameReader> {
  const [{ Html5QrcodeSupportedFormats }, { Html5QrcodeShim }, { BaseLoggger }] = await Promise.all([
    import('html5-qrcode'),
    import('html5-qrcode/esm/code-decoder.js'),
    import('html5-qrcode/esm/core.js'),
  ]);
  const decoder = new Html5QrcodeShim([Html5QrcodeSupportedFormats.QR_CODE], await nativeQrDetector(), false, new BaseLoggger(false));
  return {
    read: (canvas) =>
      decoder.decodeAsync(canvas).then(
        (r) => ({ texts: [r.text], unreadable: false }),
        () => ({ texts: [], unreadable: false }),
      ),
    close: () => {},
  };
}

/** Whether the browser's BarcodeDetector exists and can read QR codes (some expose it with no formats). */
async function nativeQrDetector(): Promise<boolean> {
  const detector = (globalThis as { BarcodeDetector?: { getSupportedFormats(): Promise<string[]> } }).BarcodeDetector;
  try {
    return Boolean(detector && (await detector.getSupportedFormats()).includes('qr_code'));
  } catch {
    return false;
  }
}
