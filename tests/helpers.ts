import { mkdtemp, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../server/app.ts';
import { FileSink } from '../server/store/exchange-journal.ts';
import { memoryStore, openStore, type Store } from '../server/store/store.ts';
import { ASSETS_DIR } from '../server/ui-build.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const SECRET = 'test-secret';
export const PUBLIC_URL = 'http://192.168.1.20:8080';

/** A fresh app over the given store (in memory unless one is passed). */
export function makeApp(store: Store = memoryStore()): { app: App; store: Store } {
  return { app: createApp({ store, adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR }), store };
}

/** A real temporary data folder, removed by the returned cleanup. */
export async function tempDataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bx-test-'));
  // A store's background compaction may still be writing its temp file as the test ends: retry
  // the removal (ENOTEMPTY) rather than fail a test that passed.
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }) };
}

export async function fileStore(dir: string): Promise<Store> {
  return openStore(dir);
}

/** Opens the store of `dir` as a start does, keeping what it warned about (a torn line cut) instead of printing it. */
export async function openStoreWarning(dir: string): Promise<{ store: Store; said: string[] }> {
  const said: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => said.push(m);
  try {
    return { store: await openStore(dir), said };
  } finally {
    console.warn = warn;
  }
}

export const staff = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Sends JSON as staff (or as `headers` say) and returns status and parsed body. */
export async function send(app: App, method: string, path: string, body?: unknown, headers: Record<string, string> = staff) {
  const res = await app.request(path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

/** A valid complete profile, with overrides. */
export function profile(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Dana Whitfield',
    email: 'dana@ledgerlight.example',
    company: 'LedgerLight',
    title: 'CEO',
    offering: 'Bookkeeping software that closes a small firm month in one afternoon',
    needs: ['Cutting our cloud bill', 'Hiring two backend developers'],
    goal: 'Reach 500 paying firms',
    ...overrides,
  };
}

/** A kiosk staff added and a tablet paired with its code: its id and the headers it sends. */
export async function pairedKiosk(app: App, name = 'Hall A, left') {
  const { body: kiosk } = await send(app, 'POST', '/api/kiosks', { name });
  const { body } = await send(app, 'POST', '/api/kiosk/pair', { code: kiosk.pairingCode }, {});
  return { id: kiosk.id as string, headers: { authorization: `Bearer ${body.token}` } };
}

/** Aisha, a recruiter who needs a designer, and Dana (the default profile), who is hiring. */
export async function aishaAndDana(app: App) {
  const { body: aisha } = await send(app, 'POST', '/api/attendees', profile({ name: 'Aisha Mbeki', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['A designer for our website'] }));
  const { body: dana } = await send(app, 'POST', '/api/attendees', profile());
  return { aisha, dana };
}

/**
 * A disk that fills up: `room` more bytes go on it (a write takes what fits), then every write
 * fails with ENOSPC as a full disk's does. `sink(file)` is a journal's file on it.
 */
export function fillingDisk() {
  const disk = {
    room: Infinity,
    sink: (file: string): FileSink =>
      new (class extends FileSink {
        protected override async write(handle: FileHandle, bytes: Buffer, from: number) {
          if (disk.room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          const take = Math.min(disk.room, bytes.length - from);
          disk.room -= take;
          return handle.write(bytes, from, take);
        }
      })(file),
  };
  return disk;
}
