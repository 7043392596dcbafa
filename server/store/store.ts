import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, Memory } from 'lowdb';
import type { Attendee } from '../domain/attendee.ts';
import { AppError } from '../errors.ts';
import { AttendeeIndexes } from './attendee-indexes.ts';
import { AttendeeWrites } from './attendee-writes.ts';
import { BULK_SLICE, upsertBeside, upsertInPlace, type AttendeesState } from './bulk-upsert.ts';
import { ChangeJournal, openJournal, type OpenedJournal } from './change-journal.ts';
import { Compactor, type CompactionStep } from './compaction.ts';
import { DurableJSONFile } from './durable-json-file.ts';
import { FileSink, memorySink, readJournal, type JournalSink, type Tap } from './exchange-journal.ts';
import { ExchangeRegistry } from './exchanges.ts';
import { DigestLog, type DigestEntry } from './digest-log.ts';
import type { EventTopic } from '../domain/topics.ts';
import { emptyDb, migrate, type Db, type EventInfo, type Kiosk, type WrongClaim } from './schema.ts';
import { documentOf, stateOf, withoutNote, type ChangeBody, type SmallPart } from './store-changes.ts';

/** Told after a change to attendees is on disk: who changed (as they are now) and who was erased. */
export type AttendeeListener = (changed: readonly Attendee[], erased: readonly string[]) => void;

/** What a store is built from: its memory, its journals and how it compacts. */
export interface StoreParts {
  low: Low<Db>;
  changes: ChangeJournal;
  exchanges: ExchangeRegistry;
  digests: DigestLog;
  /** Wires the compactor once the store exists (it compacts what the store journals). */
  compactor: Compactor;
}

/**
 * The one module that owns stored state. Reads come from memory (with indexes by id, email
 * and personal-link key); every mutation changes memory synchronously, so two requests can
 * never interleave inside one, then resolves only once its line in `changes.jsonl` is on disk.
 * A failed write puts memory back as it was, so the caller's error and the store agree.
 * A bulk change of thousands of people is the exception that keeps the rule: it is built beside
 * the state reads use, a slice at a time so the server keeps answering, and swapped in at once;
 * other attendee writes wait for it (server/store/attendee-writes.ts), so none lands inside it.
 * db.json is rewritten only by compaction, in the background (server/store/compaction.ts).
 */
export class Store {
  readonly #low: Low<Db>;
  readonly #listeners = new Set<AttendeeListener>();
  readonly #changes: ChangeJournal;
  readonly #compactor: Compactor;
  /** The last change handed to the journal: once it is durable, every earlier one is. */
  #lastWrite: Promise<void> = Promise.resolve();
  /** Every meeting, one per pair, from the append-only journal. */
  readonly exchanges: ExchangeRegistry;
  /** Which digests went out, from `digests.jsonl`. */
  readonly digests: DigestLog;
  /** Replaced whole by a bulk change (built beside it), changed in place by single writes. */
  #indexes: AttendeeIndexes;
  readonly #writes = new AttendeeWrites();

  constructor({ low, changes, exchanges, digests, compactor }: StoreParts) {
    this.#low = low;
    this.#indexes = AttendeeIndexes.of(low.data.attendees);
    this.#changes = changes;
    this.#compactor = compactor;
    this.exchanges = exchanges;
    this.digests = digests;
  }

  kiosks(): readonly Kiosk[] {
    return this.#low.data.kiosks;
  }

  /** Adds a kiosk or replaces the one with its id. */
  saveKiosk(kiosk: Kiosk): Promise<void> {
    const list = this.#low.data.kiosks;
    const at = list.findIndex((k) => k.id === kiosk.id);
    // A new list, never the old one changed: the journal's durable copy may still hold the old one.
    return this.#set('kiosks', at === -1 ? [...list, kiosk] : list.map((k, i) => (i === at ? kiosk : k)));
  }

  /** Follows attendee changes (indexes built elsewhere stay current); returns the unsubscribe function. */
  onAttendeesChanged(listener: AttendeeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(changed: readonly Attendee[], erased: readonly string[] = []): void {
    for (const listener of this.#listeners) listener(changed, erased);
  }

  get event(): EventInfo {
    return this.#low.data.event;
  }

  /** Every attendee, oldest first. */
  attendees(): readonly Attendee[] {
    return this.#low.data.attendees;
  }

  attendee(id: string): Attendee | undefined {
    return this.#indexes.byId(id);
  }

  /** The person with this (normalized) email; never anyone for "" (people without one). */
  attendeeByEmail(email: string): Attendee | undefined {
    return this.#indexes.byEmail(email);
  }

  attendeeByEditKey(key: string): Attendee | undefined {
    return this.#indexes.byEditKey(key);
  }

  insertAttendee(a: Attendee): Promise<void> {
    return this.#writes.single(() => this.#insert(a));
  }

  async #insert(a: Attendee): Promise<void> {
    this.#indexes.assertEmailFree(a.email, a.id);
    this.#low.data.attendees.push(a);
    this.#indexes.add(a);
    await this.#commit([{ put: a }], () => {
      // Gone already when an erasure came while the write was on its way (the purge waits for it).
      const list = this.#low.data.attendees;
      const at = list.lastIndexOf(a);
      if (at === -1) return;
      list.splice(at, 1);
      this.#indexes.remove(a);
    });
    this.#notify([a]);
  }

  /**
   * Changes one person and returns them as changed. `change` gets the record as it is when the
   * write runs, after any bulk change under way (whose people reads see only once it is in), so
   * an edit never puts back what an import or another edit changed meanwhile.
   */
  updateAttendee(id: string, change: (current: Attendee) => Attendee): Promise<Attendee> {
    // An async function runs up to its first await at once: memory changes as `single` expects.
    return this.#writes.single(async () => {
      const current = this.#indexes.byId(id);
      if (!current) throw new AppError(404, 'not_found', 'That attendee was not found.');
      const next = change(current);
      await this.#replace(next);
      return next;
    });
  }

  async #replace(next: Attendee): Promise<void> {
    const list = this.#low.data.attendees;
    const at = list.findIndex((a) => a.id === next.id);
    const prev = list[at];
    if (!prev) throw new AppError(404, 'not_found', 'That attendee was not found.');
    this.#indexes.assertEmailFree(next.email, next.id);
    list[at] = next;
    this.#indexes.remove(prev);
    this.#indexes.add(next);
    await this.#commit([{ put: next }], () => {
      // An erasure since took the person out: nothing to put back.
      const now = this.#low.data.attendees;
      const at = now.indexOf(next);
      if (at === -1) return;
      now[at] = prev;
      this.#indexes.remove(next);
      this.#indexes.add(prev);
    });
    this.#notify([next]);
  }

  /**
   * Removes a person from everything the store holds; false when there was no such person.
   * Unreachable at once in memory; on disk their erase line is what is durable when this
   * resolves, and the compaction it starts takes every byte of them off the disk meanwhile
   * (`flush()` waits for it).
   */
  eraseAttendee(id: string): Promise<boolean> {
    return this.#writes.single(() => this.#erase(id));
  }

  async #erase(id: string): Promise<boolean> {
    const list = this.#low.data.attendees;
    const at = list.findIndex((a) => a.id === id);
    const prev = list[at];
    if (!prev) return false;
    list.splice(at, 1);
    this.#indexes.remove(prev);
    // A claim marked wrong quotes the person's need or offering: it goes with them.
    const marks = this.#low.data.wrongClaims;
    if (marks) this.#low.data.wrongClaims = marks.filter((m) => m.offeredBy !== id && m.neededBy !== id);
    // So do the notes others wrote about them (they name them, "send Dana the deck").
    const noted = new Map<number, Attendee>();
    list.forEach((a, i) => {
      if (a.notes?.[id] === undefined) return;
      noted.set(i, a);
      list[i] = withoutNote(a, id);
      this.#indexes.remove(a);
      this.#indexes.add(list[i]!);
    });
    await this.#commit([{ erase: id }], () => {
      for (const [i, a] of noted) {
        this.#indexes.remove(list[i]!);
        list[i] = a;
        this.#indexes.add(a);
      }
      list.splice(at, 0, prev);
      this.#indexes.add(prev);
      this.#low.data.wrongClaims = marks;
    });
    // Their meetings and digest record go too (forgotten once the erasure is durable, so a failed
    // write leaves memory and disk agreeing); compaction takes them out of the journals.
    this.exchanges.forget(id);
    this.digests.forget(id);
    this.#notify([], [id]);
    return true;
  }

  /**
   * The purge after the event: every attendee, every exchange and every digest record, gone from
   * memory and from disk before this resolves (a compaction of a store left with no people is
   * small). The event, its settings and the kiosks (no personal data) stay.
   * Returns how many people were erased.
   */
  async purgePersonalData(): Promise<number> {
    // Alone, like a bulk change: its undo puts back the whole list, which must not bring back a
    // single write that failed and was undone meanwhile.
    const erased = await this.#writes.bulk(async () => {
      const ids = this.#low.data.attendees.map((a) => a.id);
      const before: AttendeesState = { list: this.#low.data.attendees, indexes: this.#indexes };
      const marks = this.#low.data.wrongClaims;
      this.#swapIn({ list: [], indexes: new AttendeeIndexes() });
      this.#low.data.wrongClaims = [];
      await this.#commit([{ purge: true }], () => {
        this.#swapIn(before);
        this.#low.data.wrongClaims = marks;
      });
      this.exchanges.forgetAll();
      this.digests.forgetAll();
      this.#notify([], ids);
      return ids;
    });
    // Durable already: a compaction that fails now is logged and done again after the next change.
    await this.#compactor.run().catch((err: Error) => console.warn(`Compacting after the purge failed (${err.message}); every change is safe in changes.jsonl, and it is tried again after the next one.`));
    return erased.length;
  }

  /**
   * Adds and replaces many attendees in one durable write (a CSV import, badges marked printed).
   * Other attendee writes wait for it. Reads see the state before it until it is swapped in whole
   * (a big change is built beside it over several turns of the event loop); a failed write puts
   * that state back.
   */
  upsertAttendees(created: Attendee[], updated: Attendee[]): Promise<void> {
    return this.#writes.bulk(() => this.#upsert(created, updated));
  }

  /**
   * Adds `created` and changes the people of `changes` in one durable write (a CSV import, badges
   * marked printed), each change applied to the record as it is when the write runs, after any
   * bulk change under way, so an edit made meanwhile is not put back; people erased meanwhile are
   * left out (an import does not bring them back). Returns them as changed.
   */
  changeAttendees(created: Attendee[], changes: ReadonlyMap<string, (current: Attendee) => Attendee>): Promise<Attendee[]> {
    return this.#writes.bulk(async () => {
      const updated: Attendee[] = [];
      for (const [id, change] of changes) {
        const current = this.#indexes.byId(id);
        if (current) updated.push(change(current));
      }
      await this.#upsert(created, updated);
      return updated;
    });
  }

  /** `changeAttendees` with one change for all of `ids` (badges marked printed). */
  updateAttendees(ids: readonly string[], change: (current: Attendee) => Attendee): Promise<Attendee[]> {
    return this.changeAttendees([], new Map(ids.map((id) => [id, change])));
  }

  async #upsert(created: Attendee[], updated: Attendee[]): Promise<void> {
    const now: AttendeesState = { list: this.#low.data.attendees, indexes: this.#indexes };
    let undo: () => AttendeesState;
    if (created.length + updated.length <= BULK_SLICE) {
      undo = upsertInPlace(now, created, updated);
    } else {
      this.#swapIn(await upsertBeside(now, created, updated));
      undo = () => now;
    }
    await this.#commit([...updated, ...created].map((a) => ({ put: a })), () => this.#swapIn(undo()));
    this.#notify([...created, ...updated]);
  }

  #swapIn({ list, indexes }: AttendeesState): void {
    this.#low.data.attendees = list;
    this.#indexes = indexes;
  }

  async updateEvent(changes: Partial<EventInfo>): Promise<EventInfo> {
    const next = { ...this.#low.data.event, ...changes };
    await this.#set('event', next);
    return next;
  }

  /** The topics staff added for this event, oldest first. */
  eventTopics(): readonly EventTopic[] {
    return this.#low.data.topics ?? [];
  }

  /** Replaces the event's topics (a few dozen at most: written whole). */
  saveEventTopics(topics: EventTopic[]): Promise<void> {
    return this.#set('topics', topics);
  }

  /** Claims staff marked wrong, oldest first. */
  wrongClaims(): readonly WrongClaim[] {
    return this.#low.data.wrongClaims ?? [];
  }

  saveWrongClaims(marks: WrongClaim[]): Promise<void> {
    return this.#set('wrongClaims', marks);
  }

  /** Replaces one of the document's small parts whole (one short journal line), and puts it back if the write fails. */
  async #set<K extends SmallPart>(key: K, value: Db[K]): Promise<void> {
    const prev = this.#low.data[key];
    this.#low.data[key] = value;
    await this.#commit([{ set: key, to: value } as ChangeBody], () => {
      this.#low.data[key] = prev;
    });
  }

  /** The generation new staff sessions get; "sign out everywhere" moves on to the next. */
  staffSessionGeneration(): number {
    return this.#low.data.staffSessions?.generation ?? 0;
  }

  /** Whether a staff session was signed out (alone, or by "sign out everywhere"). */
  staffSessionEnded(id: string, generation: number): boolean {
    const ended = this.#low.data.staffSessions;
    return generation !== (ended?.generation ?? 0) || Boolean(ended?.ended[id]);
  }

  /** Ends one staff session (sign-out), or every session there is (sign out everywhere). */
  async endStaffSessions(end: { id: string; expiresAt: Date } | 'all', now: Date): Promise<void> {
    const prev = this.#low.data.staffSessions;
    const next = { generation: prev?.generation ?? 0, ended: { ...prev?.ended } };
    // Forget sign-outs whose cookies have expired anyway, so the list stays short.
    for (const [id, expires] of Object.entries(next.ended)) if (Date.parse(expires) < now.getTime()) delete next.ended[id];
    if (end === 'all') next.generation += 1;
    else next.ended[end.id] = end.expiresAt.toISOString();
    await this.#set('staffSessions', next);
  }

  /**
   * Waits for writes in flight, then folds the journal into db.json and takes erased people's
   * bytes off the disk (a compaction, if anything is left to do); the store stays usable.
   */
  async flush(): Promise<void> {
    await this.#writes.idle();
    await this.#lastWrite.catch(() => {});
    await this.#compactor.run();
  }

  async #commit(changes: ChangeBody[], undo: () => void): Promise<void> {
    const written = this.#changes.append(changes);
    this.#lastWrite = written;
    try {
      await written;
    } catch (err) {
      undo();
      throw err;
    }
  }
}

export interface StoreOptions {
  /** Journal bytes after which a compaction starts by itself (16 MiB). */
  compactAfterBytes?: number;
  /** Called between the steps of a compaction: tests crash the process there. */
  afterCompactionStep?: (step: CompactionStep) => void | Promise<void>;
  /** Where the change journal's lines go; tests count the writes through it. */
  changesSink?: (file: string) => JournalSink;
}

/** Half-written copies a crash may leave: they can hold people erased since, so a start removes them. */
const TEMP_FILES = ['.db.json.tmp', '.changes.jsonl.tmp', '.exchanges.jsonl.tmp', '.digests.jsonl.tmp'];

/**
 * The store of a data folder: `db.json` (created empty and upgraded to the current schema) with
 * `changes.jsonl` folded over it, and the exchange and digest journals.
 */
export async function openStore(dataDir: string, options: StoreOptions = {}): Promise<Store> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // The folder holds every attendee's details: only the account that runs the server may look in.
  await chmod(dataDir, 0o700);
  for (const name of TEMP_FILES) await rm(join(dataDir, name), { force: true });
  const low = new Low<Db>(new DurableJSONFile<Db>(join(dataDir, 'db.json')), emptyDb());
  let raw: Db | null;
  try {
    raw = await low.adapter.read();
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new Error(`${join(dataDir, 'db.json')} is not valid JSON (${err.message}). It was left as it is: restore it from a backup or move it away.`);
  }
  let db: Db;
  if (raw === null) {
    db = emptyDb();
    await low.adapter.write(db);
  } else {
    const upgraded = migrate(raw);
    db = upgraded.db;
    if (upgraded.migrated) await low.adapter.write(db);
  }
  const changesFile = join(dataDir, 'changes.jsonl');
  const opened = await openJournal(changesFile, db);
  // People erased before a crash that came ahead of their compaction: forgotten again at once.
  const erased = new Set(opened.erased);
  // Lines naming nobody the store holds: those erased, and a tap or digest line that was being
  // written as its person was erased (a straggler the last compaction may have missed).
  const known = opened.state.attendees;
  const stray = new Set<string>();
  const kept = (ids: string[]) => {
    for (const id of ids) if (!known.has(id)) stray.add(id);
    return ids.every((id) => known.has(id));
  };
  const exchangesFile = join(dataDir, 'exchanges.jsonl');
  const taps = (await readJournal<Tap>(exchangesFile)).filter((t) => kept([t.a, t.b]));
  const digestsFile = join(dataDir, 'digests.jsonl');
  const entries = (await readJournal<DigestEntry>(digestsFile)).filter((e) => kept([e.attendee]));
  const store = assemble(low, opened, { changes: options.changesSink?.(changesFile) ?? new FileSink(changesFile), exchanges: new FileSink(exchangesFile), digests: new FileSink(digestsFile) }, taps, entries, options);
  // Erasures not yet compacted, or journal lines db.json already holds: finish what the crash cut short.
  if (erased.size || opened.stale) void store.flush().catch(() => {});
  const strays = new Set([...stray].filter((id) => !erased.has(id)));
  if (strays.size) void Promise.all([store.exchanges.dropFromJournal(strays), store.digests.dropFromJournal(strays)]).catch(() => {});
  return store;
}

function assemble(
  low: Low<Db>,
  opened: OpenedJournal,
  sinks: Record<'changes' | 'exchanges' | 'digests', JournalSink>,
  taps: Tap[],
  entries: DigestEntry[],
  options: StoreOptions,
): Store {
  low.data = documentOf(opened.state, opened.lastSeq);
  let compactor: Compactor | undefined;
  const changes = new ChangeJournal(sinks.changes, opened, () => compactor?.due());
  const exchanges = new ExchangeRegistry(sinks.exchanges, taps);
  const digests = new DigestLog(sinks.digests, entries);
  compactor = new Compactor({
    journal: changes,
    exchanges,
    digests,
    writeSnapshot: (db) => low.adapter.write(db),
    compactAfterBytes: options.compactAfterBytes ?? 16 * 2 ** 20,
    afterStep: options.afterCompactionStep,
  });
  return new Store({ low, changes, exchanges, digests, compactor });
}

/** A store that lives in memory only, for tests of logic that never touch the disk. */
export function memoryStore(initial: Db = emptyDb()): Store {
  const opened: OpenedJournal = { state: stateOf(initial), snapshotSeq: 0, lastSeq: 0, erased: [], stale: false };
  return assemble(new Low<Db>(new Memory<Db>(), initial), opened, { changes: memorySink(), exchanges: memorySink(), digests: memorySink() }, [], [], {});
}
