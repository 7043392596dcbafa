import { GroupCommit, readJournal, type JournalSink } from './exchange-journal.ts';
import type { Db } from './schema.ts';
import { applyChange, documentOf, stateOf, type Change, type ChangeBody, type StoreState } from './store-changes.ts';

/** Changes serialized per turn of the event loop: 20,000 attendees at once would stall it ~60 ms. */
const SLICE = 1000;

/**
 * The store's change journal, `changes.jsonl`: every change to attendees (and to the small parts:
 * event, kiosks, topics, wrong claims, staff sessions) appended as one numbered line and fsync'd
 * before it is acknowledged, changes arriving together sharing one fsync (group commit). An edit
 * costs one short append however big the event, where rewriting db.json cost 42 ms at 20,000.
 *
 * It also keeps the durable state: the snapshot with every acknowledged line folded in, so a
 * compaction writes exactly what is on disk, never a change whose write is still in flight (and
 * may yet fail and be rolled back).
 */
export class ChangeJournal {
  readonly #commit: GroupCommit;
  readonly #durable: StoreState;
  /** The last number given to a line; numbers only grow, even across compactions. */
  #seq: number;
  /** The last line folded into #durable. */
  #durableSeq: number;
  /** What db.json holds: lines up to it are folded in there. */
  #snapshotSeq: number;
  /** People erased since db.json was written: their bytes are still on disk until a compaction. */
  readonly #erased: Set<string>;
  /** Bytes appended since the last compaction (a compaction is due past a threshold). */
  #bytes = 0;
  /** Lines already folded into db.json still sit in the file (a crash before it was cut). */
  #stale: boolean;
  readonly #onDurable: () => void;

  constructor(sink: JournalSink, opened: OpenedJournal, onDurable: () => void = () => {}) {
    this.#commit = new GroupCommit(sink);
    this.#durable = opened.state;
    this.#seq = this.#durableSeq = opened.lastSeq;
    this.#snapshotSeq = opened.snapshotSeq;
    this.#erased = new Set(opened.erased);
    this.#stale = opened.stale;
    this.#onDurable = onDurable;
  }

  /** Appends changes as one write; resolves once they are durable. */
  append(changes: readonly ChangeBody[]): Promise<void> {
    const first = this.#seq + 1;
    this.#seq += changes.length;
    const text = changes.length <= SLICE ? serialize(changes, first) : serializeInSlices(changes, first);
    return this.#commit.write(text).then(async () => {
      // In the order the lines were written: each write's callbacks run before the next one's.
      changes.forEach((c, i) => {
        for (const id of applyChange(this.#durable, c)) this.#erased.add(id);
        this.#durableSeq = first + i;
      });
      this.#bytes += (await text).length;
      this.#onDurable();
    });
  }

  /** Whether there is anything a compaction would change on disk. */
  get dirty(): boolean {
    return this.#durableSeq > this.#snapshotSeq || this.#erased.size > 0 || this.#stale;
  }

  get erasedSinceSnapshot(): ReadonlySet<string> {
    return this.#erased;
  }

  get bytesSinceSnapshot(): number {
    return this.#bytes;
  }

  /** The durable state as db.json should hold it, with the people erased since the last one. */
  snapshot(): { db: Db; seq: number; erased: Set<string> } {
    return { db: documentOf(this.#durable, this.#durableSeq), seq: this.#durableSeq, erased: new Set(this.#erased) };
  }

  /**
   * After db.json holds everything up to `seq`: drops those lines from the file (appends wait
   * only for the tail written meanwhile) and forgets the erasures it took care of.
   */
  async cutTo(seq: number, erased: ReadonlySet<string>): Promise<void> {
    this.#snapshotSeq = seq;
    this.#stale = true;
    await this.#commit.filter((line) => seqOf(line) > seq);
    this.#stale = false;
    for (const id of erased) this.#erased.delete(id);
    this.#bytes = 0;
  }
}

export interface OpenedJournal {
  state: StoreState;
  snapshotSeq: number;
  lastSeq: number;
  erased: string[];
  stale: boolean;
}

/**
 * Folds the journal over db.json as a start must: lines db.json already holds are skipped (a crash
 * came between writing db.json and cutting the journal), the rest applied in order.
 */
export async function openJournal(file: string, db: Db): Promise<OpenedJournal> {
  const state = stateOf(db);
  const erased: string[] = [];
  let lastSeq = db.journalSeq;
  let stale = false;
  for (const change of await readJournal<Change>(file)) {
    if (change.s <= db.journalSeq) {
      stale = true;
      continue;
    }
    const { s, ...body } = change;
    erased.push(...applyChange(state, body as ChangeBody));
    lastSeq = s;
  }
  return { state, snapshotSeq: db.journalSeq, lastSeq, erased, stale };
}

// The number spliced in front of the change's own JSON: no copy of each record to add a field.
const serialize = (changes: readonly ChangeBody[], first: number) => changes.map((c, i) => `{"s":${first + i},${JSON.stringify(c).slice(1)}\n`).join('');

async function serializeInSlices(changes: readonly ChangeBody[], first: number): Promise<string> {
  const parts: string[] = [];
  for (let at = 0; at < changes.length; at += SLICE) {
    if (at) await new Promise((r) => setImmediate(r));
    parts.push(serialize(changes.slice(at, at + SLICE), first + at));
  }
  return parts.join('');
}

/** A line's number, read from its start (`{"s":12,…`) without parsing the whole record. */
function seqOf(line: string): number {
  const m = /^\{"s":(\d+)/.exec(line);
  if (!m) throw new Error(`A line of changes.jsonl has no number: ${line.slice(0, 40)}`);
  return Number(m[1]);
}
