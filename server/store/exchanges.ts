import { newId } from '../domain/attendee.ts';
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

interface MetList {
  ids: readonly string[];
  /** Each meeting's first time, in the same order. */
  since: readonly string[];
}

const pairKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);
// A kiosk's idempotency keys are its own: another kiosk's key that happens to match is not a retry.
const keyOf = (kiosk: string, key: string) => `${kiosk}\u0000${key}`;

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
  readonly #byPair = new Map<string, Exchange>();
  readonly #byAttendee = new Map<string, Set<Exchange>>();
  readonly #keys = new Map<string, Exchange>();
  // Decided when a tap arrives, so two first taps of a pair in flight together share one id,
  // and a retried key in flight waits for the first attempt instead of counting twice.
  readonly #pairIds = new Map<string, string>();
  readonly #pairById = new Map<string, string>();
  readonly #pendingKeys = new Map<string, Promise<TapResult>>();
  // People erased since start: a tap of theirs still being written when they went must not come
  // back into memory, and its line goes off the disk again (ids only, a handful an event).
  readonly #erased = new Set<string>();
  // Bumped by the purge: a tap written as everyone was erased is everyone's too.
  #purges = 0;
  // Whom each person met, earliest first (ties in the order they were recorded), kept as taps
  // arrive instead of sorted for both people at every tap. A list is replaced, never changed: a
  // caller still holds what it was handed (as with the fresh array each call used to make).
  readonly #met = new Map<string, MetList>();

  constructor(sink: JournalSink, taps: Iterable<Tap> = []) {
    this.#commit = new GroupCommit(sink);
    for (const tap of taps) this.#apply(tap);
  }

  get size(): number {
    return this.#byPair.size;
  }

  /** Records a tap of two badges at a kiosk; resolves once it is durable. */
  record(input: TapInput): Promise<TapResult> {
    const pair = pairKey(input.a, input.b);
    const key = input.key ? keyOf(input.kiosk, input.key) : undefined;
    if (key) {
      const replay = (e: Exchange): TapResult => {
        if (pairKey(e.a, e.b) !== pair) throw new KeyReusedError();
        return { exchange: e, created: false };
      };
      const known = this.#keys.get(key);
      if (known) return new Promise((resolve) => resolve(replay(known)));
      const pending = this.#pendingKeys.get(key);
      if (pending) return pending.then((r) => replay(r.exchange));
    }
    let id = this.#pairIds.get(pair);
    if (!id) {
      id = newId();
      this.#pairIds.set(pair, id);
    }
    const tap: Tap = { id, a: input.a, b: input.b, at: input.at.toISOString(), kiosk: input.kiosk, ...(input.key ? { key: input.key } : {}) };
    const purges = this.#purges;
    const result = this.#commit.write(`${JSON.stringify(tap)}\n`).then(
      () => {
        const gone = purges === this.#purges ? [tap.a, tap.b].filter((who) => this.#erased.has(who)) : [tap.a, tap.b];
        if (gone.length) {
          this.#pairIds.delete(pair);
          void this.dropFromJournal(new Set(gone)).catch(() => {});
          throw new ErasedMeanwhileError();
        }
        const existed = this.#byPair.has(pair);
        return { exchange: this.#apply(tap), created: !existed };
      },
      (err) => {
        if (!this.#byPair.has(pair)) this.#pairIds.delete(pair);
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
    const pair = this.#pairById.get(id);
    return pair ? this.#byPair.get(pair) : undefined;
  }

  all(): Exchange[] {
    return [...this.#byPair.values()];
  }

  ofAttendee(id: string): Exchange[] {
    return [...(this.#byAttendee.get(id) ?? [])];
  }

  /** Whom an attendee has met, earliest first (the same list until they meet someone else). */
  met(id: string): readonly string[] {
    return this.#met.get(id)?.ids ?? NOBODY;
  }

  /**
   * Makes a person's exchanges unreachable at once (erasure). Their lines stay in the journal
   * until `dropFromJournal` rewrites it, which the store's compaction does in the background.
   */
  forget(attendeeId: string): void {
    this.#erased.add(attendeeId);
    for (const e of this.ofAttendee(attendeeId)) {
      this.#byPair.delete(pairKey(e.a, e.b));
      this.#pairIds.delete(pairKey(e.a, e.b));
      this.#pairById.delete(e.id);
      this.#byAttendee.get(e.a === attendeeId ? e.b : e.a)?.delete(e);
      this.#unmeet(e.a === attendeeId ? e.b : e.a, attendeeId);
      for (const [key, ex] of this.#keys) if (ex === e) this.#keys.delete(key);
    }
    this.#byAttendee.delete(attendeeId);
    this.#met.delete(attendeeId);
  }

  /** Forgets every exchange (the purge after an event). */
  forgetAll(): void {
    this.#purges += 1;
    for (const map of [this.#byPair, this.#byAttendee, this.#keys, this.#pairIds, this.#pairById, this.#met]) map.clear();
  }

  /** Rewrites the journal without the taps of these people; taps go on meanwhile. */
  dropFromJournal(erased: ReadonlySet<string>): Promise<void> {
    return this.#commit.filter(keepUnless<Tap>(erased, (tap, ids) => ids.has(tap.a) || ids.has(tap.b)));
  }

  #meet(who: string, other: string, firstAt: string): void {
    const list = this.#met.get(who) ?? { ids: NOBODY, since: NOBODY };
    // After every first meeting at or before this one; ISO times of one format order as strings.
    let at = list.since.length;
    while (at > 0 && list.since[at - 1]! > firstAt) at--;
    this.#met.set(who, { ids: list.ids.toSpliced(at, 0, other), since: list.since.toSpliced(at, 0, firstAt) });
  }

  #unmeet(who: string, other: string): void {
    const list = this.#met.get(who);
    const at = list ? list.ids.indexOf(other) : -1;
    if (at >= 0) this.#met.set(who, { ids: list!.ids.toSpliced(at, 1), since: list!.since.toSpliced(at, 1) });
  }

  #apply(tap: Tap): Exchange {
    const pair = pairKey(tap.a, tap.b);
    let e = this.#byPair.get(pair);
    if (e) {
      e.count += 1;
      if (tap.at > e.lastAt) e.lastAt = tap.at;
      if (!e.kiosks.includes(tap.kiosk)) e.kiosks.push(tap.kiosk);
    } else {
      e = { id: tap.id, a: tap.a, b: tap.b, count: 1, firstAt: tap.at, lastAt: tap.at, kiosks: [tap.kiosk] };
      this.#byPair.set(pair, e);
      this.#pairIds.set(pair, tap.id);
      this.#pairById.set(tap.id, pair);
      for (const who of [tap.a, tap.b]) {
        let set = this.#byAttendee.get(who);
        if (!set) this.#byAttendee.set(who, (set = new Set()));
        set.add(e);
      }
      this.#meet(tap.a, tap.b, tap.at);
      if (tap.b !== tap.a) this.#meet(tap.b, tap.a, tap.at);
    }
    if (tap.key) this.#keys.set(keyOf(tap.kiosk, tap.key), e);
    return e;
  }
}
