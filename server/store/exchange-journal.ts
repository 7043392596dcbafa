import { open, readFile, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { asStorageError } from './storage-error.ts';

/** One meeting of two people, however many times they tapped in. */
export interface Exchange {
  id: string;
  /** The two attendee ids, in the order of the first tap. */
  a: string;
  b: string;
  count: number;
  firstAt: string;
  lastAt: string;
  /** The kiosks where they tapped, first seen first (a list shared by meetings with the same kiosks). */
  kiosks: readonly string[];
}

/** One tap, as a journal line. */
export interface Tap {
  /** The exchange it counts towards. */
  id: string;
  a: string;
  b: string;
  at: string;
  kiosk: string;
  /** The kiosk's idempotency key, so a retried tap counts once. */
  key?: string;
}

/** Where journal lines go: a file on disk, or nowhere (tests of logic). */
export interface JournalSink {
  append(lines: string): Promise<void>;
  /**
   * Rewrites the journal without the lines `keep` refuses (erasure, compaction), holding appends
   * back through `exclusive` only for the tail written meanwhile, not for the whole file.
   */
  filter(keep: (line: string) => boolean, exclusive: <T>(fn: () => Promise<T>) => Promise<T>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The exchange journal: every tap appended as one JSON line to `exchanges.jsonl` and fsync'd
 * before the tap is acknowledged, so recording a meeting costs one short append, not a rewrite of
 * the store. Taps arriving while a write is on its way share the next write and its fsync (group
 * commit), which is what lets hundreds of kiosks' taps a second through on one disk.
 */
export class FileSink implements JournalSink {
  readonly #file: string;
  #handle: FileHandle | null = null;
  /** Bytes of whole, durable lines: where the file is cut back to when a write fails. */
  #size = 0;
  /** A failed write could not be cut back yet (the disk refused even that): do it first. */
  #torn = false;

  constructor(file: string) {
    this.#file = file;
  }

  /**
   * Appends whole lines and makes them durable, or throws a StorageError having cut back any
   * part that reached the file, so a later append never glues onto a broken line.
   */
  async append(lines: string): Promise<void> {
    const handle = await this.#open();
    const bytes = Buffer.from(lines, 'utf8');
    try {
      if (this.#torn) await this.#cutBack(handle);
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await this.write(handle, bytes, done);
        // A write that takes nothing is a full disk that did not say so.
        if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'SHORT_WRITE' });
        done += bytesWritten;
      }
      await handle.datasync();
      this.#size += bytes.length;
    } catch (err) {
      this.#torn = true;
      await this.#cutBack(handle).catch(() => {});
      if (this.#torn) {
        // Could not even cut back: open afresh next time (the disk may be swapped or repaired).
        this.#handle = null;
        await handle.close().catch(() => {});
      }
      throw asStorageError(err, this.#file);
    }
  }

  /** One write(2); a seam where tests put a disk that fills up. */
  protected write(handle: FileHandle, bytes: Buffer, from: number): Promise<{ bytesWritten: number }> {
    return handle.write(bytes, from, bytes.length - from);
  }

  async #open(): Promise<FileHandle> {
    if (!this.#handle) {
      try {
        // The size before the handle: a rewrite reading `#size` while a handle exists must get
        // this file's durable bytes, never the size of the file a swap just replaced.
        const handle = await open(this.#file, 'a', 0o600);
        this.#size = (await handle.stat()).size;
        this.#handle = handle;
      } catch (err) {
        throw asStorageError(err, this.#file);
      }
    }
    return this.#handle;
  }

  async #cutBack(handle: FileHandle): Promise<void> {
    await handle.truncate(this.#size);
    await handle.datasync();
    this.#torn = false;
  }

  async filter(keep: (line: string) => boolean, exclusive: <T>(fn: () => Promise<T>) => Promise<T>): Promise<void> {
    const temp = this.#tempPath();
    const out = await open(temp, 'w', 0o600);
    let swapped = false;
    try {
      // Most of the file is copied while taps go on; only what was appended meanwhile is read
      // with appends held back, so a big journal never stalls the kiosks. Only bytes already
      // durable are copied early: a line whose fsync then fails is cut back, never carried over.
      const durable = this.#handle ? this.#size : await fileSize(this.#file);
      const done = await copyLines(this.#file, 0, out, keep, durable);
      await exclusive(async () => {
        await copyLines(this.#file, done, out, keep);
        await out.sync();
        await out.close();
        await this.#swapIn(temp);
        swapped = true;
      });
    } finally {
      if (!swapped) {
        await out.close().catch(() => {});
        await rm(temp, { force: true });
      }
    }
  }

  #tempPath(): string {
    return join(dirname(this.#file), `.${basename(this.#file)}.tmp`);
  }

  /** Renames a durable temp file over the journal; the next append opens the new file. */
  async #swapIn(temp: string): Promise<void> {
    await this.#handle?.close();
    this.#handle = null;
    this.#torn = false;
    await rename(temp, this.#file);
    await syncFolder(dirname(this.#file));
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = null;
  }
}

/**
 * A line filter that keeps what does not name any of `ids` by `names(parsed line, ids)`. For a few
 * ids (an erasure, not the purge) a line that does not even contain one is kept without parsing
 * it, which makes rewriting 200,000 taps a matter of copying bytes.
 */
export function keepUnless<T>(ids: ReadonlySet<string>, names: (entry: T, ids: ReadonlySet<string>) => boolean): (line: string) => boolean {
  const few = ids.size <= 32 ? [...ids] : null;
  return (line) => (few && !few.some((id) => line.includes(id))) || !names(JSON.parse(line) as T, ids);
}

export const memorySink = (): JournalSink => ({ append: async () => {}, filter: async () => {}, close: async () => {} });

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** The folder's own entry made durable, so a rename in it survives a power cut. */
export async function syncFolder(folder: string): Promise<void> {
  const dir = await open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

const CHUNK = 1 << 20;

/**
 * Copies the whole lines of `file` from byte `from` on that `keep` accepts, a megabyte at a time
 * with a turn of the event loop between, into `out`; returns where the last whole line ended.
 */
async function copyLines(file: string, from: number, out: FileHandle, keep: (line: string) => boolean, until = Infinity): Promise<number> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return from;
    throw err;
  }
  try {
    let at = from;
    let rest = Buffer.alloc(0);
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const want = Math.min(CHUNK, until - at - rest.length);
      const { bytesRead } = want > 0 ? await handle.read(buffer, 0, want, at + rest.length) : { bytesRead: 0 };
      if (bytesRead === 0) return at;
      const data = Buffer.concat([rest, buffer.subarray(0, bytesRead)]);
      const end = data.lastIndexOf(0x0a) + 1;
      rest = data.subarray(end);
      if (end === 0) continue;
      const kept = data.toString('utf8', 0, end).split('\n').slice(0, -1).filter((l) => l && keep(l));
      if (kept.length) await out.write(`${kept.join('\n')}\n`);
      at += end;
      rest = Buffer.from(rest);
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    await handle.close();
  }
}

/**
 * Reads a journal file into taps. A last line cut short by a crash or a full disk (its tap was
 * never acknowledged) is cut from the file on disk, and said, so the next append starts on a line
 * of its own; a damaged line elsewhere stops the start with its line number.
 */
export async function readJournal<T = Tap>(file: string, log: (message: string) => void = (m) => console.warn(m)): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  // What follows the last newline was never finished: whole lines always end with one.
  const tail = lines.pop()!;
  const taps: T[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      taps.push(JSON.parse(line) as T);
    } catch {
      throw new Error(`${file} line ${i + 1} is damaged; restore the file from a backup.`);
    }
  });
  if (tail) {
    const keep = Buffer.byteLength(text, 'utf8') - Buffer.byteLength(tail, 'utf8');
    try {
      await truncate(file, keep);
    } catch (err) {
      throw asStorageError(err, file);
    }
    log(`${file}: cut a torn last line of ${Buffer.byteLength(tail, 'utf8')} bytes (a write cut short by a crash or a full disk; it was never acknowledged).`);
  }
  return taps;
}

/** Group commit over a sink: every caller resolves once a write holding its lines is durable. */
export class GroupCommit {
  readonly #sink: JournalSink;
  #buffer: (string | Promise<string>)[] = [];
  #waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  #writing: Promise<void> | null = null;
  #paused = 0;
  // Rewrites of one file run one after another: they share its temp file, and each must copy what
  // the one before left (a compaction and a straggler's erasure may ask at once).
  #rewrites: Promise<void> = Promise.resolve();

  constructor(sink: JournalSink) {
    this.#sink = sink;
  }

  /**
   * Queues lines; a promise of lines (a big change serialized in slices) keeps its place in the
   * order, and the writes after it wait for it.
   */
  write(line: string | Promise<string>): Promise<void> {
    this.#buffer.push(line);
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#kick();
    return done;
  }

  /** Runs `fn` with no append in flight and none starting (a filter swapping in the rewritten file). */
  async #exclusive<T>(fn: (sink: JournalSink) => Promise<T>): Promise<T> {
    this.#paused += 1;
    try {
      while (this.#writing) await this.#writing;
      return await fn(this.#sink);
    } finally {
      this.#paused -= 1;
      this.#kick();
    }
  }

  #kick(): void {
    if (this.#writing || this.#paused || !this.#buffer.length) return;
    this.#writing = this.#flush().finally(() => {
      this.#writing = null;
      this.#kick();
    });
  }

  /** Rewrites the journal without the lines `keep` refuses; appends wait only for the tail. */
  filter(keep: (line: string) => boolean): Promise<void> {
    const run = this.#rewrites.then(() => this.#sink.filter(keep, (fn) => this.#exclusive(fn)));
    this.#rewrites = run.catch(() => {});
    return run;
  }

  async #flush(): Promise<void> {
    const parts = this.#buffer;
    const waiters = this.#waiters;
    this.#buffer = [];
    this.#waiters = [];
    try {
      const lines = (await Promise.all(parts)).join('');
      await this.#sink.append(lines);
      for (const w of waiters) w.resolve();
    } catch (err) {
      for (const w of waiters) w.reject(err);
    }
  }
}
