import { readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAttendee, type Attendee } from '../../../server/domain/attendee.ts';
import { FileSink } from '../../../server/store/exchange-journal.ts';
import { BULK_SLICE } from '../../../server/store/bulk-upsert.ts';
import { markPrinted } from '../../../server/services/badge-print.ts';
import type { Db } from '../../../server/store/schema.ts';
import { memoryStore, openStore, type Store } from '../../../server/store/store.ts';
import { tempDataDir } from '../../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

const now = new Date('2026-12-05T09:00:00Z');
// Big enough to be built beside the live state over several turns of the event loop.
const MANY = BULK_SLICE * 2 + 500;
const person = (n: number) => createAttendee({ name: `Person ${n}`, email: `p${n}@example.org`, offering: `Offering ${n}`, needs: [`Need ${n}`] }, 'staff', now);
const everyone = () => Array.from({ length: MANY }, (_, n) => person(n));
/** One turn of the event loop: a big change is then between two of its slices. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const lines = async () => (await readFile(join(dir, 'changes.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** A journal whose disk refuses, once told to, every write of more than 100 kB (an import's) and takes the small ones. */
function bigWritesRefused() {
  const disk = {
    refusing: false,
    sink: (file: string): FileSink =>
      new (class extends FileSink {
        protected override async write(handle: FileHandle, bytes: Buffer, from: number) {
          if (disk.refusing && bytes.length > 100_000) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          return super.write(handle, bytes, from);
        }
      })(file),
  };
  return disk;
}

async function seeded(store: Store): Promise<Attendee[]> {
  await store.upsertAttendees(everyone(), []);
  return [...store.attendees()];
}

describe('a bulk change of thousands of people', () => {
  it('lets the event loop turn while it is built, and reads meanwhile see the state before it whole', async () => {
    const store = memoryStore();
    const before = await seeded(store);
    const importing = store.upsertAttendees([person(MANY)], before.map((a) => ({ ...a, title: 'Imported' })));
    await nextTurn();
    expect(store.attendees()).toEqual(before);
    expect(store.attendee(before[0]!.id)?.title).toBe('');
    expect(store.attendeeByEmail(`p${MANY}@example.org`)).toBeUndefined();
    await importing;
    expect(store.attendees().map((a) => a.title)).toEqual(Array(MANY + 1).fill('Imported').fill('', MANY));
    expect(store.attendee(before[0]!.id)?.title).toBe('Imported');
    expect(store.attendeeByEditKey(before[MANY - 1]!.editKey)?.title).toBe('Imported');
    expect(store.attendeeByEmail(`p${MANY}@example.org`)?.name).toBe(`Person ${MANY}`);
  });

  it('takes an edit that arrives while it is built after it, on disk in that order, neither lost', async () => {
    const store = await openStore(dir);
    const before = await seeded(store);
    const dana = before[MANY - 1]!;
    const importing = store.upsertAttendees([], before.map((a) => ({ ...a, title: 'Imported' })));
    await nextTurn();
    // The edit is asked for as a route does it, while reads still see the state before the import.
    expect(store.attendee(dana.id)?.title).toBe('');
    const editing = store.updateAttendee(dana.id, (current) => ({ ...current, goal: 'Edited meanwhile' }));
    const order: string[] = [];
    await Promise.all([importing.then(() => order.push('import')), editing.then(() => order.push('edit'))]);
    expect(order).toEqual(['import', 'edit']);
    expect(store.attendee(dana.id)).toMatchObject({ title: 'Imported', goal: 'Edited meanwhile' });
    const written = await lines();
    expect(written.at(-1)).toMatchObject({ put: { id: dana.id, goal: 'Edited meanwhile' } });
    expect((await openStore(dir)).attendees()).toEqual(store.attendees());
  });

  it('marks badges printed on the records an import under way leaves, not on those read before it', async () => {
    const store = await openStore(dir);
    const before = await seeded(store);
    const importing = store.upsertAttendees([], before.map((a) => ({ ...a, title: 'Imported' })));
    await nextTurn();
    const printing = markPrinted(store, store.attendees().slice(0, 10), new Date('2026-12-03T09:30:00Z'));
    await Promise.all([importing, printing]);
    expect(store.attendees().slice(0, 11).map((a) => [a.title, a.printedAt ?? null])).toEqual([...Array(10).fill(['Imported', '2026-12-03T09:30:00.000Z']), ['Imported', null]]);
    expect((await openStore(dir)).attendees()).toEqual(store.attendees());
  });

  it('writes an import planned before an edit and an erasure on the records they leave: the edit stays, the erased person stays gone', async () => {
    const store = await openStore(dir);
    const before = await seeded(store);
    const [dana, sam, zoe] = [before[0]!, before[1]!, before[2]!];
    const importing = store.upsertAttendees([], before.map((a) => ({ ...a, title: 'Imported' })));
    await nextTurn();
    // A second import, planned now (reads still show the state before the first): it sets the
    // company of the three, as a CSV row's cells would, on whatever the record is when it is written.
    const company = (current: Attendee) => ({ ...current, company: 'From the CSV' });
    const editing = store.updateAttendee(dana.id, (current) => ({ ...current, goal: 'Edited meanwhile' }));
    const erasing = store.eraseAttendee(sam.id);
    const second = store.changeAttendees([person(MANY)], new Map([dana, sam, zoe].map((p) => [p.id, company])));
    await Promise.all([importing, editing, erasing]);
    expect((await second).map((a) => a.id)).toEqual([dana.id, zoe.id]);
    expect(store.attendee(dana.id)).toMatchObject({ title: 'Imported', goal: 'Edited meanwhile', company: 'From the CSV' });
    expect(store.attendee(sam.id)).toBeUndefined();
    expect(store.attendee(zoe.id)).toMatchObject({ title: 'Imported', company: 'From the CSV' });
    expect(store.attendeeByEmail(`p${MANY}@example.org`)?.name).toBe(`Person ${MANY}`);
    expect((await openStore(dir)).attendees()).toEqual(store.attendees());
  });

  it('lets only one of an import and a registration that arrives meanwhile take an email', async () => {
    const store = await openStore(dir);
    const before = await seeded(store);
    const newcomer = person(MANY);
    const importing = store.upsertAttendees([newcomer], before.map((a) => ({ ...a, title: 'Imported' })));
    await nextTurn();
    const walkIn = { ...person(MANY + 1), email: newcomer.email };
    const registering = store.insertAttendee(walkIn);
    await importing;
    await expect(registering).rejects.toMatchObject({ status: 409, code: 'email_taken' });
    expect(store.attendees().filter((a) => a.email === newcomer.email).map((a) => a.id)).toEqual([newcomer.id]);
    expect((await openStore(dir)).attendees().filter((a) => a.email === newcomer.email)).toHaveLength(1);
  });

  it('refuses an import whose new person takes an email registered while the import waited', async () => {
    const store = await openStore(dir);
    const before = await seeded(store);
    const walkIn = person(MANY + 1);
    const registering = store.insertAttendee(walkIn);
    const importing = store.upsertAttendees([{ ...person(MANY), email: walkIn.email }], before.map((a) => ({ ...a, title: 'Imported' })));
    await registering;
    await expect(importing).rejects.toMatchObject({ status: 409, code: 'email_taken' });
    expect(store.attendees()).toEqual([...before, walkIn]);
  });

  it('erases completely a person whose erasure arrives while an import writing notes about them is built', async () => {
    const store = await openStore(dir);
    const before = await seeded(store);
    const sam = before[1]!;
    const updates = before.map((a) => ({ ...a, title: 'Imported', notes: a.id === sam.id ? {} : { [sam.id]: 'send Sam the deck' } }));
    const importing = store.upsertAttendees([], updates);
    await nextTurn();
    const erasing = store.eraseAttendee(sam.id);
    await importing;
    expect(await erasing).toBe(true);
    expect(store.attendee(sam.id)).toBeUndefined();
    expect(store.attendeeByEmail(sam.email)).toBeUndefined();
    expect(store.attendeeByEditKey(sam.editKey)).toBeUndefined();
    expect(store.attendees().filter((a) => a.notes?.[sam.id] !== undefined)).toEqual([]);
    expect(store.attendees()).toHaveLength(MANY - 1);
    await store.flush();
    const onDisk = await readFile(join(dir, 'db.json'), 'utf8') + (await readFile(join(dir, 'changes.jsonl'), 'utf8'));
    expect(onDisk).not.toContain(sam.id);
    expect(onDisk).not.toContain(sam.email);
    expect((await openStore(dir)).attendees()).toEqual(store.attendees());
  });

  it('puts back exactly the state before it, indexes too, when its write fails, and takes the writes that waited', async () => {
    const disk = bigWritesRefused();
    const store = await openStore(dir, { changesSink: disk.sink });
    const before = await seeded(store);
    disk.refusing = true;
    const importing = store.upsertAttendees([person(MANY)], before.map((a) => ({ ...a, title: 'Imported', email: `moved-${a.email}` })));
    await nextTurn();
    const walkIn = person(MANY + 1);
    const registering = store.insertAttendee(walkIn);
    await expect(importing).rejects.toMatchObject({ code: 'ENOSPC' });
    await registering;
    expect(store.attendees()).toEqual([...before, walkIn]);
    for (const a of before) {
      expect(store.attendee(a.id)).toBe(a);
      expect(store.attendeeByEmail(a.email)).toBe(a);
      expect(store.attendeeByEmail(`moved-${a.email}`)).toBeUndefined();
      expect(store.attendeeByEditKey(a.editKey)).toBe(a);
    }
    expect(store.attendeeByEmail(`p${MANY}@example.org`)).toBeUndefined();
    expect((await openStore(dir)).attendees()).toEqual(store.attendees());
  });

  it('is never written half into db.json by a compaction that runs while it is built', async () => {
    const snapshots: Db[] = [];
    const store = await openStore(dir, {
      compactAfterBytes: 1,
      afterCompactionStep: async (step) => {
        if (step === 'snapshot-written') snapshots.push(JSON.parse(await readFile(join(dir, 'db.json'), 'utf8')));
      },
    });
    const before = await seeded(store);
    await store.flush();
    snapshots.length = 0;
    let imported = false;
    const importing = store.upsertAttendees([], before.map((a) => ({ ...a, title: 'Imported' }))).then(() => (imported = true));
    await nextTurn();
    // A change to a small part is not held back by the import; once durable it starts a compaction.
    await store.saveKiosk({ id: 'k1', name: 'Hall A', createdAt: now.toISOString(), tokenHash: null, pairedAt: null, revokedAt: null, pairingCode: null, pairingExpiresAt: null });
    const whileImporting = !imported;
    await importing;
    await store.flush();
    expect(whileImporting).toBe(true);
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    for (const db of snapshots) expect(new Set(db.attendees.map((a) => a.title)).size).toBe(1);
    expect(snapshots[0]!.attendees[0]!.title).toBe('');
    expect(snapshots.at(-1)!.attendees.every((a) => a.title === 'Imported')).toBe(true);
  });
});
