import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Duplex } from 'node:stream';
import { createApp } from './app.ts';
import { seedDemoIfEmpty } from './demo/seed-demo.ts';
import { createServer as createHttpsServer } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMailer } from './mail/mailer.ts';
import { lanAddresses, publicUrlFor, type Config } from './env.ts';
import { liveLock, lockDataDir } from './store/data-lock.ts';
import { checkDataFolder } from './store/data-folder-check.ts';
import { startBackup, type Backup } from './store/backup.ts';
import { loadOrCreateSecret } from './store/secrets.ts';
import { openStore, type Store } from './store/store.ts';
import { createKiosk } from './domain/kiosk.ts';
import { TalkingPoints } from './services/talking-points.ts';
import { startSemanticIndex } from './semantic/start.ts';
import { ASSETS_DIR, ensureUiBuilt } from './ui-build.ts';

export interface RunningServer {
  /** The local CA's certificate file, when serving HTTPS with our own certificate. */
  caFile: string | null;
  /** A link that pairs a first kiosk, while no kiosk is paired yet (valid 10 minutes). */
  kioskPairingUrl: string | null;
  /** Loopback URL of this server, e.g. http://127.0.0.1:8080 */
  localUrl: string;
  publicUrl: string;
  adminToken: string;
  seeded: number;
  /** What is worth telling whoever started the server (a disk nearly full). */
  warnings: string[];
  /** The continuous copy to BACKUP_DIR, when one is set. */
  backup: Backup | null;
  /** Resolves once every profile is analysed for talking points (a start does it in the background). */
  profilesAnalysed: Promise<{ profiles: number; ms: number }>;
  close(): Promise<void>;
}

/** Opens the data folder, seeds the demo when asked and empty, builds the pages if stale, and listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  const other = liveLock(config.dataDir);
  if (other) throw new Error(`Another Badge Exchange (pid ${other.pid}, ${other.url}) is already serving ${config.dataDir}.`);
  // A folder that cannot hold the data is said at once, with its path and the fix, rather than
  // as a system error from deep in the store (or half a minute later, after the model loads).
  const folder = await checkDataFolder(config.dataDir);
  const backupFolder = config.backupDir ? await checkDataFolder(config.backupDir, { flag: '--backup-dir', env: 'BACKUP_DIR' }) : null;
  const store = await openStore(config.dataDir);
  const secret = await loadOrCreateSecret(config.dataDir, 'secret');
  const adminToken = config.adminToken ?? (await loadOrCreateSecret(config.dataDir, 'admin-token', 18));
  const seeded = config.demo ? await seedDemoIfEmpty(store, new Date()) : 0;
  // Every profile is analysed from now on (seconds of one core at 20,000 people) in slices while
  // the server answers, rather than on the first kiosk scan; the sentence model reads them in its
  // own thread.
  const semantic = await startSemanticIndex(undefined, { dataDir: config.dataDir });
  const talkingPoints = new TalkingPoints(store, (id) => store.exchanges.met(id), semantic.index);
  const analysing = performance.now();
  const profilesAnalysed = talkingPoints.buildInBackground().then(() => ({ profiles: store.attendees().length, ms: performance.now() - analysing }));
  await ensureUiBuilt();

  // Listen first so the real port is known (PORT=0 picks a free one), then build the app on it.
  // The second argument carries the socket, so the app knows each client's address.
  let handler: ((req: Request, env: unknown) => Response | Promise<Response>) | null = null;
  const tls = config.https ? await tlsMaterial(config) : null;
  const server = serve({
    fetch: (req, env) => (handler ? handler(req, env) : new Response('Starting', { status: 503 })),
    port: config.port,
    hostname: config.host,
    ...(tls ? { createServer: createHttpsServer, serverOptions: { key: tls.key, cert: tls.cert } } : {}),
  });
  // Requests Node itself refuses before the app sees them (a malformed request line, headers over
  // its limit) get the same JSON error body as any other refusal, not an empty answer.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({ error: tooLarge
      ? { code: 'headers_too_large', message: 'The request headers are too large.' }
      : { code: 'bad_request', message: 'The request could not be understood.' } });
    socket.end(`HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${config.port} is in use. Choose another with --port or PORT.`) : err),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl = publicUrlFor(config, port);
  const localUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  let release: () => void;
  try {
    release = lockDataDir(config.dataDir, localUrl);
  } catch (err) {
    server.close();
    throw err;
  }
  const kioskPairingUrl = await firstKioskLink(store, publicUrl);
  // Started once the folder holds everything a start makes (the secret, the CA): the first copy is whole.
  const backup = config.backupDir ? startBackup({ dataDir: config.dataDir, backupDir: config.backupDir, intervalMs: config.backupEvery * 1000 }) : null;
  // An erasure is copied twice before it is answered, so neither backup generation keeps the person;
  // first the compaction that takes the person's bytes out of the data folder's files.
  const afterErasure = async () => {
    // The erasure is durable already (its line is in changes.jsonl, which a restore folds in):
    // a compaction that fails is said in the log and tried again, never the person's answer.
    if (backup) await store.flush().catch((err: Error) => console.warn(`Compacting after an erasure failed (${err.message}); the backup holds the erasure and the next compaction takes the bytes out.`));
    await backup?.copyNow();
    await backup?.copyNow();
  };
  const mailer = createMailer({ smtpUrl: config.smtpUrl, outboxDir: join(config.dataDir, 'outbox'), perSecond: config.mailPerSecond });
  handler = createApp({
    store, adminToken, secret, publicUrl, assetsDir: ASSETS_DIR, talkingPoints, mailer,
    mailFrom: config.mailFrom, secureCookies: Boolean(tls), caCert: tls?.caCert, trustProxy: config.trustProxy, afterErasure,
  }).fetch;

  return {
    caFile: tls?.caFile ?? null,
    kioskPairingUrl,
    localUrl,
    publicUrl,
    adminToken,
    seeded,
    warnings: [...folder.warnings, ...(backupFolder?.warnings ?? [])],
    backup,
    profilesAnalysed,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      mailer.close();
      await semantic.close();
      await store.flush();
      // A last copy once every write is on disk.
      await backup?.stop();
      release();
    },
  };
}

/**
 * Until some kiosk is paired, each start opens a fresh code for a "First kiosk", so the demo's
 * console output is all a newcomer needs to try the kiosk.
 */
async function firstKioskLink(store: Store, publicUrl: string): Promise<string | null> {
  if (store.kiosks().some((k) => k.tokenHash && !k.revokedAt)) return null;
  const now = new Date();
  const fresh = createKiosk('First kiosk', now);
  const existing = store.kiosks().find((k) => k.name === 'First kiosk' && !k.revokedAt);
  const kiosk = existing ? { ...existing, pairingCode: fresh.pairingCode, pairingExpiresAt: fresh.pairingExpiresAt } : fresh;
  await store.saveKiosk(kiosk);
  return `${publicUrl}/kiosk?code=${kiosk.pairingCode}`;
}

/** The given certificate and key, or the local CA's certificate for this laptop's addresses. */
async function tlsMaterial(config: Config): Promise<{ key: string; cert: string; caCert?: string; caFile: string | null }> {
  if (config.tlsCert && config.tlsKey) {
    const [cert, key] = await Promise.all([readFile(config.tlsCert, 'utf8'), readFile(config.tlsKey, 'utf8')]).catch((err: Error) => {
      throw new Error(`Cannot read TLS_CERT or TLS_KEY: ${err.message}`);
    });
    return { cert, key, caFile: null };
  }
  // serverNames keeps the IPv4 addresses and DNS names among these (PUBLIC_URL may name the laptop).
  const hosts = config.publicUrl ? [new URL(config.publicUrl).hostname, ...lanAddresses()] : lanAddresses();
  // Loaded only for HTTPS: the X.509 library is a fifth of what a start loads.
  const { localTls } = await import('./tls/local-ca.ts');
  return localTls(config.dataDir, hosts);
}
