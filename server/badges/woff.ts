import { inflateSync } from 'node:zlib';

/**
 * The plain TrueType/OpenType file inside a WOFF 1.0 file (W3C WOFF, section 4): the same
 * tables, uncompressed, behind an sfnt table directory.
 *
 * Why: fontkit inflates a WOFF table each time it reads from it, so every new glyph's outline or
 * metrics cost inflating the whole `glyf` table again; that was a tenth of printing a badge sheet
 * with CJK names. Read once as sfnt, a table is a slice of one buffer.
 *
 * @example
 * const font = fontkit.create(sfntFromWoff(readFileSync('latin-400-normal.woff')))
 */
export function sfntFromWoff(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    tables.push({ tag: woff.readUInt32BE(entry), checksum: woff.readUInt32BE(entry + 16), data: compLength < origLength ? inflateSync(stored) : stored });
  }
  // WOFF keeps the directory in ascending tag order, as sfnt wants it.
  const headerSize = 12 + 16 * numTables;
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(headerSize + tables.reduce((sum, t) => sum + padded(t.data.length), 0));
  const power = 2 ** Math.floor(Math.log2(numTables));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(Math.log2(power), 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  let at = headerSize;
  tables.forEach((t, i) => {
    out.writeUInt32BE(t.tag, 12 + i * 16);
    out.writeUInt32BE(t.checksum, 16 + i * 16);
    out.writeUInt32BE(at, 20 + i * 16);
    out.writeUInt32BE(t.data.length, 24 + i * 16);
    t.data.copy(out, at);
    at += padded(t.data.length);
  });
  return out;
}
