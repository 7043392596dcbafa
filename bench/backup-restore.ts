import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { badgeUrl, signBadge } from '../server/domain/badge-token.ts';
import { createKiosk, hashToken, newKioskToken } from '../server/domain/kiosk.ts';
import { startBackup } from '../server/store/backup.ts';
import { loadOrCreateSecret } from '../server/store/secrets.ts';
import { openStore } from '../server/store/store.ts';
import demo from '../server/demo/demo-event.json' with { type: 'json' };
import { percentile } from './stats.ts';
import { demoCopies, randomTapLines, seededRandom } from './demo-copies.ts';

/**
 * The dead-laptop drill at conference size: a data folder of 20,000 attendees and 200,000
 * meetings and a paired kiosk, copied to a backup folder as BACKUP_DIR would (each copy whole,
 * fsync'd, swapped in), then on the "spare laptop" `badge-exchange restore` as a process into a
 * fresh folder and `badge-exchange serve` on it, until the kiosk scans a printed badge and the
 * meeting it queued while the server was away is taken. Prints a copy's time (median of 5; the
 * server makes one every BACKUP_EVERY seconds when something changed) and each step of the
 * drill, from the start of the restore command. Both folders are on this machine's one disk; a
 * USB stick is slower to write.
 */
const ATTENDEES = 20_000;
const EXCHANGES = 200_000;
const COPIES = 5;
const BIN = new URL('../bin/badge-exchange.js', import.meta.url).pathname;

const root = await mkdtemp(join(tmpdir(), 'bx-bench-backup-'));
try {
  const data = join(root, 'data');
  const backup = join(root, 'backup');
  const store = await openStore(data);
  const now = new Date();
  const people = demoCopies(ATTENDEES, now);
  await store.upsertAttendees(people, []);
  await store.flush();
  const lines = randomTapLines(people, EXCHANGES, seededRandom(11), { at: () => now.toISOString() });
  writeFileSync(join(data, 'exchanges.jsonl'), `${lines.join('\n')}\n`);
  // What the dead laptop had besides: the badge secret, a paired kiosk.
  const secret = await loadOrCreateSecret(data, 'secret');
  const kioskToken = newKioskToken();
  await store.saveKiosk({ ...createKiosk('Hall A', now), tokenHash: hashToken(kioskToken), pairedAt: now.toISOString() });
  await store.flush();
  const size = (await stat(join(data, 'db.json'))).size + (await stat(join(data, 'exchanges.jsonl'))).size;

  const copier = startBackup({ dataDir: data, backupDir: backup, intervalMs: 3_600_000, log: (m) => console.error(m) });
  const times: number[] = [];
  for (let i = 0; i < COPIES; i++) {
    const t = performance.now();
    await copier.copyNow();
    times.push(performance.now() - t);
  }
  await copier.stop();

  const t = performance.now();
  const spare = join(root, 'spare');
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'restore', backup, '--data-dir', spare]);
  const restoreMs = performance.now() - t;
  const said = /(\d+) attendees, (\d+) meetings/.exec(stdout);

  const server = spawn(process.execPath, [BIN, 'serve', '--data-dir', spare, '--port', '0', '--host', '127.0.0.1', '--demo', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const found = /On this laptop: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    const servingMs = performance.now() - t;
    const asKiosk = { authorization: `Bearer ${kioskToken}`, 'content-type': 'application/json' };
    const badge = (p: { id: string; badgeVersion: number }) => badgeUrl(url, signBadge(secret, p.id, p.badgeVersion));
    const scan = await fetch(`${url}/api/scan?badge=${encodeURIComponent(badge(people[0]!))}`, { headers: asKiosk });
    const scannedMs = performance.now() - t;
    // The meeting the kiosk kept while nothing answered, sent again with its idempotency key.
    const tap = await fetch(`${url}/api/exchanges`, { method: 'POST', headers: asKiosk, body: JSON.stringify({ a: badge(people[1]!), b: badge(people[2]!), key: 'queued-while-away-1' }) });
    const tappedMs = performance.now() - t;
    if (scan.status !== 200 || ![200, 201].includes(tap.status)) throw new Error(`after the restore the scan answered ${scan.status} and the tap ${tap.status}`);

    console.log(`Backup and restore, ${ATTENDEES.toLocaleString('en')} attendees and ${EXCHANGES.toLocaleString('en')} taps (${(size / 1e6).toFixed(1)} MB):`);
    console.log(`  one backup copy        median ${percentile(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (${COPIES} copies)`);
    console.log(`  badge-exchange restore ${(restoreMs / 1000).toFixed(1)} s as a process, tsx start-up included (${said?.[1]} attendees, ${said?.[2]} meetings read back)`);
    console.log(`  the drill, from the restore command: serving after ${(servingMs / 1000).toFixed(1)} s, a badge scans after ${(scannedMs / 1000).toFixed(1)} s, the queued tap taken (${tap.status}) after ${(tappedMs / 1000).toFixed(1)} s`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
