import { spawn } from 'node:child_process';
import { appendFile, mkdir, readFile, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAttendee } from '../../../server/domain/attendee.ts';
import { SCHEMA_VERSION } from '../../../server/store/schema.ts';
import { loadOrCreateSecret } from '../../../server/store/secrets.ts';
import { memoryStore, openStore } from '../../../server/store/store.ts';
import { makeApp, fillingDisk, openStoreWarning, profile, send, tempDataDir } from '../../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

describe('the store on disk', () => {
  it('keeps everything across a restart', async () => {
    const first = makeApp(await openStore(dir));
    const { body: dana } = await send(first.app, 'POST', '/api/attendees', profile());
    await send(first.app, 'PATCH', `/api/attendees/${dana.id}`, { goal: 'Ship v2' });
    await send(first.app, 'PATCH', '/api/event', { name: 'Harbour Meetup', registrationOpen: false });
    const { body: sam } = await send(first.app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@example.org' }));
    await send(first.app, 'DELETE', `/api/attendees/${sam.id}`);

    // A new store and app over the same folder, as after a restart: no flush, no shutdown hook.
    const second = makeApp(await openStore(dir));
    const { body } = await send(second.app, 'GET', '/api/attendees');
    expect(body.attendees.map((a: { name: string; goal: string }) => [a.name, a.goal])).toEqual([['Dana Whitfield', 'Ship v2']]);
    expect(second.store.event).toMatchObject({ name: 'Harbour Meetup', registrationOpen: false });
    expect((await send(second.app, 'GET', `/api/attendees/${dana.id}`)).body.badgeUrl).toBe(dana.badgeUrl);
  });

  it('loses none of 200 parallel creates', async () => {
    const { app } = makeApp(await openStore(dir));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => send(app, 'POST', '/api/attendees', profile({ name: `Person ${i}`, email: `p${i}@example.org` }))),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const onDisk = (await openStore(dir)).attendees();
    expect(onDisk).toHaveLength(200);
    expect(new Set(onDisk.map((a) => a.email)).size).toBe(200);
  });

  it('answers only after the write is on disk', async () => {
    const { app } = makeApp(await openStore(dir));
    const { body } = await send(app, 'POST', '/api/attendees', profile());
    const lines = (await readFile(join(dir, 'changes.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.put?.id)).toEqual([body.id]);
  });

  it('writes the schema version and upgrades a file from before versions', async () => {
    const old = { attendees: [createAttendee({ name: 'Old Timer', email: 'old@example.org' }, 'staff', new Date())] };
    await writeFile(join(dir, 'db.json'), JSON.stringify(old));
    const store = await openStore(dir);
    expect(store.attendees().map((a) => a.name)).toEqual(['Old Timer']);
    expect(store.event.registrationOpen).toBe(true);
    const onDisk = JSON.parse(await readFile(join(dir, 'db.json'), 'utf8'));
    expect(onDisk.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('refuses a file from a newer version instead of overwriting it', async () => {
    await writeFile(join(dir, 'db.json'), JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, attendees: [] }));
    await expect(openStore(dir)).rejects.toThrow(/newer than this server/);
    expect(JSON.parse(await readFile(join(dir, 'db.json'), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION + 1);
  });

  it('refuses to start on a damaged file and leaves it untouched', async () => {
    await writeFile(join(dir, 'db.json'), '{"schemaVersion": 1, "attendees": [');
    await expect(openStore(dir)).rejects.toThrow(/db\.json is not valid JSON.*left as it is/);
    expect(await readFile(join(dir, 'db.json'), 'utf8')).toBe('{"schemaVersion": 1, "attendees": [');
  });

  it('never leaves a torn or empty file when the process is killed mid-write', async () => {
    // A child writes as fast as it can; we kill -9 it at several moments and read what is left.
    const script = `
      import { openStore } from ${JSON.stringify(new URL('../../../server/store/store.ts', import.meta.url).pathname)};
      import { createAttendee } from ${JSON.stringify(new URL('../../../server/domain/attendee.ts', import.meta.url).pathname)};
      const store = await openStore(process.env.BX_DIR);
      process.stdout.write('ready\\n');
      for (let i = 0; ; i++) {
        await store.insertAttendee(createAttendee({ name: 'P' + i, email: 'p' + i + '-' + process.pid + '@example.org', offering: 'x'.repeat(100), needs: ['y'] }, 'staff', new Date()));
      }`;
    let last = 0;
    for (const delay of [150, 300, 450]) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, BX_DIR: dir },
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(JSON.parse(await readFile(join(dir, 'db.json'), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
      // Each run adds to what the previous runs left: nothing acknowledged is lost.
      const count = (await openStore(dir)).attendees().length;
      expect(count).toBeGreaterThan(last);
      last = count;
    }
  });

  it('puts memory back when a write fails, so the store and the answer agree', async () => {
    await send(makeApp(await openStore(dir)).app, 'POST', '/api/attendees', profile());
    const store = await openStore(dir);
    const { app } = makeApp(store);
    // A directory where the journal must be makes every write fail, even for root.
    await rename(join(dir, 'changes.jsonl'), join(dir, 'kept.jsonl'));
    await mkdir(join(dir, 'changes.jsonl'));
    const res = await send(app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@example.org' }));
    expect(res.status).toBe(500);
    expect(res.body.error.message).not.toMatch(/EISDIR|\//);
    expect(store.attendees().map((a) => a.name)).toEqual(['Dana Whitfield']);
    expect(store.attendeeByEmail('sam@example.org')).toBeUndefined();
    await rmdir(join(dir, 'changes.jsonl'));
    await rename(join(dir, 'kept.jsonl'), join(dir, 'changes.jsonl'));
    // Once the disk is fine again, the same request succeeds.
    expect((await send(app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@example.org' }))).status).toBe(201);
  });

  it('cuts a last line of changes.jsonl torn by a crash, so the next change never glues onto it', async () => {
    const { app } = makeApp(await openStore(dir));
    await send(app, 'POST', '/api/attendees', profile());
    const file = join(dir, 'changes.jsonl');
    const whole = await readFile(file, 'utf8');
    const torn = '{"s":99,"op":"insert","attend';
    await appendFile(file, torn);
    const { store: again, said } = await openStoreWarning(dir);
    expect(said.join()).toContain(`changes.jsonl: cut a torn last line of ${torn.length} bytes`);
    expect(await readFile(file, 'utf8')).toBe(whole);
    await send(makeApp(again).app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@example.org' }));
    expect((await openStore(dir)).attendees().map((a) => a.name).sort()).toEqual(['Dana Whitfield', 'Sam']);
  });

  it('answers 507 when the disk takes only part of a change, cuts that part back, and takes the change once there is room', async () => {
    const disk = fillingDisk();
    const store = await openStore(dir, { changesSink: disk.sink });
    const { app } = makeApp(store);
    await send(app, 'POST', '/api/attendees', profile());
    disk.room = 40;
    const full = await send(app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@example.org' }));
    expect(full.status).toBe(507);
    expect(full.body.error.code).toBe('storage_full');
    expect(store.attendeeByEmail('sam@example.org')).toBeUndefined();
    const text = await readFile(join(dir, 'changes.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('Sam');
    disk.room = Infinity;
    expect((await send(app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@example.org' }))).status).toBe(201);
    expect((await openStore(dir)).attendees().map((a) => a.name).sort()).toEqual(['Dana Whitfield', 'Sam']);
  });

  it('creates the server secret once, mode 0600', async () => {
    const a = await loadOrCreateSecret(dir, 'secret');
    const b = await loadOrCreateSecret(dir, 'secret');
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(43);
    expect((await stat(join(dir, 'secret'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'db.json')).catch(() => null))).toBeNull();
  });
});

describe('personal keys', () => {
  it('finds each person by their whole key only, even when two keys start alike', async () => {
    const store = memoryStore();
    const now = new Date();
    const one = { ...createAttendee(profile({ email: 'one@example.org' }), 'staff', now), editKey: 'SAMESTARt1111111111111' };
    const two = { ...createAttendee(profile({ email: 'two@example.org' }), 'staff', now), editKey: 'SAMESTARt2222222222222' };
    await store.upsertAttendees([one, two], []);
    expect(store.attendeeByEditKey(one.editKey)?.id).toBe(one.id);
    expect(store.attendeeByEditKey(two.editKey)?.id).toBe(two.id);
    expect(store.attendeeByEditKey('SAMESTARt3333333333333')).toBeUndefined();
    expect(store.attendeeByEditKey('SAMESTARt1111')).toBeUndefined();

    // A replaced key stops at once; the other person sharing its start is still found.
    await store.updateAttendee(one.id, (a) => ({ ...a, editKey: 'fresh-key-000000000000' }));
    expect(store.attendeeByEditKey(one.editKey)).toBeUndefined();
    expect(store.attendeeByEditKey('fresh-key-000000000000')?.id).toBe(one.id);
    expect(store.attendeeByEditKey(two.editKey)?.id).toBe(two.id);
  });
});
