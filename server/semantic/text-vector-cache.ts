import { chmod, open, readFile, rename, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_NAME } from './vector-file.ts';

/** The cache's file in the data folder. */
export const CACHE_FILE = 'text-vectors.jsonl';

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
 * moves a cosine by about 1e-5: scores are rounded to 1e-3.
 *
 * @example
 * const cache = await TextVectorCache.open(dataDir)
 * cache.get('Freelance accountant') ?? cache.add('Freelance accountant', await encode(...))
 */
export class TextVectorCache {
  readonly #path: string;
  readonly #vectors: Map<string, Float32Array>;
  #pending: string[] = [];
  #flushQueued = false;
  /** Whether the file on disk starts with this model's header line. */
  #headed: boolean;
  // File work in order: appends and rewrites never interleave.
  #chain: Promise<void> = Promise.resolve();
  #lastError: string | null = null;

  private constructor(path: string, vectors: Map<string, Float32Array>, headed: boolean) {
    this.#path = path;
    this.#vectors = vectors;
    this.#headed = headed;
  }

  /** Reads the cache in `dataDir` (empty when there is none, or it is another model's). */
  static async open(dataDir: string): Promise<TextVectorCache> {
    const path = join(dataDir, CACHE_FILE);
    const vectors = new Map<string, Float32Array>();
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch {
      return new TextVectorCache(path, vectors, false);
    }
    const lines = content.split('\n');
    let header: { model?: string } | null = null;
    try {
      header = JSON.parse(lines[0]!) as { model?: string };
    } catch {
      // Not ours to read; replaced on the first write.
    }
    if (header?.model !== MODEL_NAME) return new TextVectorCache(path, vectors, false);
    // Whole lines end with a newline: what follows the last one was never finished.
    const tail = lines.pop()!;
    // The header itself unfinished: the first write makes the file anew.
    if (!lines.length) return new TextVectorCache(path, vectors, false);
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i]) continue;
      try {
        const { t, v } = JSON.parse(lines[i]!) as { t: string; v: string };
        vectors.set(t, decode(v));
      } catch {
        // A damaged line (an older version glued a line onto a torn one): that text is read again.
      }
    }
    if (tail) {
      try {
        await truncate(path, Buffer.byteLength(content, 'utf8') - Buffer.byteLength(tail, 'utf8'));
        process.stderr.write(`${path}: cut a torn last line of ${Buffer.byteLength(tail, 'utf8')} bytes (a write cut short by a crash or a full disk); that text is read again.\n`);
      } catch {
        // Cannot cut it (a read-only disk): the first write then rewrites the file whole.
        return new TextVectorCache(path, vectors, false);
      }
    }
    return new TextVectorCache(path, vectors, true);
  }

  get size(): number {
    return this.#vectors.size;
  }

  has(text: string): boolean {
    return this.#vectors.has(text);
  }

  get(text: string): Float32Array | undefined {
    return this.#vectors.get(text);
  }

  /**
   * Keeps a text's vector and writes it to the file soon (in one append with its neighbours).
   * Returns the vector as kept, which is what a restart reads: use it, so a text scores the same
   * before and after one.
   */
  add(text: string, vector: Float32Array): Float32Array {
    const known = this.#vectors.get(text);
    if (known) return known;
    const line = encode(vector);
    const kept = decode(line);
    this.#vectors.set(text, kept);
    this.#pending.push(`${JSON.stringify({ t: text, v: line })}\n`);
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
    for (const text of this.#vectors.keys()) {
      if (!inUse.has(text)) {
        this.#vectors.delete(text);
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
    for (const [t, v] of this.#vectors) lines.push(`${JSON.stringify({ t, v: encode(v) })}\n`);
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

function encode(v: Float32Array): string {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  const ints = Int16Array.from(v, (x) => Math.round((x / (max || 1)) * 32767));
  return Buffer.from(ints.buffer).toString('base64');
}

/** A unit vector back from its 16-bit form (direction is all a cosine needs). */
function decode(b64: string): Float32Array {
  // Copied out of Buffer's shared pool, where an offset need not be even.
  const ints = new Int16Array(Uint8Array.from(Buffer.from(b64, 'base64')).buffer);
  const v = Float32Array.from(ints);
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}
