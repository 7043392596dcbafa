import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { startCamera, type CameraHint, type CameraScanner } from './camera-scanner.ts';

/** Where a scan came from; all end in the same "badge scanned" callback. */
export type ScanSource = 'camera' | 'wedge' | 'nfc';

// A badge held in front of the camera is seen on every frame; it counts again only after it has
// been out of view this long, so the same badge still scans for the next pair.
const REPEAT_GAP_MS = 1500;
// A keyboard-wedge scanner types a whole payload in a few milliseconds; people type slower.
const WEDGE_KEY_GAP_MS = 80;

interface NdefReading {
  message: { records: { recordType: string; data?: DataView }[] };
}
interface NdefReaderLike {
  scan(): Promise<void>;
  addEventListener(type: 'reading', listener: (e: NdefReading) => void): void;
}

/**
 * Merges the three ways a badge is read — the camera, a USB keyboard-wedge scanner (it types the
 * payload and Enter; no field needs focus) and Web NFC where the device has it — into one
 * callback, and decides what counts as a new scan.
 */
export class ScannerInputController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onScan: (text: string, source: ScanSource) => void;
  readonly #onHint: (hint: CameraHint) => void;
  #camera: CameraScanner | null = null;
  #lastSeen = new Map<string, number>();
  #wedgeBuffer = '';
  #wedgeLast = 0;
  /** Why the camera did not start (the browser's words), for the screen; empty when it runs. */
  cameraError = '';
  cameraRunning = false;

  /** @param onHint the camera sees a code it cannot read yet ('closer'), or no longer (null) */
  constructor(host: ReactiveControllerHost, onScan: (text: string, source: ScanSource) => void, onHint: (hint: CameraHint) => void = () => {}) {
    this.#host = host;
    this.#onScan = onScan;
    this.#onHint = onHint;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.#onKey, true);
    void this.#startNfc();
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.#onKey, true);
    void this.stopCamera();
  }

  async startCamera(containerId: string, camera?: string): Promise<void> {
    await this.stopCamera();
    try {
      this.#camera = await startCamera(containerId, (text) => this.#seen(text, 'camera'), camera, { onHint: this.#onHint });
      this.cameraRunning = true;
      this.cameraError = '';
    } catch (err) {
      this.cameraRunning = false;
      this.cameraError = err instanceof Error ? err.message : String(err);
    }
    this.#host.requestUpdate();
  }

  async stopCamera(): Promise<void> {
    const camera = this.#camera;
    this.#camera = null;
    this.cameraRunning = false;
    await camera?.stop().catch(() => {});
  }

  /** Feeds a payload in by hand (tests, and the "type the code" fallback). */
  feed(text: string, source: ScanSource = 'wedge'): void {
    this.#onScan(text, source);
  }

  #seen(text: string, source: ScanSource): void {
    const now = performance.now();
    const last = this.#lastSeen.get(text);
    this.#lastSeen.set(text, now);
    if (last !== undefined && now - last < REPEAT_GAP_MS) return;
    this.#onScan(text, source);
  }

  #onKey = (e: KeyboardEvent): void => {
    // Typing into a real field (the pairing form) is not a scan.
    const target = e.composedPath()[0] as HTMLElement | undefined;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    const now = performance.now();
    if (now - this.#wedgeLast > WEDGE_KEY_GAP_MS * 10) this.#wedgeBuffer = '';
    this.#wedgeLast = now;
    if (e.key === 'Enter') {
      const text = this.#wedgeBuffer;
      this.#wedgeBuffer = '';
      if (text.trim()) {
        e.preventDefault();
        this.#onScan(text, 'wedge');
      }
      return;
    }
    if (e.key.length === 1) this.#wedgeBuffer += e.key;
  };

  async #startNfc(): Promise<void> {
    const Reader = (window as unknown as { NDEFReader?: new () => NdefReaderLike }).NDEFReader;
    if (!Reader) return;
    try {
      const reader = new Reader();
      await reader.scan();
      reader.addEventListener('reading', (e) => {
        for (const record of e.message.records) {
          if ((record.recordType === 'url' || record.recordType === 'text') && record.data) {
            this.#seen(new TextDecoder().decode(record.data), 'nfc');
          }
        }
      });
    } catch {
      // No permission or no NFC hardware: the camera and the wedge still work.
    }
  }
}
