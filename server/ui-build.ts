import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

export const KIOSK_DIR = new URL('../kiosk/', import.meta.url).pathname;
export const ASSETS_DIR = join(KIOSK_DIR, 'dist');
const ENTRIES = ['staff', 'register', 'station'];
// The kiosk camera's QR reader runs in a worker; its WebAssembly is served from here too, never a CDN.
const WORKER = 'station/qr-reader-worker';
const READER_WASM = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
// The own page's service worker, served from /me/ so that it may look after /me/<key> pages.
const OFFLINE_WORKER = 'register/me-offline-worker';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function oldestOutput(): number {
  const outputs = [...ENTRIES.map((e) => `${e}.js`), 'qr-reader-worker.js', 'me-offline-worker.js', 'zxing_reader.wasm', 'page.css'].map((f) => join(ASSETS_DIR, f));
  if (!outputs.every(existsSync)) return 0;
  return Math.min(...outputs.map((f) => statSync(f).mtimeMs));
}

/** Bundles the Lit pages (kiosk/*.ts) and the kiosk's QR reader worker into kiosk/dist with esbuild. */
export async function buildUi(): Promise<void> {
  await build({
    entryPoints: [
      ...ENTRIES.map((e) => join(KIOSK_DIR, `${e}.ts`)),
      { in: join(KIOSK_DIR, `${WORKER}.ts`), out: 'qr-reader-worker' },
      { in: join(KIOSK_DIR, `${OFFLINE_WORKER}.ts`), out: 'me-offline-worker' },
      join(KIOSK_DIR, 'page.css'),
    ],
    outdir: ASSETS_DIR,
    bundle: true,
    format: 'esm',
    target: 'es2021',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    tsconfig: new URL('../tsconfig.json', import.meta.url).pathname,
  });
  copyFileSync(READER_WASM, join(ASSETS_DIR, 'zxing_reader.wasm'));
}

/** Builds the pages when the bundles are missing or older than their sources; true when it built. */
export async function ensureUiBuilt(): Promise<boolean> {
  if (oldestOutput() > newestSource(KIOSK_DIR)) return false;
  await buildUi();
  return true;
}
