import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every QR code zbar finds on the pages of `pdf` rasterized at `dpi` into `dir`, by page. */
function decodePages(pdf: string, dir: string, stem: string, dpi: number): string[][] {
  const prefix = `${stem}-${dpi}dpi`;
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', pdf, join(dir, prefix)]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
    .sort()
    .map((png) => {
      // zbarimg exits non-zero when a page holds no code at all: that page then reads as none.
      try {
        const out = execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        return out.split('\n').filter(Boolean);
      } catch {
        return [];
      }
    });
}

/**
 * Every QR code on every page of a printed PDF, as a person's scanner reads them back: first at a
 * modest office-printer resolution; a page holding fewer than `expectedOn(page)` codes there gets
 * a second look at 300 dpi, as a scanner gets another frame. A code drawn wrong, or a payload that
 * is not the badge's, still fails both. (In CI zbar once missed one code of sixty, and once one of
 * forty-one, at 150 dpi alone; 750 local tries never did.)
 *
 * @example
 * pdfQrCodes('batch.pdf', dir, 'batch', (page) => Math.min(8, 41 - page * 8))
 */
export function pdfQrCodes(pdf: string, dir: string, stem: string, expectedOn: (page: number) => number): string[] {
  const modest = decodePages(pdf, dir, stem, 150);
  if (modest.every((codes, page) => codes.length >= expectedOn(page))) return modest.flat();
  const fine = decodePages(pdf, dir, stem, 300);
  return modest.flatMap((codes, page) => (codes.length >= expectedOn(page) ? codes : fine[page] ?? codes));
}
