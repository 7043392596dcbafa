import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { FONTS_DIR } from '../../../server/badges/fonts.ts';
import { sfntFromWoff } from '../../../server/badges/woff.ts';

describe('sfntFromWoff', () => {
  // A Latin file and a Chinese one (its glyf table compressed), as the badges embed them.
  const files = ['@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff', '@fontsource/noto-sans-sc/files/noto-sans-sc-100-400-normal.woff'];
  it.each(files)('gives the same font as the WOFF file %s', (file) => {
    const woff = readFileSync(join(FONTS_DIR, file));
    const fromWoff = fontkit.create(woff) as fontkit.Font;
    const sfnt = sfntFromWoff(woff);
    const fromSfnt = fontkit.create(sfnt) as fontkit.Font;
    expect(sfnt.toString('latin1', 0, 4)).not.toBe('wOFF');
    expect(fromSfnt.numGlyphs).toBe(fromWoff.numGlyphs);
    expect(fromSfnt.postscriptName).toBe(fromWoff.postscriptName);
    const sample = 'Zoë Ångström 李小龍 data pipelines';
    expect(fromSfnt.layout(sample).advanceWidth).toBe(fromWoff.layout(sample).advanceWidth);
    for (let id = 0; id < Math.min(fromWoff.numGlyphs, 200); id++) expect(fromSfnt.getGlyph(id).path.toSVG()).toBe(fromWoff.getGlyph(id).path.toSVG());
  });

  it('leaves a file that is not WOFF as it is', () => {
    const plain = Buffer.from('\x00\x01\x00\x00rest');
    expect(sfntFromWoff(plain)).toBe(plain);
  });
});
