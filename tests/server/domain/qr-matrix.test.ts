import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrMatrix } from '../../../server/domain/qr-matrix.ts';

/** The general way: qrcode's own segmentation, level H unless that needs more than version 4. */
function generalPath(text: string): { version: number; level: 'H' | 'Q' } {
  const h = QRCode.create(text, { errorCorrectionLevel: 'H' });
  if (h.version <= 4) return { version: h.version, level: 'H' };
  return { version: QRCode.create(text, { errorCorrectionLevel: 'Q' }).version, level: 'Q' };
}

describe('qrMatrix', () => {
  // Badge URLs from a short LAN address to a long host name, across the H/Q boundary at 50 characters.
  const urls = [
    'HTTP://10.0.0.2/B/W2NYY36SS336YKESBT9XC32',
    'HTTP://192.168.1.20:8080/B/W2NYY36SS336YKESBT9XC32',
    'HTTP://192.168.1.200:8080/B/W2NYY36SS336YKESBT9XC3',
    'HTTP://192.168.1.200:8080/B/W2NYY36SS336YKESBT9XC32',
    'HTTP://192.168.100.200:8080/B/W2NYY36SS336YKESBT9XC32',
    'HTTPS://BADGES.HARBOURSIDE-MEETUP.EXAMPLE/B/0123456789ABCDEFGHJKM',
  ];
  it.each(urls)('chooses the same version and level as qrcode would for %s', (url) => {
    const m = qrMatrix(url);
    expect({ version: m.version, level: m.level }).toEqual(generalPath(url));
    expect(m.size).toBe(17 + 4 * m.version);
    expect(m.dark.length).toBe(m.size * m.size);
  });

  it('takes the general path for text outside the alphanumeric set', () => {
    const m = qrMatrix('http://192.168.1.20:8080/b/w2nyy36ss336ykesbt9xc32');
    expect({ version: m.version, level: m.level }).toEqual(generalPath('http://192.168.1.20:8080/b/w2nyy36ss336ykesbt9xc32'));
  });
});
