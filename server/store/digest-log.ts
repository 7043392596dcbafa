import { Erasures } from './erasures.ts';
import { GroupCommit, keepUnless, type JournalSink } from './exchange-journal.ts';

/** What happened to one attendee's digest, as one journal line. */
export interface DigestEntry {
  attendee: string;
  /**
   * sending: about to hand it to the mail server (a crash right after leaves this as the last
   * word, and a resumed run sends again with the same Message-ID); sent: accepted;
   * failed: refused for good; skipped: not sent on purpose (met nobody, no consent).
   */
  state: 'sending' | 'sent' | 'failed' | 'skipped';
  messageId?: string;
  error?: string;
  at: string;
}

/**
 * The progress of digest sending, durable: `digests.jsonl` gets a line before and after each
 * send, fsync'd, so a crash or a mail-server outage resumes where it stopped and nobody who was
 * sent a digest is sent another (unless staff force it).
 *
 * Several digests are in flight at once; their lines share fsyncs (group commit). A crash can
 * leave each of those in flight accepted by the mail server but still 'sending' here: no journal
 * can know what the server did after the last fsync. Those go again under the Message-ID written
 * before the first try, so a mailbox that drops duplicates shows one digest.
 */
export class DigestLog {
  readonly #commit: GroupCommit;
  readonly #latest = new Map<string, DigestEntry>();
  readonly #erasures = new Erasures();

  constructor(sink: JournalSink, entries: Iterable<DigestEntry> = []) {
    this.#commit = new GroupCommit(sink);
    for (const e of entries) this.#latest.set(e.attendee, e);
  }

  async record(entry: DigestEntry): Promise<void> {
    const since = this.#erasures.mark();
    await this.#commit.write(`${JSON.stringify(entry)}\n`);
    if (this.#erasures.goneSince(since, [entry.attendee]).length) {
      void this.dropFromJournal(new Set([entry.attendee])).catch(() => {});
      return;
    }
    this.#latest.set(entry.attendee, entry);
  }

  latest(attendee: string): DigestEntry | undefined {
    return this.#latest.get(attendee);
  }

  all(): DigestEntry[] {
    return [...this.#latest.values()];
  }

  /** Forgets a person's digest record at once; `dropFromJournal` takes it off the disk later. */
  forget(attendee: string): void {
    this.#erasures.erase(attendee);
    this.#latest.delete(attendee);
  }

  forgetAll(): void {
    this.#erasures.purge();
    this.#latest.clear();
  }

  /** Rewrites the log without these people's lines. */
  dropFromJournal(erased: ReadonlySet<string>): Promise<void> {
    return this.#commit.filter(keepUnless<DigestEntry>(erased, (e, ids) => ids.has(e.attendee)));
  }
}
