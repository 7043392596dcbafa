import type { ChangeJournal } from './change-journal.ts';
import type { DigestLog } from './digest-log.ts';
import type { ExchangeRegistry } from './exchanges.ts';
import type { Db } from './schema.ts';

/** The points between the steps of a compaction, where a test may crash the process. */
export type CompactionStep = 'taps-dropped' | 'snapshot-written' | 'journal-cut';

export interface CompactionParts {
  journal: ChangeJournal;
  exchanges: ExchangeRegistry;
  digests: DigestLog;
  /** Writes db.json whole: temp file, fsync, rename, folder fsync. */
  writeSnapshot: (db: Db) => Promise<void>;
  /** Past this many bytes of journal, a compaction starts by itself. */
  compactAfterBytes: number;
  /** Called after each step; tests kill the process here to prove each crash point safe. */
  afterStep?: (step: CompactionStep) => void | Promise<void>;
  log?: (message: string) => void;
}

/**
 * Compaction folds the change journal into db.json and takes erased people's bytes off the disk,
 * in the background: the request that erased them has already made them unreachable in memory.
 *
 * The order is what makes a crash at any point safe:
 * 1. the exchange and digest journals are rewritten without the erased people's lines (a crash
 *    after: the erase lines are still in changes.jsonl, a start forgets them again and compacts);
 * 2. db.json is written with the durable state and the number of the last line it holds (a crash
 *    after: a start skips the journal lines up to that number, folds the rest, and compacts again
 *    to cut the skipped ones, which may still quote an erased person);
 * 3. changes.jsonl is rewritten with only the lines after that number.
 * No acknowledged change is lost (every line is either in db.json or after its number) and no
 * erased person comes back (their erase line, or db.json without them, is always on disk).
 */
export class Compactor {
  readonly #parts: CompactionParts;
  /** Compactions run one after another: the last one queued. */
  #tail: Promise<void> = Promise.resolve();
  #queued = false;
  #failures = 0;

  constructor(parts: CompactionParts) {
    this.#parts = parts;
  }

  /** Schedules a compaction when one is due: people were erased, or the journal grew past its threshold. */
  due(): void {
    if (this.#queued || !this.#isDue()) return;
    this.#queued = true;
    // Changes that come while it waits ride along in it, not a compaction each.
    this.#tail = this.#tail.then(async () => {
      this.#queued = false;
      if (!this.#isDue()) return;
      try {
        await this.#once();
        this.#failures = 0;
      } catch (err) {
        // The data is safe in the journal; the next change or erasure tries again.
        this.#failures += 1;
        if (this.#failures === 1) (this.#parts.log ?? console.warn)(`Compacting the store failed (${(err as Error).message}); every change is safe in changes.jsonl, and it is tried again after the next one.`);
      }
    });
  }

  /** Waits for the compactions queued, then compacts now if anything is left; throws what failed. */
  run(): Promise<void> {
    const now = this.#tail.then(() => (this.#parts.journal.dirty ? this.#once() : undefined));
    this.#tail = now.catch(() => {});
    return now;
  }

  #isDue(): boolean {
    const { journal, compactAfterBytes } = this.#parts;
    return journal.erasedSinceSnapshot.size > 0 || journal.bytesSinceSnapshot > compactAfterBytes;
  }

  async #once(): Promise<void> {
    const { journal, exchanges, digests, writeSnapshot, afterStep } = this.#parts;
    const { db, seq, erased } = journal.snapshot();
    if (erased.size) {
      await exchanges.dropFromJournal(erased);
      await digests.dropFromJournal(erased);
    }
    await afterStep?.('taps-dropped');
    await writeSnapshot(db);
    await afterStep?.('snapshot-written');
    await journal.cutTo(seq, erased);
    await afterStep?.('journal-cut');
  }
}
