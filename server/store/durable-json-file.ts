import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { syncFolder } from './exchange-journal.ts';
import { asStorageError } from './storage-error.ts';

/**
 * A lowdb adapter that writes JSON the way a crash-safe store must: into a temp file,
 * fsync'd, renamed over the target, then the directory fsync'd so the rename itself survives
 * a power cut. lowdb's own JSONFile (through steno) does the rename but never fsyncs.
 *
 * Writes are coalesced: while one is on its way to disk, later calls wait for the next write,
 * which carries the newest data, so every caller resolves only once its change is durable.
 * A long list is serialized a thousand items at a time with a turn of the event loop between,
 * so writing 100,000 attendees never stalls requests for the whole JSON.stringify.
 *
 * @example
 * const db = new Low(new DurableJSONFile<Db>('data/db.json'), defaults)
 */
export class DurableJSONFile<T> implements Adapter<T> {
  readonly #file: string;
  readonly #temp: string;
  #writing: Promise<void> | null = null;
  #pending: { data: T; done: Promise<void>; settle: (err?: unknown) => void } | null = null;

  constructor(file: string) {
    this.#file = file;
    this.#temp = join(dirname(file), `.${basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as T;
  }

  write(data: T): Promise<void> {
    if (!this.#writing) return this.#start(data);
    // Only the newest data matters: everything queued so far is contained in it.
    if (!this.#pending) {
      let settle!: (err?: unknown) => void;
      const done = new Promise<void>((resolve, reject) => {
        settle = (err) => (err ? reject(err) : resolve());
      });
      this.#pending = { data, done, settle };
    } else {
      this.#pending.data = data;
    }
    return this.#pending.done;
  }

  #start(data: T): Promise<void> {
    const run = this.#writeNow(data).finally(() => {
      this.#writing = null;
      const next = this.#pending;
      this.#pending = null;
      if (next) this.#start(next.data).then(() => next.settle(), (err) => next.settle(err));
    });
    this.#writing = run;
    return run;
  }

  async #writeNow(data: T): Promise<void> {
    try {
      const handle = await open(this.#temp, 'w', 0o600);
      try {
        for await (const text of jsonInSlices(data)) await handle.write(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      // A full disk: the old file stands, and the half-written copy gives its space back.
      await rm(this.#temp, { force: true }).catch(() => {});
      throw asStorageError(err, this.#file);
    }
    await rename(this.#temp, this.#file);
    await syncFolder(dirname(this.#file));
  }
}

const SLICE = 1000;

/** JSON.stringify(data), in pieces: a top-level array longer than a slice comes a slice at a time. */
async function* jsonInSlices(data: unknown): AsyncGenerator<string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    yield JSON.stringify(data);
    return;
  }
  let first = true;
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    yield `${first ? '{' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (!Array.isArray(value) || value.length <= SLICE) {
      yield JSON.stringify(value);
      continue;
    }
    for (let at = 0; at < value.length; at += SLICE) {
      const items = value.slice(at, at + SLICE).map((v) => JSON.stringify(v) ?? 'null');
      yield `${at ? ',' : '['}${items.join(',')}`;
      await new Promise((r) => setImmediate(r));
    }
    yield ']';
  }
  yield first ? '{}' : '}';
}
