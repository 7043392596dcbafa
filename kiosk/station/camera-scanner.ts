import { Html5Qrcode, Html5QrcodeSupportedFormats } from 'html5-qrcode';

/**
 * Our one door to the camera library. html5-qrcode is in maintenance mode; everything it does
 * for us is here, so it can be swapped without touching the kiosk. It finds its container with
 * document.getElementById, so the container lives in light DOM, not in a shadow root.
 */
export interface CameraScanner {
  stop(): Promise<void>;
}

export interface CameraInfo {
  id: string;
  label: string;
}

/** The cameras the browser offers (asking permission the first time). */
export async function listCameras(): Promise<CameraInfo[]> {
  return (await Html5Qrcode.getCameras()).map((c) => ({ id: c.id, label: c.label }));
}

/**
 * Starts decoding QR codes from a camera into the element with id `containerId`. The callback
 * fires on every frame that shows a code, so the same badge arrives many times: the caller
 * decides what counts as a new scan.
 *
 * @param camera a camera id from listCameras, or undefined for the back camera
 */
export async function startCamera(containerId: string, onText: (text: string) => void, camera?: string): Promise<CameraScanner> {
  const scanner = new Html5Qrcode(containerId, {
    formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE],
    // The native BarcodeDetector where the browser has one that reads QR codes (Safari, Chrome on
    // Android and macOS); elsewhere the library's own decoder.
    useBarCodeDetectorIfSupported: await nativeQrDetector(),
    verbose: false,
  });
  await scanner.start(
    camera ? { deviceId: { exact: camera } } : { facingMode: 'environment' },
    {
      // The library's default is 2 frames a second: far too slow for a badge held up briefly.
      fps: 15,
      // No qrbox: the whole frame is decoded, so a badge held anywhere in view is read (the
      // library otherwise decodes only a centred square and ignores a code at its edge).
      disableFlip: true,
    },
    (text) => onText(text),
    () => {
      // A frame without a code: nothing to do.
    },
  );
  return {
    async stop() {
      if (scanner.isScanning) await scanner.stop();
      scanner.clear();
    },
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
