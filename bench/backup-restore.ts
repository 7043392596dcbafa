import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createAttendee, newId } from '../server/domain/attendee.ts';
import { startBackup } from '../server/store/backup.ts';
import { openStore } from '../server/store/store.ts';
import demo from '../server/demo/demo-event.json' with { type: 'json' };
import { percentile } from './stats.ts';

/**
 * The dead-laptop drill at conference size: a data folder of 20,000 attendees and 200,000
 * meetings, copied to a backup folder as BACKUP_DIR would (each copy whole, fsync'd, swapped in),
 * then `badge-exchange restore` as a process into a fresh folder, as staff would run it on the
 * spare laptop. Prints a copy's time (median of 5; the server makes one every BACKUP_EVERY
 * seconds when something changed) and the restore's, start of the command to its answer.
 * Both folders are on this machine's one disk; a USB stick is slower to write.
 */
const ATTENDEES = 20_000;
const EXCHANGES = 200_000;
const COPIES = 5;

const root = await mkdtemp(join(tmpdir(), 'bx-bench-backup-'));
try {
  const data = join(root, 'data');
  const backup = join(root, 'backup');
  const store = await openStore(data);
  const now = new Date();
  const people = Array.from({ length: ATTENDEES }, (_, i) => {
    const p = demo.attendees[i % demo.attendees.length]!;
    return createAttendee({ name: `${p.name} ${i}`, email: `p${i}@example.org`, offering: p.offering, needs: p.needs, goal: p.goal }, 'staff', now);
  });
  await store.upsertAttendees(people, []);
  await store.flush();
  let seed = 11;
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) % n);
  const lines: string[] = [];
  for (let i = 0; i < EXCHANGES; i++) {
    const a = people[rand(ATTENDEES)]!;
    const b = people[rand(ATTENDEES)]!;
    if (a.id !== b.id) lines.push(JSON.stringify({ id: newId(), a: a.id, b: b.id, at: now.toISOString(), kiosk: 'k0', key: `seed-${i}` }));
  }
  writeFileSync(join(data, 'exchanges.jsonl'), `${lines.join('\n')}\n`);
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
  const { stdout } = await promisify(execFile)(process.execPath, [new URL('../bin/badge-exchange.js', import.meta.url).pathname, 'restore', backup, '--data-dir', join(root, 'spare')]);
  const restoreMs = performance.now() - t;
  const said = /(\d+) attendees, (\d+) meetings/.exec(stdout);
  console.log(`Backup and restore, ${ATTENDEES.toLocaleString('en')} attendees and ${EXCHANGES.toLocaleString('en')} taps (${(size / 1e6).toFixed(1)} MB):`);
  console.log(`  one backup copy        median ${percentile(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (${COPIES} copies)`);
  console.log(`  badge-exchange restore ${(restoreMs / 1000).toFixed(1)} s as a process, tsx start-up included (${said?.[1]} attendees, ${said?.[2]} meetings read back)`);
} finally {
  await rm(root, { recursive: true, force: true });
}
