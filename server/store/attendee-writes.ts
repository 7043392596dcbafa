const nothing = () => {};

/**
 * Orders the store's writes to attendees around bulk changes. A single write (add, edit, erase)
 * changes memory at once, as it always has, and many may be on their way to the disk together
 * (they share an fsync). A bulk change (an import, badges marked printed, the purge) may be built
 * over several turns of the event loop, so it runs alone: it starts once every write before it is
 * durable or undone, and the writes that come meanwhile wait until it is durable or undone.
 *
 * That is what keeps the store's promises while the loop turns: no write lands inside a bulk
 * change, two writers never both take an email (each checks a state nobody else is changing),
 * and a bulk change whose write fails puts back exactly the state it started from (nothing else
 * changed attendees meanwhile). Writes are taken in the order they came.
 */
export class AttendeeWrites {
  /** The bulk change under way: settles once it is durable or undone, and told its listeners. */
  #bulk: Promise<void> | null = null;
  /** Single writes not yet durable or undone. */
  readonly #inFlight = new Set<Promise<void>>();

  /**
   * Runs a single write: at once (memory changed before this returns) unless a bulk change is
   * under way, then right after it. `write` changes memory synchronously before its first await.
   */
  async single<T>(write: () => Promise<T>): Promise<T> {
    while (this.#bulk) await this.#bulk;
    const done = write();
    const settled = done.then(nothing, nothing);
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
    return done;
  }

  /** Runs a bulk change alone: after every write before it, before every write after it. */
  async bulk<T>(change: () => Promise<T>): Promise<T> {
    while (this.#bulk) await this.#bulk;
    const run = (async () => {
      await Promise.all(this.#inFlight);
      return change();
    })();
    // Cleared before those waiting on it resume, so the first of them finds the way free.
    this.#bulk = run.then(nothing, nothing).then(() => {
      this.#bulk = null;
    });
    return run;
  }

  /** Resolves once no bulk change is under way (and none queued when it ends). */
  async idle(): Promise<void> {
    while (this.#bulk) await this.#bulk;
  }
}
