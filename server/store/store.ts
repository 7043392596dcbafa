import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, Memory } from 'lowdb';
import type { Attendee } from '../domain/attendee.ts';
import { AppError } from '../errors.ts';
import { DurableJSONFile } from './durable-json-file.ts';
import { FileSink, memorySink, readJournal, type JournalSink, type Tap } from './exchange-journal.ts';
import { ExchangeRegistry } from './exchanges.ts';
import { DigestLog, type DigestEntry } from './digest-log.ts';
import type { EventTopic } from '../domain/topics.ts';
import { emptyDb, migrate, type Db, type EventInfo, type Kiosk, type WrongClaim } from './schema.ts';

/**
 * The one module that owns stored state. Reads come from memory (with indexes by id, email
 * and personal-link key); every mutation changes memory synchronously, so two requests can
 * never interleave inside one, then resolves only once the change is on disk. A failed write
 * puts memory back as it was, so the caller's error and the store agree.
 */
/** Told after a change to attendees is on disk: who changed (as they are now) and who was erased. */
export type AttendeeListener = (changed: readonly Attendee[], erased: readonly string[]) => void;

export class Store {
  readonly #low: Low<Db>;
  readonly #listeners = new Set<AttendeeListener>();
  /** Every meeting, one per pair, from the append-only journal. */
  readonly exchanges: ExchangeRegistry;
  readonly #rewriteJournal: (keep: (tap: Tap) => boolean) => Promise<void>;
  /** Which digests went out, from `digests.jsonl`. */
  readonly digests: DigestLog;
  readonly #rewriteDigests: (keep: (e: DigestEntry) => boolean) => Promise<void>;
  readonly #byId = new Map<string, Attendee>();
  readonly #byEmail = new Map<string, Attendee>();
  readonly #byEditKey = new Map<string, Attendee>();

  constructor(
    low: Low<Db>,
    journal: { sink: JournalSink; taps: Tap[]; rewrite: (keep: (tap: Tap) => boolean) => Promise<void> },
    digests: { sink: JournalSink; entries: DigestEntry[]; rewrite: (keep: (e: DigestEntry) => boolean) => Promise<void> },
  ) {
    this.#low = low;
    for (const a of low.data.attendees) this.#index(a);
    this.exchanges = new ExchangeRegistry(journal.sink, journal.taps);
    this.#rewriteJournal = journal.rewrite;
    this.digests = new DigestLog(digests.sink, digests.entries);
    this.#rewriteDigests = digests.rewrite;
  }

  kiosks(): readonly Kiosk[] {
    return this.#low.data.kiosks;
  }

  /** Adds a kiosk or replaces the one with its id. */
  async saveKiosk(kiosk: Kiosk): Promise<void> {
    const list = this.#low.data.kiosks;
    const at = list.findIndex((k) => k.id === kiosk.id);
    const prev = list[at];
    if (prev) list[at] = kiosk;
    else list.push(kiosk);
    await this.#commit(() => {
      if (prev) list[list.indexOf(kiosk)] = prev;
      else list.splice(list.indexOf(kiosk), 1);
    });
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
    return this.#byId.get(id);
  }

  /** The person with this (normalized) email; never anyone for "" (people without one). */
  attendeeByEmail(email: string): Attendee | undefined {
    return email ? this.#byEmail.get(email) : undefined;
  }

  attendeeByEditKey(key: string): Attendee | undefined {
    return this.#byEditKey.get(key);
  }

  async insertAttendee(a: Attendee): Promise<void> {
    this.#assertEmailFree(a.email, a.id);
    this.#low.data.attendees.push(a);
    this.#index(a);
    await this.#commit(() => {
      this.#low.data.attendees.pop();
      this.#unindex(a);
    });
    this.#notify([a]);
  }

  /** Replaces the stored record with the same id. */
  async replaceAttendee(next: Attendee): Promise<void> {
    const list = this.#low.data.attendees;
    const at = list.findIndex((a) => a.id === next.id);
    const prev = list[at];
    if (!prev) throw new AppError(404, 'not_found', 'That attendee was not found.');
    this.#assertEmailFree(next.email, next.id);
    list[at] = next;
    this.#unindex(prev);
    this.#index(next);
    await this.#commit(() => {
      list[list.indexOf(next)] = prev;
      this.#unindex(next);
      this.#index(prev);
    });
    this.#notify([next]);
  }

  /** Removes a person from everything the store holds; false when there was no such person. */
  async eraseAttendee(id: string): Promise<boolean> {
    const list = this.#low.data.attendees;
    const at = list.findIndex((a) => a.id === id);
    const prev = list[at];
    if (!prev) return false;
    list.splice(at, 1);
    this.#unindex(prev);
    // A claim marked wrong quotes the person's need or offering: it goes with them.
    const marks = this.#low.data.wrongClaims;
    if (marks) this.#low.data.wrongClaims = marks.filter((m) => m.offeredBy !== id && m.neededBy !== id);
    // So do the notes others wrote about them (they name them, "send Dana the deck").
    const noted = new Map<number, Attendee>();
    list.forEach((a, i) => {
      if (a.notes?.[id] === undefined) return;
      const { [id]: _gone, ...notes } = a.notes;
      noted.set(i, a);
      list[i] = { ...a, notes };
      this.#unindex(a);
      this.#index(list[i]!);
    });
    await this.#commit(() => {
      for (const [i, a] of noted) {
        this.#unindex(list[i]!);
        list[i] = a;
        this.#index(a);
      }
      list.splice(at, 0, prev);
      this.#index(prev);
      this.#low.data.wrongClaims = marks;
    });
    // The person's meetings go too: erasure is complete, journal included.
    await this.exchanges.erase(id, this.#rewriteJournal);
    await this.digests.erase(id, this.#rewriteDigests);
    this.#notify([], [id]);
    return true;
  }

  /**
   * The purge after the event: every attendee, every exchange and every digest record, gone from
   * memory and from disk. The event, its settings and the kiosks (no personal data) stay.
   * Returns how many people were erased.
   */
  async purgePersonalData(): Promise<number> {
    const erased = this.#low.data.attendees.map((a) => a.id);
    const before = this.#low.data.attendees;
    const marks = this.#low.data.wrongClaims;
    this.#low.data.attendees = [];
    this.#low.data.wrongClaims = [];
    this.#reindex();
    await this.#commit(() => {
      this.#low.data.attendees = before;
      this.#low.data.wrongClaims = marks;
      this.#reindex();
    });
    await this.exchanges.eraseAll(this.#rewriteJournal);
    await this.digests.eraseAll(this.#rewriteDigests);
    this.#notify([], erased);
    return erased.length;
  }

  /** Adds and replaces many attendees in one durable write (a CSV import). */
  async upsertAttendees(created: Attendee[], updated: Attendee[]): Promise<void> {
    const list = this.#low.data.attendees;
    const before = [...list];
    for (const a of [...created, ...updated]) this.#assertEmailFree(a.email, a.id);
    // Positions looked up once: a findIndex per person made an import of 20,000 updates O(n²).
    const positions = updated.length ? new Map(list.map((x, i) => [x.id, i])) : new Map<string, number>();
    for (const a of updated) {
      const at = positions.get(a.id) ?? -1;
      const prev = list[at];
      if (!prev) throw new AppError(404, 'not_found', 'An attendee to update was not found.');
      this.#unindex(prev);
      list[at] = a;
      this.#index(a);
    }
    for (const a of created) {
      list.push(a);
      this.#index(a);
    }
    await this.#commit(() => {
      this.#low.data.attendees = before;
      this.#reindex();
    });
    this.#notify([...created, ...updated]);
  }

  async updateEvent(changes: Partial<EventInfo>): Promise<EventInfo> {
    const prev = this.#low.data.event;
    this.#low.data.event = { ...prev, ...changes };
    await this.#commit(() => {
      this.#low.data.event = prev;
    });
    return this.#low.data.event;
  }

  /** The topics staff added for this event, oldest first. */
  eventTopics(): readonly EventTopic[] {
    return this.#low.data.topics ?? [];
  }

  /** Replaces the event's topics (a few dozen at most: written whole). */
  saveEventTopics(topics: EventTopic[]): Promise<void> {
    return this.#replace('topics', topics);
  }

  /** Claims staff marked wrong, oldest first. */
  wrongClaims(): readonly WrongClaim[] {
    return this.#low.data.wrongClaims ?? [];
  }

  saveWrongClaims(marks: WrongClaim[]): Promise<void> {
    return this.#replace('wrongClaims', marks);
  }

  /** Replaces one of the document's small lists whole, and puts it back if the write fails. */
  async #replace<K extends 'topics' | 'wrongClaims'>(key: K, value: Db[K]): Promise<void> {
    const prev = this.#low.data[key];
    this.#low.data[key] = value;
    await this.#commit(() => {
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
    this.#low.data.staffSessions = next;
    await this.#commit(() => {
      this.#low.data.staffSessions = prev;
    });
  }

  /** Waits for writes in flight; the store stays usable. */
  async flush(): Promise<void> {
    await this.#low.write();
  }

  #assertEmailFree(email: string, ownerId: string): void {
    // Any number of people may have no email (walk-ins); only a real address is one person's.
    if (!email) return;
    const holder = this.#byEmail.get(email);
    if (holder && holder.id !== ownerId) {
      throw new AppError(409, 'email_taken', `${email} is already registered (as ${holder.name}).`, { id: holder.id });
    }
  }

  async #commit(undo: () => void): Promise<void> {
    try {
      await this.#low.write();
    } catch (err) {
      undo();
      throw err;
    }
  }

  #index(a: Attendee): void {
    this.#byId.set(a.id, a);
    if (a.email) this.#byEmail.set(a.email, a);
    this.#byEditKey.set(a.editKey, a);
  }

  #unindex(a: Attendee): void {
    if (this.#byId.get(a.id) === a) this.#byId.delete(a.id);
    if (this.#byEmail.get(a.email) === a) this.#byEmail.delete(a.email);
    if (this.#byEditKey.get(a.editKey) === a) this.#byEditKey.delete(a.editKey);
  }

  #reindex(): void {
    this.#byId.clear();
    this.#byEmail.clear();
    this.#byEditKey.clear();
    for (const a of this.#low.data.attendees) this.#index(a);
  }
}

/** The store of a data folder: `<dir>/db.json`, created empty and upgraded to the current schema. */
export async function openStore(dataDir: string): Promise<Store> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // The folder holds every attendee's details: only the account that runs the server may look in.
  await chmod(dataDir, 0o700);
  const low = new Low<Db>(new DurableJSONFile<Db>(join(dataDir, 'db.json')), emptyDb());
  const journalFile = join(dataDir, 'exchanges.jsonl');
  let raw: Db | null;
  try {
    raw = await low.adapter.read();
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new Error(`${join(dataDir, 'db.json')} is not valid JSON (${err.message}). It was left as it is: restore it from a backup or move it away.`);
  }
  if (raw === null) {
    low.data = emptyDb();
    await low.write();
  } else {
    const { db, migrated } = migrate(raw);
    low.data = db;
    if (migrated) await low.write();
  }
  const lines = <T>(file: string, sink: FileSink) => ({
    sink,
    rewrite: async (keep: (entry: T) => boolean) => sink.rewrite((await readJournal<T>(file)).filter(keep).map((t) => `${JSON.stringify(t)}\n`).join('')),
  });
  const digestFile = join(dataDir, 'digests.jsonl');
  return new Store(
    low,
    { ...lines<Tap>(journalFile, new FileSink(journalFile)), taps: await readJournal<Tap>(journalFile) },
    { ...lines<DigestEntry>(digestFile, new FileSink(digestFile)), entries: await readJournal<DigestEntry>(digestFile) },
  );
}

/** A store that lives in memory only, for tests of logic that never touch the disk. */
export function memoryStore(initial: Db = emptyDb()): Store {
  const low = new Low<Db>(new Memory<Db>(), initial);
  return new Store(low, { sink: memorySink(), taps: [], rewrite: async () => {} }, { sink: memorySink(), entries: [], rewrite: async () => {} });
}
