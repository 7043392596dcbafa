import { closeSync, fsync, openSync, readFile as readFd, readSync, write } from 'node:fs';
import { chmod, open, rename, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Int16Rows, dequantize, quantize, toBase64 } from './quantized-vectors.ts';
import { MODEL_NAME } from './vector-file.ts';

/** The cache's file in the data folder. */
export const CACHE_FILE = 'text-vectors.jsonl';

const NEWLINE = 0x0a;
const readWhole = promisify(readFd);
const writeSome = promisify(write);
const syncFd = promisify(fsync);

/** Writes all of `bytes` at the descriptor's position (a write may take only part, as on a filling disk). */
async function writeTo(fd: number, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.byteLength; ) {
    const { bytesWritten } = await writeSome(fd, bytes, done, bytes.byteLength - done);
    if (!bytesWritten) throw new Error('The disk took none of a write.');
    done += bytesWritten;
  }
}

// A line's place in the file as one number, offset × 2^20 + length: a number a text is some 20
// bytes of memory, where its vector was 1 KB. Lines of a megabyte or more, or past 8 GB of file,
// do not fit and stay in memory (2^33 × 2^20 is 2^53, the last exact integer).
const LENGTH_BITS = 2 ** 20;
const MAX_OFFSET = 2 ** 33;
const place = (offset: number, length: number) => (length < LENGTH_BITS && offset < MAX_OFFSET ? offset * LENGTH_BITS + length : null);

// Lines written to the new file in batches of this many, with a turn of the loop between.
const REWRITE_BATCH = 1000;

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
 * moves a cosine by about 1e-5: scores are rounded to 1e-3. A vector is needed once, when its
 * text is first looked up (the index keeps what it derives), so memory holds only where each
 * text's line is in the file, and `get` reads that line (a few µs from the page cache, through a
 * descriptor kept open, so a rewrite's rename never puts another file under our numbers). The
 * line read must be the text asked for, or the text counts as not kept. Vectors not yet written
 * (or whose write failed) are held in memory as 16-bit rows (quantized-vectors.ts) until they are.
 * 60,000 texts (a real event of 20,000 people) took 62 MB as rows.
 *
 * @example
 * const cache = await TextVectorCache.open(dataDir)
 * cache.get('Freelance accountant') ?? cache.add('Freelance accountant', await encode(...))
 * await cache.close()
 */
export class TextVectorCache {
  readonly #path: string;
  // Where each kept text's line is in the file under #fd; disjoint from #inMemory.
  #onDisk: Map<string, number>;
  #fd: number | null;
  // Texts whose vector is not in the file (yet): their row in #rows.
  readonly #inMemory = new Map<string, number>();
  #rows: Int16Rows | null = null;
  // The model's width, from the file's first line or the first vector added.
  #width: number | null;
  #pending: { text: string; line: string }[] = [];
  #flushQueued = false;
  /** Whether the file on disk starts with this model's header line. */
  #headed: boolean;
  // File work in order: appends and rewrites never interleave.
  #chain: Promise<void> = Promise.resolve();
  #lastError: string | null = null;
  #scratch = Buffer.alloc(4096);
  #closed = false;

  private constructor(path: string, kept: { onDisk: Map<string, number>; fd: number | null; width: number | null }, headed: boolean) {
    this.#path = path;
    this.#onDisk = kept.onDisk;
    this.#fd = kept.fd;
    this.#width = kept.width;
    this.#headed = headed;
  }

  /** Reads the cache in `dataDir` (empty when there is none, or it is another model's). */
  static async open(dataDir: string): Promise<TextVectorCache> {
    const path = join(dataDir, CACHE_FILE);
    const empty = () => new TextVectorCache(path, { onDisk: new Map(), fd: null, width: null }, false);
    // Read through the descriptor kept for reading lines, so the places found are in that file.
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return empty();
    }
    // Bytes, parsed a line at a time: 60,000 texts are 90 MB of file, and as one string (two
    // bytes a character once a line has an "ń") split into lines it took 400 MB at its peak.
    let content: Buffer;
    try {
      content = await readWhole(fd);
    } catch {
      closeSync(fd);
      return empty();
    }
    const firstEnd = content.indexOf(NEWLINE);
    let header: { model?: string } | null = null;
    try {
      header = JSON.parse(content.toString('utf8', 0, firstEnd === -1 ? content.length : firstEnd)) as { model?: string };
    } catch {
      // Not ours to read; replaced on the first write.
    }
    // Whole lines end with a newline: what follows the last one was never finished.
    const whole = content.lastIndexOf(NEWLINE) + 1;
    // Another model's, or the header itself unfinished: the first write makes the file anew.
    if (header?.model !== MODEL_NAME || !whole) {
      closeSync(fd);
      return empty();
    }
    const cache = new TextVectorCache(path, { onDisk: new Map(), fd, width: null }, true);
    for (let start = firstEnd + 1; start < whole; ) {
      const end = content.indexOf(NEWLINE, start);
      const line = start < end ? content.toString('utf8', start, end) : '';
      const at = start;
      start = end + 1;
      if (!line) continue;
      try {
        const { t, v } = JSON.parse(line) as { t: string; v: string };
        const bytes = Buffer.from(v, 'base64');
        // A torn or glued line can decode to an odd length: that is no row, nor a width for the others.
        if (bytes.byteLength % 2 || !bytes.byteLength) throw new RangeError('Not a 16-bit vector.');
        cache.#width ??= bytes.byteLength / 2;
        if (bytes.byteLength !== cache.#width * 2) throw new RangeError('Another width.');
        if (!cache.#keep(t, at, end - at)) cache.#remember(t, bytes);
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
        cache.#headed = false;
      }
    }
    return cache;
  }

  get size(): number {
    return this.#onDisk.size + this.#inMemory.size;
  }

  has(text: string): boolean {
    return this.#onDisk.has(text) || this.#inMemory.has(text);
  }

  /** The text's unit vector, made anew on each call from its 16-bit form (callers keep what they derive from it). */
  get(text: string): Float32Array | undefined {
    const ints = this.#ints(text);
    return ints && dequantize(ints);
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
    this.#width ??= ints.length;
    // A vector of another width is another model's: used, not kept (one model writes a cache).
    if (ints.length !== this.#width) return dequantize(ints);
    this.#remember(text, ints);
    this.#pending.push({ text, line: `${JSON.stringify({ t: text, v: toBase64(ints) })}\n` });
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
          await this.#append(lines);
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
    for (const text of this.#onDisk.keys()) {
      if (!inUse.has(text)) {
        this.#onDisk.delete(text);
        dropped = true;
      }
    }
    for (const [text, slot] of this.#inMemory) {
      if (!inUse.has(text)) {
        this.#inMemory.delete(text);
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

  /** Finishes the file's work and lets go of the file; the cache is not to be used after. */
  async close(): Promise<void> {
    await this.settled();
    this.#closed = true;
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
    this.#onDisk = new Map();
  }

  #run(work: () => Promise<void>): void {
    this.#chain = this.#chain.then(work).catch((err: Error) => {
      // A cache that cannot be written costs a slower next start, nothing more; said once.
      if (this.#lastError === err.message) return;
      this.#lastError = err.message;
      process.stderr.write(`Could not keep the sentence model's readings in ${this.#path} (${err.message}); a restart reads the profiles again.\n`);
    });
  }

  /** The text's 16-bit vector: its row in memory, or its line read from the file and checked. */
  #ints(text: string): Int16Array | undefined {
    const slot = this.#inMemory.get(text);
    if (slot !== undefined) return this.#rows!.row(slot);
    const at = this.#onDisk.get(text);
    if (at === undefined) return undefined;
    const line = this.#readLine(at);
    if (line?.t === text) return line.ints;
    // Not the line we wrote (the file changed behind our back, or the disk failed): the text is read again.
    this.#onDisk.delete(text);
    return undefined;
  }

  /** The line at `at`, parsed: its text, its vector (whole, of the model's width) and its bytes (valid until the next read). */
  #readLine(at: number): { t: string; ints: Int16Array; raw: Buffer } | undefined {
    const offset = Math.floor(at / LENGTH_BITS);
    const length = at % LENGTH_BITS;
    if (this.#fd === null || this.#width === null) return undefined;
    if (this.#scratch.byteLength < length) this.#scratch = Buffer.alloc(length);
    try {
      if (readSync(this.#fd, this.#scratch, 0, length, offset) !== length) return undefined;
      const raw = this.#scratch.subarray(0, length);
      const { t, v } = JSON.parse(raw.toString('utf8')) as { t: unknown; v: unknown };
      if (typeof t !== 'string' || typeof v !== 'string') return undefined;
      const bytes = Buffer.from(v, 'base64');
      if (bytes.byteLength !== this.#width * 2) return undefined;
      // Copied into an array of its own: the decoded bytes may sit at an odd offset of a shared pool.
      const ints = new Int16Array(this.#width);
      new Uint8Array(ints.buffer).set(bytes);
      return { t, ints, raw };
    } catch {
      return undefined;
    }
  }

  /** Records a text's line at `offset` in place of its row in memory; false when the place does not fit a number. */
  #keep(text: string, offset: number, length: number): boolean {
    const at = place(offset, length);
    if (at === null) return false;
    this.#forgetRow(text);
    this.#onDisk.set(text, at);
    return true;
  }

  #remember(text: string, ints: Int16Array | Uint8Array): void {
    this.#rows ??= new Int16Rows(this.#width!);
    this.#forgetRow(text);
    this.#onDisk.delete(text);
    this.#inMemory.set(text, this.#rows.add(ints));
  }

  #forgetRow(text: string): void {
    const slot = this.#inMemory.get(text);
    if (slot === undefined) return;
    this.#inMemory.delete(text);
    this.#rows!.free(slot);
  }

  /** Appends lines to the file; those written whole then leave memory for their place in it. */
  async #append(lines: { text: string; line: string }[]): Promise<void> {
    const handle = await open(this.#path, 'a', 0o600);
    let offset: number;
    const text = lines.map((l) => l.line).join('');
    try {
      offset = (await handle.stat()).size;
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    // A file made by an older build, or copied in, is the owner's alone all the same.
    await chmod(this.#path, 0o600);
    for (const { text: t, line } of lines) {
      const length = Buffer.byteLength(line) - 1;
      // Still kept, and not moved since (an erasure in between forgot it: it stays forgotten).
      const slot = this.#inMemory.get(t);
      if (slot !== undefined && this.#fd !== null) this.#keep(t, offset, length);
      offset += length + 1;
    }
  }

  /**
   * Writes the file anew from what is kept (a temp file renamed over it). Lines are read from the
   * old file while the new one is written; the new file's places and descriptor replace the old in
   * one step after the rename, so every read meanwhile finds its own bytes.
   */
  async #rewrite(): Promise<void> {
    // Closed: a late write must not open a file nobody will close.
    if (this.#closed) return;
    const temp = `${this.#path}.tmp`;
    // What is kept now; texts added while it is written wait for the append after it.
    const texts = [...this.#onDisk.keys(), ...this.#inMemory.keys()];
    await rm(temp, { force: true });
    const fd = openSync(temp, 'w+', 0o600);
    // Where each text's line is in the new file, and the row it was written from if from memory.
    const places = new Map<string, { at: number | null; slot?: number }>();
    try {
      const header = Buffer.from(`${JSON.stringify({ model: MODEL_NAME })}\n`);
      await writeTo(fd, header);
      let offset = header.byteLength;
      for (let start = 0; start < texts.length; start += REWRITE_BATCH) {
        if (start) await new Promise((resolve) => setImmediate(resolve));
        const chunks: Buffer[] = [];
        for (const t of texts.slice(start, start + REWRITE_BATCH)) {
          let line: Buffer;
          let slot: number | undefined;
          const at = this.#onDisk.get(t);
          if (at !== undefined) {
            // Copied as it is, once it reads back as this text's line.
            const read = this.#readLine(at);
            if (read?.t !== t) continue;
            line = Buffer.concat([read.raw, Buffer.of(NEWLINE)]);
            // A place too big for a number (a line of a megabyte): that vector is held in memory.
            if (place(offset, line.byteLength - 1) === null) this.#remember(t, read.ints);
          } else {
            slot = this.#inMemory.get(t);
            // Forgotten since the list was taken.
            if (slot === undefined) continue;
            line = Buffer.from(`${JSON.stringify({ t, v: toBase64(this.#rows!.row(slot)) })}\n`);
          }
          places.set(t, { at: place(offset, line.byteLength - 1), slot });
          chunks.push(line);
          offset += line.byteLength;
        }
        await writeTo(fd, Buffer.concat(chunks));
      }
      await syncFd(fd);
      await rename(temp, this.#path);
    } catch (err) {
      // The next write tries again: the old file may still hold an erased person's texts.
      this.#headed = false;
      closeSync(fd);
      await rm(temp, { force: true }).catch(() => {});
      throw err;
    }
    // One step: the new descriptor and places for every text still kept as it was written.
    const onDisk = new Map<string, number>();
    for (const [t, { at, slot }] of places) {
      if (at === null) continue;
      if (slot === undefined ? this.#onDisk.has(t) : this.#inMemory.get(t) === slot) {
        this.#forgetRow(t);
        onDisk.set(t, at);
      }
    }
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = fd;
    this.#onDisk = onDisk;
    this.#headed = true;
  }
}
