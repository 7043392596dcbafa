import QRCode from 'qrcode';

/** A QR symbol as a grid of dark modules, for writers that draw it themselves. */
export interface QrMatrix {
  version: number;
  level: 'H' | 'Q';
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Row-major: dark[row * size + col]. */
  dark: boolean[];
}

/** Modules of light margin each side: the standard quiet zone a scanner needs to find the code. */
export const QUIET_ZONE = 4;

// The QR alphanumeric set: an upper-case badge URL is written in it whole.
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]+$/;
// Data bits version 4 holds at level H (36 codewords, ISO/IEC 18004 table 7).
const V4_H_BITS = 36 * 8;

/** Bits of `length` characters as one alphanumeric segment: mode, count (9 bits up to version 9), pairs in 11 bits, a last odd one in 6. */
function alphanumericBits(length: number): number {
  return 4 + 9 + 11 * Math.floor(length / 2) + 6 * (length % 2);
}

/**
 * Encodes a badge URL at error-correction level H where it still fits in version 4 (it then
 * survives a crease or a thumb), else at Q.
 *
 * An upper-case URL is encoded once, as one alphanumeric segment with its level chosen from its
 * length: encoding is most of the cost of printing badges, and qrcode's own way (split the text
 * into optimal segments, then find out the version by building the symbol) cost two encodings and
 * a shortest-path search per badge. A URL has no digit run long enough for numeric mode to pay for
 * its own header, so the one segment is as short as qrcode's optimal split. Other text takes the
 * general path.
 */
export function qrMatrix(text: string): QrMatrix {
  let qr: QRCode.QRCode;
  let level: QrMatrix['level'];
  if (ALPHANUMERIC.test(text)) {
    level = alphanumericBits(text.length) <= V4_H_BITS ? 'H' : 'Q';
    qr = QRCode.create([{ data: text, mode: 'alphanumeric' }], { errorCorrectionLevel: level });
  } else {
    level = 'H';
    qr = QRCode.create(text, { errorCorrectionLevel: 'H' });
    if (qr.version > 4) {
      qr = QRCode.create(text, { errorCorrectionLevel: 'Q' });
      level = 'Q';
    }
  }
  const size = qr.modules.size;
  const bits = qr.modules.data;
  const dark: boolean[] = new Array(size * size);
  for (let i = 0; i < size * size; i++) dark[i] = bits[i] !== 0;
  return { version: qr.version, level, size, dark };
}
