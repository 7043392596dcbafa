import { spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAttendee, type Attendee } from '../../../server/domain/attendee.ts';
import { markPrinted } from '../../../server/services/badge-print.ts';
import { FileSink } from '../../../server/store/exchange-journal.ts';
import { SCHEMA_VERSION } from '../../../server/store/schema.ts';
import { openStore, type Store } from '../../../server/store/store.ts';
import { tempDataDir } from '../../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

const now = new Date('2026-12-05T09:00:00Z');
const person = (n: number, extra: Partial<Attendee> = {}) => ({
  ...createAttendee({ name: `Person ${n}`, email: `p${n}@example.org`, offering: `Offering ${n}`, needs: [`Need ${n}`] }, 'staff', now),
  ...extra,
});

/** Everything a start rebuilds, in a form to compare. */
function stateOf(store: Store) {
  return {
    attendees: store.attendees(),
    event: store.event,
    kiosks: store.kiosks(),
    topics: store.eventTopics(),
    wrongClaims: store.wrongClaims(),
    staffGeneration: store.staffSessionGeneration(),
    exchanges: store.exchanges.all(),
    digests: store.digests.all(),
  };
}

/** Every file under the data folder, temp files included, as text. */
async function everything(folder: string): Promise<string> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out.join('\n');
}

const tracesOf = (a: Attendee) => [a.id, a.name, a.email, a.offering];

describe('the change journal and its compaction', () => {
  it('rebuilds after a restart exactly what memory held, before and after compaction', async () => {
    const store = await openStore(dir);
    const [dana, sam, zoe] = [person(1), person(2), person(3)];
    for (const p of [dana, sam, zoe]) await store.insertAttendee(p);
    await store.updateAttendee(sam.id, (a) => ({ ...a, goal: 'Ship v2', notes: { [zoe.id]: 'send Zoe the deck', [dana.id]: 'coffee' } }));
    await store.upsertAttendees([person(4)], [{ ...dana, title: 'CFO' }]);
    await store.updateEvent({ name: 'Harbour Meetup' });
    await store.saveKiosk({ id: 'k1', name: 'Hall A', createdAt: now.toISOString(), tokenHash: null, pairedAt: null, revokedAt: null, pairingCode: null, pairingExpiresAt: null });
    await store.saveEventTopics([{ id: 'vets', label: 'Veterinary practices', terms: ['vet'] } as never]);
    await store.saveWrongClaims([{ offeredBy: zoe.id, neededBy: dana.id, need: 'Need 1', offering: 'Offering 3', markedAt: now.toISOString() }]);
    await store.endStaffSessions('all', now);
    await store.exchanges.record({ a: dana.id, b: zoe.id, kiosk: 'k1', at: now });
    await store.exchanges.record({ a: dana.id, b: sam.id, kiosk: 'k1', at: now });
    await store.digests.record({ attendee: zoe.id, state: 'sent', at: now.toISOString() });
    await store.eraseAttendee(zoe.id);
    const before = stateOf(store);
    expect(before.attendees.find((a) => a.id === sam.id)?.notes).toEqual({ [dana.id]: 'coffee' });
    expect(before.wrongClaims).toEqual([]);
    expect(before.exchanges).toHaveLength(1);

    // Read while the compaction the erasure started runs (from a copy: one store per folder), and after it.
    const copy = `${dir}-copy`;
    await mkdir(copy);
    for (const name of ['changes.jsonl', 'db.json', 'exchanges.jsonl', 'digests.jsonl']) await copyFile(join(dir, name), join(copy, name));
    try {
      expect(stateOf(await openStore(copy))).toEqual(before);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
    await store.flush();
    expect(stateOf(await openStore(dir))).toEqual(before);
    const db = JSON.parse(await readFile(join(dir, 'db.json'), 'utf8'));
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    expect(db.attendees).toHaveLength(3);
    expect(await readFile(join(dir, 'changes.jsonl'), 'utf8')).toBe('');
  });

  it('opens a db.json of the old layout, attendees in it, and keeps them through the journal', async () => {
    const old = [person(1), person(2)];
    const v2 = { schemaVersion: 2, event: { name: 'Old', organizerEmail: 'o@example.org', date: '', registrationOpen: true }, attendees: old, kiosks: [] };
    await writeFile(join(dir, 'db.json'), JSON.stringify(v2));
    const store = await openStore(dir);
    expect(store.attendees().map((a) => a.name)).toEqual(['Person 1', 'Person 2']);
    await store.insertAttendee(person(3));
    expect((await openStore(dir)).attendees().map((a) => a.name)).toEqual(['Person 1', 'Person 2', 'Person 3']);
    await store.flush();
    const db = JSON.parse(await readFile(join(dir, 'db.json'), 'utf8'));
    expect(db).toMatchObject({ schemaVersion: SCHEMA_VERSION, journalSeq: 1, event: { name: 'Old' } });
    expect(db.attendees).toHaveLength(3);
  });

  it('leaves no byte of an erased person on disk once the compaction is done', async () => {
    const store = await openStore(dir);
    const [dana, zoe] = [person(1), person(2, { name: 'Zoë Ångström', email: 'zoe.unique@example.org', offering: 'Glacier tours by kayak' })];
    await store.upsertAttendees([dana, zoe], []);
    await store.flush();
    // Zoë is in the snapshot, in journal lines after it, in a tap and a digest record.
    await store.updateAttendee(zoe.id, (a) => ({ ...a, goal: 'More kayaks' }));
    await store.updateAttendee(dana.id, (a) => ({ ...a, notes: { [zoe.id]: 'ask Zoë about kayaks' } }));
    await store.exchanges.record({ a: dana.id, b: zoe.id, kiosk: 'k1', at: now });
    await store.digests.record({ attendee: zoe.id, state: 'sent', at: now.toISOString() });
    expect(await everything(dir)).toContain('zoe.unique@example.org');

    await store.eraseAttendee(zoe.id);
    expect(store.attendee(zoe.id)).toBeUndefined();
    expect(store.exchanges.ofAttendee(dana.id)).toEqual([]);
    expect(store.digests.latest(zoe.id)).toBeUndefined();
    await store.flush();
    const kept = await everything(dir);
    for (const trace of [...tracesOf(zoe), 'kayaks']) expect(kept).not.toContain(trace);
    expect(kept).toContain('p1@example.org');
  });

  it('marks many badges printed in one journal write', async () => {
    const writes: number[] = [];
    class CountingSink extends FileSink {
      override async append(lines: string): Promise<void> {
        writes.push(lines.split('\n').length - 1);
        return super.append(lines);
      }
    }
    const people = Array.from({ length: 2500 }, (_, i) => person(i));
    const store = await openStore(dir, { changesSink: (file) => new CountingSink(file) });
    await store.upsertAttendees(people, []);
    writes.length = 0;
    await markPrinted(store, [...store.attendees()], now);
    expect(writes).toEqual([2500]);
    expect((await openStore(dir)).attendees().every((a) => a.printedAt === now.toISOString())).toBe(true);
  });
});

describe('a crash in the middle of a compaction', () => {
  // The child makes changes, erases two people, prints what it holds once each is acknowledged,
  // then is killed with -9 right after the chosen step of the compaction.
  const script = `
    import { openStore } from ${JSON.stringify(new URL('../../../server/store/store.ts', import.meta.url).pathname)};
    import { createAttendee } from ${JSON.stringify(new URL('../../../server/domain/attendee.ts', import.meta.url).pathname)};
    let armed = false;
    const store = await openStore(process.env.BX_DIR, {
      afterCompactionStep: (step) => { if (armed && step === process.env.BX_STEP) process.kill(process.pid, 'SIGKILL'); },
    });
    const at = new Date('2026-12-05T09:00:00Z');
    const make = (n, offering) => createAttendee({ name: 'Person ' + n, email: 'p' + n + '@example.org', offering, needs: ['Need ' + n] }, 'staff', at);
    const people = Array.from({ length: 30 }, (_, i) => make(i, 'Offering ' + i));
    const [v1, v2] = [make('v1', 'Victim one sells tea'), make('v2', 'Victim two sells maps')];
    await store.upsertAttendees([...people, v1, v2], []);
    await store.flush();
    for (const p of people.slice(0, 10)) await store.updateAttendee(p.id, (a) => ({ ...a, goal: 'edited', notes: { [v1.id]: 'met v1' } }));
    for (const v of [v1, v2]) {
      await store.exchanges.record({ a: people[0].id, b: v.id, kiosk: 'k', at });
      await store.digests.record({ attendee: v.id, state: 'sent', at: at.toISOString() });
    }
    await store.exchanges.record({ a: people[0].id, b: people[1].id, kiosk: 'k', at });
    const report = (erased) => process.stdout.write(JSON.stringify({ erased, attendees: store.attendees(), exchanges: store.exchanges.all() }) + '\\n');
    await store.eraseAttendee(v1.id);
    await store.flush();
    report([v1]);
    // Armed for the compaction the second erasure starts by itself, in the background.
    armed = true;
    await store.insertAttendee(make(99, 'After the first erasure'));
    await store.eraseAttendee(v2.id);
    report([v1, v2]);
    await store.flush();
    process.stdout.write('not killed\\n');
  `;

  for (const step of ['taps-dropped', 'snapshot-written', 'journal-cut'] as const) {
    it(`loses nothing acknowledged and keeps no erased person when killed after ${step}`, { timeout: 30_000 }, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, BX_DIR: dir, BX_STEP: step },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const signal = await new Promise((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
      expect(signal).toBe('SIGKILL');
      const reports = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      const acked = reports.at(-1)!;

      const store = await openStore(dir);
      expect(store.attendees()).toEqual(acked.attendees);
      expect(store.exchanges.all()).toEqual(acked.exchanges);
      await store.flush();
      const kept = await everything(dir);
      for (const victim of acked.erased) for (const trace of tracesOf(victim)) expect(kept).not.toContain(trace);
      expect(kept).toContain('After the first erasure');
      expect(stateOf(await openStore(dir)).attendees).toEqual(acked.attendees);
    });
  }
});
