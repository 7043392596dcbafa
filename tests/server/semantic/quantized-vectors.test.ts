import { describe, expect, it } from 'vitest';
import { dequantize, Int16Rows, quantize, toBase64 } from '../../../server/semantic/quantized-vectors.ts';

/** A made-up reading of `width` dimensions, different for each n. */
function vector(n: number, width = 512): Float32Array {
  return Float32Array.from({ length: width }, (_, i) => Math.cos((i + 1) * (n + 2)));
}

describe('quantized vectors', () => {
  it('keeps a vector as 16-bit integers scaled to its largest component, and gives back a unit vector', () => {
    const ints = quantize(vector(1));
    expect(Math.max(...ints.map(Math.abs))).toBe(32767);
    const back = dequantize(ints);
    expect(back.reduce((n, x) => n + x * x, 0)).toBeCloseTo(1, 5);
    const v = vector(1);
    const norm = Math.hypot(...v);
    back.forEach((x, i) => expect(x).toBeCloseTo(v[i]! / norm, 4));
  });

  it('writes the integers as little-endian base64, as the cache file holds them', () => {
    const ints = Int16Array.of(1, -2, 32767);
    expect(toBase64(ints)).toBe(Buffer.from([1, 0, 0xfe, 0xff, 0xff, 0x7f]).toString('base64'));
    // A view into a slab writes only its own row.
    expect(toBase64(new Int16Array([9, 9, 1, -2, 32767, 9]).subarray(2, 5))).toBe(toBase64(ints));
  });
});

describe('Int16Rows', () => {
  it('keeps rows given as integers or as the bytes of the file, each found by its slot', () => {
    const rows = new Int16Rows(4);
    const a = rows.add(Int16Array.of(1, 2, 3, 4));
    const b = rows.add(Buffer.from(Int16Array.of(-1, -2, -3, -4).buffer));
    expect([...rows.row(a)]).toEqual([1, 2, 3, 4]);
    expect([...rows.row(b)]).toEqual([-1, -2, -3, -4]);
  });

  it('reads bytes from any offset (base64 decodes into a shared pool, where an offset may be odd)', () => {
    const pool = Buffer.alloc(11);
    Buffer.from(Int16Array.of(7, -7, 300, -300).buffer).copy(pool, 3);
    const rows = new Int16Rows(4);
    expect([...rows.row(rows.add(pool.subarray(3)))]).toEqual([7, -7, 300, -300]);
  });

  it('spans slabs, and zeroes a freed row before it is used again', () => {
    const rows = new Int16Rows(2);
    const slots = Array.from({ length: 3000 }, (_, i) => rows.add(Int16Array.of(i, -i)));
    expect([...rows.row(slots[2500]!)]).toEqual([2500, -2500]);
    const view = rows.row(slots[10]!);
    rows.free(slots[10]!);
    expect([...view]).toEqual([0, 0]);
    expect(rows.add(Int16Array.of(5, 6))).toBe(slots[10]);
    expect([...rows.row(slots[11]!)]).toEqual([11, -11]);
  });

  it('refuses a row of another width', () => {
    expect(() => new Int16Rows(4).add(Int16Array.of(1, 2))).toThrow(RangeError);
  });
});
