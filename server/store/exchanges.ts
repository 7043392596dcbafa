import { newId } from '../domain/attendee.ts';
import { Erasures } from './erasures.ts';
import { GroupCommit, keepUnless, type Exchange, type JournalSink, type Tap } from './exchange-journal.ts';

export interface TapInput {
  a: string;
  b: string;
  kiosk: string;
  at: Date;
  key?: string;
}

export interface TapResult {
  exchange: Exchange;
  /** True for a pair's first meeting (201), false for a repeat or a replayed key (200). */
  created: boolean;
}

const NOBODY: readonly string[] = Object.freeze([]);

const pairKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);
// A kiosk's idempotency keys are its own: another kiosk's key that happens to match is not a retry.
const keyOf = (kiosk: string, key: string) => `${kiosk}\u0000${key}`;
const samePair = (e: Exchange, a: string, b: string) => (e.a === a && e.b === b) || (e.a === b && e.b === a);

/** A kiosk sent a key it used before, but for another pair: not a retry, and not recorded. */
export class KeyReusedError extends Error {
  constructor() {
    super('This idempotency key was already used for another pair.');
    this.name = 'KeyReusedError';
  }
}

/** One of the two people was erased while their tap was being written: it is not recorded. */
export class ErasedMeanwhileError extends Error {
  constructor() {
    super('One of the two people was erased while the meeting was being recorded.');
    this.name = 'ErasedMeanwhileError';
  }
}

/**
 * Exchanges folded from the journal: one per unordered pair, with its count, first and last
 * time and kiosks. A tap is acknowledged only once its journal line is on disk; memory changes
 * after that, so what callers see is always what a restart would rebuild.
 */
export class ExchangeRegistry {
  readonly #commit: GroupCommit;
  // Memory is most of what an event of 200,000 meetings costs at rest, so each meeting is held
  // once: in a list of each person's (no map keyed by pair strings: a pair is found by scanning the
  // shorter of its two lists, a few dozen meetings), by its id, and by the kiosks' idempotency
  // keys, one map per kiosk (no kiosk-and-key strings).
  readonly #byAttendee = new Map<string, Exchange[]>();
  readonly #byId = new Map<string, Exchange>();
  readonly #keys = new Map<string, Map<string, Exchange>>();
  // A pair's id is decided when its first tap arrives, so two first taps in flight together share
  // it; held only until a tap of the pair is applied (then the exchange has it).
  readonly #pendingIds = new Map<string, string>();
  // A retried key in flight waits for the first attempt instead of counting twice.
  readonly #pendingKeys = new Map<string, Promise<TapResult>>();
  readonly #erasures = new Erasures();
  // Whom each person met, earliest first, made when asked and kept until they meet someone new or
  // someone they met is erased: a list is replaced, never changed, so a caller keeps what it had.
  readonly #met = new Map<string, readonly string[]>();
  // One string per attendee id and one list per set of kiosks: parsed journal lines would
  // otherwise hold 400,000 copies of 20,000 ids and an array of kiosks per meeting.
  readonly #ids = new Map<string, string>();
  readonly #kioskLists = new Map<string, readonly string[]>();

  constructor(sink: JournalSink, taps: Iterable<Tap> = []) {
    this.#commit = new GroupCommit(sink);
    for (const tap of taps) this.#apply(tap);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Records a tap of two badges at a kiosk; resolves once it is durable. */
  record(input: TapInput): Promise<TapResult> {
    const { a, b } = input;
    const key = input.key ? keyOf(input.kiosk, input.key) : undefined;
    if (input.key) {
      const replay = (e: Exchange): TapResult => {
        if (!samePair(e, a, b)) throw new KeyReusedError();
        return { exchange: e, created: false };
      };
      const known = this.#keys.get(input.kiosk)?.get(input.key);
      if (known) return new Promise((resolve) => resolve(replay(known)));
      const pending = this.#pendingKeys.get(key!);
      if (pending) return pending.then((r) => replay(r.exchange));
    }
    const pair = pairKey(a, b);
    let id = this.#pairOf(a, b)?.id ?? this.#pendingIds.get(pair);
    if (!id) {
      id = newId();
      this.#pendingIds.set(pair, id);
    }
    const tap: Tap = { id, a, b, at: input.at.toISOString(), kiosk: input.kiosk, ...(input.key ? { key: input.key } : {}) };
    const since = this.#erasures.mark();
    const result = this.#commit.write(`${JSON.stringify(tap)}\n`).then(
      () => {
        this.#pendingIds.delete(pair);
        const gone = this.#erasures.goneSince(since, [a, b]);
        if (gone.length) {
          void this.dropFromJournal(new Set(gone)).catch(() => {});
          throw new ErasedMeanwhileError();
        }
        const existed = this.#pairOf(a, b) !== undefined;
        return { exchange: this.#apply(tap), created: !existed };
      },
      (err) => {
        this.#pendingIds.delete(pair);
        throw err;
      },
    );
    if (key) {
      this.#pendingKeys.set(key, result);
      void result.finally(() => this.#pendingKeys.delete(key)).catch(() => {});
    }
    return result;
  }

  /** One exchange by its id (a take-along link names it). */
  byId(id: string): Exchange | undefined {
    return this.#byId.get(id);
  }

  all(): Exchange[] {
    return [...this.#byId.values()];
  }

  ofAttendee(id: string): Exchange[] {
    return [...(this.#byAttendee.get(id) ?? [])];
  }

  /** Whom an attendee has met, earliest first (the same list until they meet someone else). */
  met(id: string): readonly string[] {
    let list = this.#met.get(id);
    if (list) return list;
    const mine = this.#byAttendee.get(id);
    if (!mine) return NOBODY;
    list = mine.map((e) => (e.a === id ? e.b : e.a));
    this.#met.set(id, list);
    return list;
  }

  /**
   * Makes a person's exchanges unreachable at once (erasure). Their lines stay in the journal
   * until `dropFromJournal` rewrites it, which the store's compaction does in the background.
   */
  forget(attendeeId: string): void {
    this.#erasures.erase(attendeeId);
    const mine = this.#byAttendee.get(attendeeId);
    if (mine) {
      const theirs = new Set(mine);
      for (const e of mine) {
        const other = e.a === attendeeId ? e.b : e.a;
        this.#byId.delete(e.id);
        if (other !== attendeeId) this.#byAttendee.set(other, (this.#byAttendee.get(other) ?? []).filter((x) => x !== e));
        this.#met.delete(other);
      }
      // One pass over the keys for all their meetings, not one per meeting.
      for (const keys of this.#keys.values()) for (const [key, e] of keys) if (theirs.has(e)) keys.delete(key);
    }
    this.#byAttendee.delete(attendeeId);
    this.#met.delete(attendeeId);
    this.#ids.delete(attendeeId);
  }

  /** Forgets every exchange (the purge after an event). */
  forgetAll(): void {
    this.#erasures.purge();
    for (const map of [this.#byAttendee, this.#byId, this.#keys, this.#pendingIds, this.#met, this.#ids]) map.clear();
  }

  /** Rewrites the journal without the taps of these people; taps go on meanwhile. */
  dropFromJournal(erased: ReadonlySet<string>): Promise<void> {
    return this.#commit.filter(keepUnless<Tap>(erased, (tap, ids) => ids.has(tap.a) || ids.has(tap.b)));
  }

  #pairOf(a: string, b: string): Exchange | undefined {
    const ofA = this.#byAttendee.get(a);
    const ofB = this.#byAttendee.get(b);
    if (!ofA || !ofB) return undefined;
    for (const e of ofA.length <= ofB.length ? ofA : ofB) if (samePair(e, a, b)) return e;
    return undefined;
  }

  #apply(tap: Tap): Exchange {
    const a = this.#id(tap.a);
    const b = this.#id(tap.b);
    let e = this.#pairOf(a, b);
    if (e) {
      e.count += 1;
      if (tap.at > e.lastAt) e.lastAt = tap.at;
      if (!e.kiosks.includes(tap.kiosk)) e.kiosks = this.#kiosks([...e.kiosks, tap.kiosk]);
    } else {
      e = { id: tap.id, a, b, count: 1, firstAt: tap.at, lastAt: tap.at, kiosks: this.#kiosks([tap.kiosk]) };
      this.#byId.set(e.id, e);
      this.#link(a, e);
      if (b !== a) this.#link(b, e);
    }
    if (tap.key) {
      let keys = this.#keys.get(tap.kiosk);
      if (!keys) this.#keys.set(tap.kiosk, (keys = new Map()));
      keys.set(tap.key, e);
    }
    return e;
  }

  #link(who: string, e: Exchange): void {
    const mine = this.#byAttendee.get(who);
    if (!mine) {
      this.#byAttendee.set(who, [e]);
    } else {
      // In order of first meeting, ties in the order recorded. Taps arrive in time order, so this
      // is nearly always the end: no sort when someone asks whom a person met.
      let at = mine.length;
      while (at > 0 && mine[at - 1]!.firstAt > e.firstAt) at--;
      mine.splice(at, 0, e);
    }
    this.#met.delete(who);
  }

  #id(id: string): string {
    const held = this.#ids.get(id);
    if (held !== undefined) return held;
    this.#ids.set(id, id);
    return id;
  }

  #kiosks(list: string[]): readonly string[] {
    const name = list.join('\u0000');
    let held = this.#kioskLists.get(name);
    if (!held) this.#kioskLists.set(name, (held = Object.freeze(list)));
    return held;
  }
}
