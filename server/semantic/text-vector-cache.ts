import { chmod, open, readFile, rename, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { Int16Rows, dequantize, quantize, toBase64 } from './quantized-vectors.ts';
import { MODEL_NAME } from './vector-file.ts';

/** The cache's file in the data folder. */
export const CACHE_FILE = 'text-vectors.jsonl';

const NEWLINE = 0x0a;

/**
 * The sentence model's vectors of attendees' texts, kept in the data folder keyed by text, so a
 * restart reads only texts it has never seen (the model takes ~9 ms a text: ten minutes of one
 * core for 20,000 people). One JSON line a text, appended in the background; a last line cut short
 * by a crash is cut from the file when read (said on stderr), so the next append starts a line of
 * its own; after an append that failed (a full disk may have taken part of it) the next write
 * rewrites the file whole; a file from another model is ignored and replaced.
 *
 * It holds people's own words, so it is the owner's alone (0600) and forgets with them: erasing
 * a person or the purge rewrites it without their texts (a temp file renamed over it). Derived
 * data, so the backup leaves it out; a restore reads the texts again.
 *
 * Vectors are kept as 16-bit integers scaled to their largest component (1 KB a text), which
 * moves a cosine by about 1e-5: scores are rounded to 1e-3. Memory holds them in that form too
 * (quantized-vectors.ts), and `get` makes the unit vector when asked: 60,000 texts (a real event
 * of 20,000 people) take 62 MB so, 130 MB as Float32Arrays.
 *
 * @example
 * const cache = await TextVectorCache.open(dataDir)
 * cache.get('Freelance accountant') ?? cache.add('Freelance accountant', await encode(...))
 */
export class TextVectorCache {
  readonly #path: string;
  // Each text's row in #rows; the rows are made with the first vector's width.
  readonly #slots: Map<string, number>;
  #rows: Int16Rows | null;
  #pending: string[] = [];
  #flushQueued = false;
  /** Whether the file on disk starts with this model's header line. */
  #headed: boolean;
  // File work in order: appends and rewrites never interleave.
  #chain: Promise<void> = Promise.resolve();
  #lastError: string | null = null;

  private constructor(path: string, kept: { slots: Map<string, number>; rows: Int16Rows | null }, headed: boolean) {
    this.#path = path;
    this.#slots = kept.slots;
    this.#rows = kept.rows;
    this.#headed = headed;
  }

  /** Reads the cache in `dataDir` (empty when there is none, or it is another model's). */
  static async open(dataDir: string): Promise<TextVectorCache> {
    const path = join(dataDir, CACHE_FILE);
    const kept: { slots: Map<string, number>; rows: Int16Rows | null } = { slots: new Map(), rows: null };
    // Bytes, parsed a line at a time: 60,000 texts are 90 MB of file, and as one string (two
    // bytes a character once a line has an "ń") split into lines it took 400 MB at its peak.
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch {
      return new TextVectorCache(path, kept, false);
    }
    const firstEnd = content.indexOf(NEWLINE);
    let header: { model?: string } | null = null;
    try {
      header = JSON.parse(content.toString('utf8', 0, firstEnd === -1 ? content.length : firstEnd)) as { model?: string };
    } catch {
      // Not ours to read; replaced on the first write.
    }
    if (header?.model !== MODEL_NAME) return new TextVectorCache(path, kept, false);
    // Whole lines end with a newline: what follows the last one was never finished.
    const whole = content.lastIndexOf(NEWLINE) + 1;
    // The header itself unfinished: the first write makes the file anew.
    if (!whole) return new TextVectorCache(path, kept, false);
    for (let start = firstEnd + 1; start < whole; ) {
      const end = content.indexOf(NEWLINE, start);
      const line = start < end ? content.toString('utf8', start, end) : '';
      start = end + 1;
      if (!line) continue;
      try {
        const { t, v } = JSON.parse(line) as { t: string; v: string };
        const bytes = Buffer.from(v, 'base64');
        // A torn or glued line can decode to an odd length: that is no row, nor a width for the others.
        if (bytes.byteLength % 2 || !bytes.byteLength) throw new RangeError('Not a 16-bit vector.');
        kept.rows ??= new Int16Rows(bytes.byteLength / 2);
        const known = kept.slots.get(t);
        if (known !== undefined) kept.rows.free(known);
        kept.slots.set(t, kept.rows.add(bytes));
      } catch {
        // A damaged line (an older version glued a line onto a torn one): that text is read again.
      }
    }
    if (whole < content.length) {
      try {
        await truncate(path, whole);
        process.stderr.write(`${path}: cut a torn last line of ${content.length - whole} bytes (a write cut short by a crash or a full disk); that text is read again.\n`);
      } catch {
        // Cannot cut it (a read-only disk): the first write then rewrites the file whole.
        return new TextVectorCache(path, kept, false);
      }
    }
    return new TextVectorCache(path, kept, true);
  }

  get size(): number {
    return this.#slots.size;
  }

  has(text: string): boolean {
    return this.#slots.has(text);
  }

  /** The text's unit vector, made anew on each call from its 16-bit form (callers keep what they derive from it). */
  get(text: string): Float32Array | undefined {
    const slot = this.#slots.get(text);
    return slot === undefined ? undefined : dequantize(this.#rows!.row(slot));
  }

  /**
   * Keeps a text's vector and writes it to the file soon (in one append with its neighbours).
   * Returns the vector as kept, which is what a restart reads: use it, so a text scores the same
   * before and after one.
   */
  add(text: string, vector: Float32Array): Float32Array {
    const known = this.get(text);
    if (known) return known;
    const ints = quantize(vector);
    this.#rows ??= new Int16Rows(ints.length);
    // A vector of another width is another model's: used, not kept (one model writes a cache).
    if (ints.length !== this.#rows.width) return dequantize(ints);
    this.#slots.set(text, this.#rows.add(ints));
    this.#pending.push(`${JSON.stringify({ t: text, v: toBase64(ints) })}\n`);
    const kept = dequantize(ints);
    if (this.#flushQueued) return kept;
    this.#flushQueued = true;
    setImmediate(() => {
      this.#flushQueued = false;
      const lines = this.#pending.splice(0);
      if (!lines.length) return;
      this.#run(async () => {
        if (!this.#headed) return this.#rewrite();
        try {
          await append(this.#path, lines.join(''));
        } catch (err) {
          // Part of it may be on disk: the next write replaces the file rather than glue onto that.
          this.#headed = false;
          throw err;
        }
      });
    });
    return kept;
  }

  /** Forgets every text not in `inUse`, in memory now and in the file in the background. */
  retainOnly(inUse: ReadonlySet<string>): void {
    let dropped = false;
    for (const [text, slot] of this.#slots) {
      if (!inUse.has(text)) {
        this.#slots.delete(text);
        this.#rows!.free(slot);
        dropped = true;
      }
    }
    if (!dropped) return;
    // The rewrite takes whatever is kept then, pending texts included.
    this.#pending = [];
    this.#run(() => this.#rewrite());
  }

  /** Resolves once everything asked of the file so far is done (tests, and closing). */
  settled(): Promise<void> {
    return new Promise((resolve) => setImmediate(() => resolve(this.#chain)));
  }

  #run(work: () => Promise<void>): void {
    this.#chain = this.#chain.then(work).catch((err: Error) => {
      // A cache that cannot be written costs a slower next start, nothing more; said once.
      if (this.#lastError === err.message) return;
      this.#lastError = err.message;
      process.stderr.write(`Could not keep the sentence model's readings in ${this.#path} (${err.message}); a restart reads the profiles again.\n`);
    });
  }

  async #rewrite(): Promise<void> {
    const temp = `${this.#path}.tmp`;
    const lines = [`${JSON.stringify({ model: MODEL_NAME })}\n`];
    for (const [t, slot] of this.#slots) lines.push(`${JSON.stringify({ t, v: toBase64(this.#rows!.row(slot)) })}\n`);
    await rm(temp, { force: true });
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(lines.join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.#path);
    this.#headed = true;
  }
}

async function append(path: string, text: string): Promise<void> {
  const handle = await open(path, 'a', 0o600);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  // A file made by an older build, or copied in, is the owner's alone all the same.
  await chmod(path, 0o600);
}
