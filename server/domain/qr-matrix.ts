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

/**
 * Encodes a badge URL at error-correction level H where it still fits in version 4 (it then
 * survives a crease or a thumb), else at Q.
 */
export function qrMatrix(text: string): QrMatrix {
  let qr = QRCode.create(text, { errorCorrectionLevel: 'H' });
  let level: QrMatrix['level'] = 'H';
  if (qr.version > 4) {
    qr = QRCode.create(text, { errorCorrectionLevel: 'Q' });
    level = 'Q';
  }
  const size = qr.modules.size;
  const dark: boolean[] = [];
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) dark.push(Boolean(qr.modules.get(r, c)));
  return { version: qr.version, level, size, dark };
}
