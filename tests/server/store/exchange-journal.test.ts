import { spawn } from 'node:child_process';
import { appendFile, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAttendee } from '../../../server/domain/attendee.ts';
import { readJournal } from '../../../server/store/exchange-journal.ts';
import { ExchangeRegistry } from '../../../server/store/exchanges.ts';
import { SCHEMA_VERSION } from '../../../server/store/schema.ts';
import { openStore } from '../../../server/store/store.ts';
import { makeApp, fillingDisk, openStoreWarning, profile, send, tempDataDir } from '../../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

const now = new Date('2026-12-03T09:00:00Z');
const person = (n: number) => createAttendee({ name: `P${n}`, email: `p${n}@example.org`, offering: 'x', needs: ['y'] }, 'staff', now);

describe('the exchange journal', () => {
  it('keeps exchanges across a restart, folded into one per pair', async () => {
    const store = await openStore(dir);
    const [a, b, c] = [person(1), person(2), person(3)];
    for (const p of [a, b, c]) await store.insertAttendee(p);
    await store.exchanges.record({ a: a.id, b: b.id, kiosk: 'k1', at: now, key: 'key-1-aaaa' });
    await store.exchanges.record({ a: b.id, b: a.id, kiosk: 'k2', at: new Date(now.getTime() + 1000) });
    await store.exchanges.record({ a: a.id, b: c.id, kiosk: 'k1', at: now });

    const again = await openStore(dir);
    expect(again.exchanges.size).toBe(2);
    const ab = again.exchanges.ofAttendee(b.id)[0]!;
    expect(ab).toMatchObject({ a: a.id, b: b.id, count: 2, kiosks: ['k1', 'k2'], lastAt: '2026-12-03T09:00:01.000Z' });
    expect(again.exchanges.met(a.id)).toEqual([b.id, c.id]);
    // The idempotency key survives the restart too.
    const replay = await again.exchanges.record({ a: a.id, b: b.id, kiosk: 'k1', at: now, key: 'key-1-aaaa' });
    expect(replay).toMatchObject({ created: false, exchange: { count: 2 } });
  });

  it('cuts a last line torn by a crash from the file on disk, so the next tap never glues onto it', async () => {
    const store = await openStore(dir);
    const [a, b, c] = [person(1), person(2), person(3)];
    for (const p of [a, b, c]) await store.insertAttendee(p);
    await store.exchanges.record({ a: a.id, b: b.id, kiosk: 'k1', at: now });
    const whole = await readFile(join(dir, 'exchanges.jsonl'), 'utf8');
    await appendFile(join(dir, 'exchanges.jsonl'), '{"id":"abc","a":"');

    const { store: again, said } = await openStoreWarning(dir);
    expect(again.exchanges.size).toBe(1);
    expect(said.join()).toMatch(/exchanges\.jsonl: cut a torn last line of 17 bytes/);
    expect(await readFile(join(dir, 'exchanges.jsonl'), 'utf8')).toBe(whole);
    // The next tap lands on a line of its own, and the start after that reads both.
    await again.exchanges.record({ a: b.id, b: c.id, kiosk: 'k1', at: now });
    expect((await openStore(dir)).exchanges.size).toBe(2);
  });

  it('cuts a torn last line from the digest journal too', async () => {
    const store = await openStore(dir);
    const x = person(1);
    await store.insertAttendee(x);
    await store.digests.record({ attendee: x.id, state: 'sent', at: now.toISOString() });
    const whole = await readFile(join(dir, 'digests.jsonl'), 'utf8');
    await appendFile(join(dir, 'digests.jsonl'), '{"attendee":"y","sta');
    expect((await openStoreWarning(dir)).store.digests.latest(x.id)?.state).toBe('sent');
    expect(await readFile(join(dir, 'digests.jsonl'), 'utf8')).toBe(whole);
  });

  it('refuses to start on a damaged line in the middle, naming it', async () => {
    const store = await openStore(dir);
    const [a, b] = [person(1), person(2)];
    await store.insertAttendee(a);
    await store.insertAttendee(b);
    await store.exchanges.record({ a: a.id, b: b.id, kiosk: 'k1', at: now });
    await writeFile(join(dir, 'exchanges.jsonl'), `garbage\n${(await readFile(join(dir, 'exchanges.jsonl'), 'utf8')).split('\n')[0]}\n`);
    await expect(openStore(dir)).rejects.toThrow(/line 1 is damaged/);
  });

  it('cuts back a write the disk took only half of, says the disk is full, and loses nothing acknowledged', async () => {
    const file = join(dir, 'exchanges.jsonl');
    const disk = fillingDisk();
    const journal = new ExchangeRegistry(disk.sink(file));
    await journal.record({ a: 'a', b: 'b', kiosk: 'k', at: now, key: 'tap-1' });
    disk.room = 20;
    await expect(journal.record({ a: 'a', b: 'c', kiosk: 'k', at: now, key: 'tap-2' })).rejects.toMatchObject({ name: 'StorageError', full: true });
    // The 20 bytes that reached the disk were cut back: the file holds whole lines only.
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('tap-2');
    expect(journal.size).toBe(1);
    // Space is freed; the kiosk sends the tap again and it is kept, on a line of its own.
    disk.room = Infinity;
    await journal.record({ a: 'a', b: 'c', kiosk: 'k', at: now, key: 'tap-2' });
    expect((await readJournal(file)).map((t) => t.key)).toEqual(['tap-1', 'tap-2']);
  });

  it('answers 507 when the disk is full and keeps no half of the meeting', async () => {
    const store = await openStore(dir);
    const { app } = makeApp(store);
    const { body: a } = await send(app, 'POST', '/api/attendees', profile({ name: 'Ann', email: 'ann@example.org' }));
    const { body: b } = await send(app, 'POST', '/api/attendees', profile({ name: 'Bob', email: 'bob@example.org' }));
    const { body: kiosk } = await send(app, 'POST', '/api/kiosks', { name: 'Door' });
    const { body: paired } = await send(app, 'POST', '/api/kiosk/pair', { code: kiosk.pairingCode }, {});
    const asKiosk = { authorization: `Bearer ${paired.token}` };
    const badge = (p: { badgeUrl: string }) => p.badgeUrl;
    // A real ENOSPC from the kernel: the journal is /dev/full until the space is "freed".
    await rm(join(dir, 'exchanges.jsonl'), { force: true });
    await symlink('/dev/full', join(dir, 'exchanges.jsonl'));
    const full = await send(app, 'POST', '/api/exchanges', { a: badge(a), b: badge(b), key: 'k-1-aaaaaaaa' }, asKiosk);
    expect(full.status).toBe(507);
    expect(full.body.error.code).toBe('storage_full');
    expect(full.body.error.message).toMatch(/disk is full.*kiosk keeps the meeting/);
    expect(store.exchanges.size).toBe(0);

    await rm(join(dir, 'exchanges.jsonl'));
    const again = await send(app, 'POST', '/api/exchanges', { a: badge(a), b: badge(b), key: 'k-1-aaaaaaaa' }, asKiosk);
    expect(again.status).toBe(201);
    expect((await openStore(dir)).exchanges.size).toBe(1);
  });

  it('erases a person from the journal on disk, not only from memory', async () => {
    const store = await openStore(dir);
    const [a, b, c] = [person(1), person(2), person(3)];
    for (const p of [a, b, c]) await store.insertAttendee(p);
    await store.exchanges.record({ a: a.id, b: b.id, kiosk: 'k1', at: now });
    await store.exchanges.record({ a: b.id, b: c.id, kiosk: 'k1', at: now });
    await store.eraseAttendee(a.id);
    // Unreachable at once; off the disk once the compaction the erasure started is done.
    expect(store.exchanges.ofAttendee(a.id)).toEqual([]);
    expect(store.exchanges.ofAttendee(b.id)).toHaveLength(1);
    await store.flush();
    const text = await readFile(join(dir, 'exchanges.jsonl'), 'utf8');
    expect(text).not.toContain(a.id);
    expect(text).toContain(c.id);
    // Appends keep working after the rewrite.
    await store.exchanges.record({ a: b.id, b: c.id, kiosk: 'k2', at: now });
    expect((await openStore(dir)).exchanges.ofAttendee(c.id)[0]!.count).toBe(2);
  });

  it('keeps the taps recorded while an erasure rewrites the journal', async () => {
    const store = await openStore(dir);
    const [a, b, c] = [person(1), person(2), person(3)];
    for (const p of [a, b, c]) await store.insertAttendee(p);
    for (let i = 0; i < 200; i++) await store.exchanges.record({ a: a.id, b: b.id, kiosk: 'k1', at: now, key: `old-${i}` });
    await store.eraseAttendee(a.id);
    // The compaction the erasure started runs while these come in.
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.exchanges.record({ a: b.id, b: c.id, kiosk: 'k2', at: now, key: `new-${i}` })));
    await store.flush();
    const again = await openStore(dir);
    expect(again.exchanges.ofAttendee(c.id)[0]!.count).toBe(50);
    expect(await readFile(join(dir, 'exchanges.jsonl'), 'utf8')).not.toContain(a.id);
  });

  it('loses no acknowledged exchange when the process is killed with -9', async () => {
    // A child records exchanges as fast as it can and prints each one once it is acknowledged.
    const script = `
      import { openStore } from ${JSON.stringify(new URL('../../../server/store/store.ts', import.meta.url).pathname)};
      import { createAttendee } from ${JSON.stringify(new URL('../../../server/domain/attendee.ts', import.meta.url).pathname)};
      const store = await openStore(process.env.BX_DIR);
      const people = [];
      for (let i = 0; i < 50; i++) { const p = createAttendee({ name: 'P' + i, email: 'p' + i + '@x.org' }, 'staff', new Date()); await store.insertAttendee(p); people.push(p); }
      process.stdout.write('ready\\n');
      let n = 0;
      const worker = async () => { for (;;) { const i = n++; const a = people[i % 50], b = people[(i * 7 + 1) % 50];
        if (a.id === b.id) continue;
        await store.exchanges.record({ a: a.id, b: b.id, kiosk: 'k', at: new Date(), key: 'tap-' + i });
        process.stdout.write('ack tap-' + i + '\\n'); } };
      await Promise.all([worker(), worker(), worker(), worker()]);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BX_DIR: dir },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const acked = [...out.matchAll(/ack (tap-\d+)/g)].map((m) => m[1]!);
    expect(acked.length).toBeGreaterThan(20);
    const journal = await readFile(join(dir, 'exchanges.jsonl'), 'utf8');
    const keys = new Set([...journal.matchAll(/"key":"(tap-\d+)"/g)].map((m) => m[1]));
    expect(acked.filter((k) => !keys.has(k))).toEqual([]);
    // And the store opens on what was left.
    expect((await openStore(dir)).exchanges.size).toBeGreaterThan(0);
  });

  it('upgrades a version-1 db.json to the current version with no kiosks', async () => {
    await writeFile(join(dir, 'db.json'), JSON.stringify({ schemaVersion: 1, event: { name: 'Old' }, attendees: [person(1)] }));
    const store = await openStore(dir);
    expect(store.kiosks()).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, 'db.json'), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
  });
});
