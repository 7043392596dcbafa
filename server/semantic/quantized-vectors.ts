/**
 * Sentence vectors as the text-vector cache keeps them: 16-bit integers scaled to the largest
 * component (1 KB for the model's 512 dimensions, where a Float32Array takes 2 KB), in memory as
 * in the file. A cosine moves by about 1e-5 for it, and scores are rounded to 1e-3.
 */

/** The 16-bit form of a vector. */
export function quantize(v: Float32Array): Int16Array {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  return Int16Array.from(v, (x) => Math.round((x / (max || 1)) * 32767));
}

/** A unit vector back from its 16-bit form (direction is all a cosine needs). */
export function dequantize(ints: Int16Array): Float32Array {
  const v = Float32Array.from(ints);
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** The 16-bit form as the cache file writes it. */
export function toBase64(ints: Int16Array): string {
  return Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength).toString('base64');
}

// 1,024 rows of 512 dimensions: 1 MB a slab, so at most about that is allocated and unused.
const SLAB_ROWS = 1024;

/**
 * Fixed-width rows of 16-bit integers in slabs of a thousand, each row found by a number: one
 * typed array per text would add an ArrayBuffer, a typed array and a separately allocated
 * backing store to every kilobyte (about 15 MB at 60,000 texts). A freed row is zeroed (it was
 * derived from someone's words) and used again.
 *
 * @example
 * const rows = new Int16Rows(512)
 * const slot = rows.add(Buffer.from(line.v, 'base64'))
 * dequantize(rows.row(slot))
 */
export class Int16Rows {
  readonly width: number;
  readonly #slabs: Int16Array[] = [];
  readonly #free: number[] = [];
  #next = 0;

  constructor(width: number) {
    this.width = width;
  }

  /** Keeps a row given as its integers or as their little-endian bytes (the file's base64 decoded); returns its slot. */
  add(row: Int16Array | Uint8Array): number {
    const bytes = row instanceof Int16Array ? new Uint8Array(row.buffer, row.byteOffset, row.byteLength) : row;
    if (bytes.byteLength !== this.width * 2) throw new RangeError(`A row of ${bytes.byteLength} bytes where ${this.width * 2} were expected.`);
    const slot = this.#free.pop() ?? this.#next++;
    const slab = Math.floor(slot / SLAB_ROWS);
    if (slab === this.#slabs.length) this.#slabs.push(new Int16Array(SLAB_ROWS * this.width));
    const into = this.#slabs[slab]!;
    new Uint8Array(into.buffer).set(bytes, (slot % SLAB_ROWS) * this.width * 2);
    return slot;
  }

  /** The row at `slot`, as a view into its slab (valid until the slot is freed). */
  row(slot: number): Int16Array {
    const start = (slot % SLAB_ROWS) * this.width;
    return this.#slabs[Math.floor(slot / SLAB_ROWS)]!.subarray(start, start + this.width);
  }

  free(slot: number): void {
    this.row(slot).fill(0);
    this.#free.push(slot);
  }
}
