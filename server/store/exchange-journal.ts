import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** One meeting of two people, however many times they tapped in. */
export interface Exchange {
  id: string;
  /** The two attendee ids, in the order of the first tap. */
  a: string;
  b: string;
  count: number;
  firstAt: string;
  lastAt: string;
  /** The kiosks where they tapped, first seen first. */
  kiosks: string[];
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
  rewrite(lines: string): Promise<void>;
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

  constructor(file: string) {
    this.#file = file;
  }

  async append(lines: string): Promise<void> {
    this.#handle ??= await open(this.#file, 'a', 0o600);
    await this.#handle.write(lines);
    await this.#handle.datasync();
  }

  /** Replaces the whole journal (erasure): temp file, fsync, rename, as the store does. */
  async rewrite(lines: string): Promise<void> {
    const temp = join(dirname(this.#file), `.${basename(this.#file)}.tmp`);
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(lines);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.#handle?.close();
    this.#handle = null;
    await rename(temp, this.#file);
    const dir = await open(dirname(this.#file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = null;
  }
}

export const memorySink = (): JournalSink => ({ append: async () => {}, rewrite: async () => {}, close: async () => {} });

/**
 * Reads a journal file into taps. A last line cut short by a crash (the tap was never
 * acknowledged) is dropped; a damaged line elsewhere stops the start with its line number.
 */
export async function readJournal<T = Tap>(file: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  const taps: T[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      taps.push(JSON.parse(line) as T);
    } catch {
      const last = i === lines.length - 1 || lines.slice(i + 1).every((l) => !l.trim());
      if (!last) throw new Error(`${file} line ${i + 1} is damaged; restore the file from a backup.`);
    }
  });
  return taps;
}

/** Group commit over a sink: every caller resolves once a write holding its lines is durable. */
export class GroupCommit {
  readonly #sink: JournalSink;
  #buffer: string[] = [];
  #waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  #writing: Promise<void> | null = null;
  #paused = 0;

  constructor(sink: JournalSink) {
    this.#sink = sink;
  }

  write(line: string): Promise<void> {
    this.#buffer.push(line);
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#kick();
    return done;
  }

  /** Runs `fn` with no append in flight and none starting (erasure rewrites the whole file). */
  async exclusive<T>(fn: (sink: JournalSink) => Promise<T>): Promise<T> {
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

  async #flush(): Promise<void> {
    const lines = this.#buffer.join('');
    const waiters = this.#waiters;
    this.#buffer = [];
    this.#waiters = [];
    try {
      await this.#sink.append(lines);
      for (const w of waiters) w.resolve();
    } catch (err) {
      for (const w of waiters) w.reject(err);
    }
  }
}
