import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/env.ts';
import { startServer, type RunningServer } from '../../../server/serve.ts';
import { newestCopy, startBackup } from '../../../server/store/backup.ts';
import { openStore } from '../../../server/store/store.ts';
import { createAttendee } from '../../../server/domain/attendee.ts';
import { restoreBackup } from '../../../server/store/restore.ts';
import { profile, tempDataDir } from '../../helpers.ts';

const BIN = new URL('../../../bin/badge-exchange.js', import.meta.url).pathname;

let root: string;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];
const servers: RunningServer[] = [];
beforeEach(async () => ({ dir: root, cleanup } = await tempDataDir()));
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await cleanup();
});

async function api(url: string, token: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

/** `badge-exchange serve` as its own process, on loopback; resolves with its URL and admin token. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string; token: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--demo', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /On this laptop: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const token = /Admin token: +(\S+)/.exec(out)?.[1];
      if (url && token) resolve({ child, url, token });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [BIN, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout, err: stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

/** Waits (bounded) until the backup's newest copy holds `file` at the size it has in the data folder. */
async function copied(dataDir: string, backupDir: string, file: string): Promise<void> {
  const want = (await stat(join(dataDir, file))).size;
  for (let i = 0; i < 200; i++) {
    const copy = await newestCopy(backupDir);
    if ('dir' in copy && copy.manifest.files.some((f) => f.name === file && f.size === want)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file} never reached the backup`);
}

/** Every file under `dir`, as text. */
async function everything(dir: string): Promise<string> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out.join('\n');
}

describe('the laptop that dies', () => {
  // A few seconds, up to half a minute on a busy machine: two servers start as processes (each loads the sentence model).
  it('is replaced from the backup: restore on a fresh folder, and badges, kiosks and staff carry on', { timeout: 90_000 }, async () => {
    const data = join(root, 'laptop-a'), backup = join(root, 'usb-stick'), fresh = join(root, 'laptop-b');
    const a = await serve(['--data-dir', data, '--backup-dir', backup, '--backup-every', '1']);
    const dana = (await api(a.url, a.token, '/api/attendees', { method: 'POST', body: profile() })).body;
    const sam = (await api(a.url, a.token, '/api/attendees', { method: 'POST', body: profile({ name: 'Sam Okafor', email: 'sam@example.org' }) })).body;
    const kiosk = (await api(a.url, a.token, '/api/kiosks', { method: 'POST', body: { name: 'Hall A' } })).body;
    const paired = await fetch(`${a.url}/api/kiosk/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: kiosk.pairingCode }) });
    const kioskToken = ((await paired.json()) as { token: string }).token;
    const met = await api(a.url, kioskToken, '/api/exchanges', { method: 'POST', body: { a: dana.badgeUrl, b: sam.badgeUrl } });
    expect(met.status).toBe(201);
    await copied(data, backup, 'exchanges.jsonl');

    a.child.kill('SIGKILL');
    await rm(data, { recursive: true, force: true });

    const restored = await run(['restore', backup, '--data-dir', fresh]);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/2 attendees, 1 meetings, in \d+\.\d s/);
    expect(restored.out).toContain(`badge-exchange serve --data-dir ${fresh}`);

    const b = await serve(['--data-dir', fresh]);
    expect(b.token).toBe(a.token);
    expect((await api(b.url, b.token, '/api/attendees')).body.total).toBe(2);
    // The kiosk stays paired, and Dana's printed badge still scans.
    const scan = await api(b.url, kioskToken, `/api/scan?badge=${encodeURIComponent(dana.badgeUrl)}`);
    expect(scan).toMatchObject({ status: 200, body: { name: 'Dana Whitfield' } });
    const again = await api(b.url, kioskToken, '/api/exchanges', { method: 'POST', body: { a: dana.badgeUrl, b: sam.badgeUrl } });
    expect(again).toMatchObject({ status: 200, body: { exchange: { count: 2 } } });
  });

  it('keeps no trace of an erased person in either backup generation, once the erasure is answered', async () => {
    const data = join(root, 'data'), backup = join(root, 'backup');
    const server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': data, 'backup-dir': backup, demo: '0' }, {}));
    servers.push(server);
    const call = (path: string, init: { method?: string; body?: unknown } = {}) => api(server.localUrl, server.adminToken, path, init);
    const zoe = (await call('/api/attendees', { method: 'POST', body: profile({ name: 'Zoë Ångström', email: 'zoe.unique@example.org', company: 'Fjordlight', offering: 'Glacier tours by kayak' }) })).body;
    await call('/api/attendees', { method: 'POST', body: profile() });
    await server.backup!.copyNow();
    await server.backup!.copyNow();
    expect(await everything(backup)).toContain('zoe.unique@example.org');

    expect((await call(`/api/attendees/${zoe.id}`, { method: 'DELETE' })).status).toBe(204);
    const kept = await everything(backup);
    for (const trace of ['zoe.unique@example.org', 'Zoë Ångström', 'Fjordlight', 'Glacier tours by kayak', zoe.id]) expect(kept).not.toContain(trace);
    expect(kept).toContain('dana@ledgerlight.example');
    expect((await readdir(backup)).sort()).toEqual(['current', 'previous']);
  });
});

describe('backup copies', () => {
  it('falls back to the previous copy when the newest is damaged, and says why there is none when both are', async () => {
    const data = join(root, 'data'), backup = join(root, 'backup');
    const store = await openStore(data);
    await store.insertAttendee(createAttendee(profile(), 'staff', new Date()));
    const copier = startBackup({ dataDir: data, backupDir: backup, intervalMs: 3_600_000, log: () => {} });
    await copier.copyNow();
    await store.insertAttendee(createAttendee(profile({ name: 'Sam Okafor', email: 'sam@example.org' }), 'staff', new Date()));
    await copier.copyNow();
    await copier.stop();
    await store.flush();

    // A copy cut short (the stick pulled mid-write): its manifest no longer matches.
    await truncate(join(backup, 'current', 'db.json'), 10);
    const into = join(root, 'restored');
    const r = await restoreBackup(backup, into);
    expect(r.from).toBe(join(backup, 'previous'));
    expect(r.attendees).toBe(1);

    await rm(join(backup, 'previous', 'backup.json'));
    await expect(restoreBackup(backup, join(root, 'again'))).rejects.toThrow(/No whole copy in .*current: db\.json is 10 bytes, not \d+; .*previous: no copy/);
  });

  it('refuses to restore over a folder that holds anything, changing nothing', async () => {
    const data = join(root, 'data'), backup = join(root, 'backup'), busy = join(root, 'busy');
    await openStore(data).then((s) => s.flush());
    const copier = startBackup({ dataDir: data, backupDir: backup, intervalMs: 3_600_000, log: () => {} });
    await copier.stop();
    await mkdir(busy);
    await writeFile(join(busy, 'db.json'), '{"precious":true}');
    await expect(restoreBackup(backup, busy)).rejects.toThrow(`${busy} is not empty (db.json): restore into a new folder with --data-dir, or move this one away first. Nothing was changed.`);
    expect(await readFile(join(busy, 'db.json'), 'utf8')).toBe('{"precious":true}');
    const wrong = await run(['restore', join(root, 'nothing-here'), '--data-dir', join(root, 'target')]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^No whole copy in .*nothing-here .*Is it the folder BACKUP_DIR named\?\n$/);
  });

  it('cuts a journal line the copy caught half-written', async () => {
    const data = join(root, 'data'), backup = join(root, 'backup');
    await openStore(data).then((s) => s.flush());
    await writeFile(join(data, 'exchanges.jsonl'), '{"id":"one"}\n{"id":"tw');
    const copier = startBackup({ dataDir: data, backupDir: backup, intervalMs: 3_600_000, log: () => {} });
    await copier.stop();
    expect(await readFile(join(backup, 'current', 'exchanges.jsonl'), 'utf8')).toBe('{"id":"one"}\n');
  });

  it('is refused inside the data folder, where it would die with the same disk', () => {
    expect(() => loadConfig({ 'data-dir': '/srv/event', 'backup-dir': '/srv/event/backup' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ 'data-dir': '/srv/event/data', 'backup-dir': '/srv/event' }, {})).toThrow(/must be outside the data folder/);
    expect(loadConfig({ 'data-dir': '/srv/event', 'backup-dir': '/media/usb/backup' }, {}).backupDir).toBe('/media/usb/backup');
  });
});
