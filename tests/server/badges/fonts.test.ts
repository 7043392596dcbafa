import { describe, expect, it } from 'vitest';
import { fontRuns, hasAllGlyphs, measureText } from '../../../server/badges/fonts.ts';

describe('badge fonts', () => {
  it('draws emoji from Noto Emoji, a joined sequence as one cluster in one run', () => {
    const runs = fontRuns('Dana 👩‍💻 🇩🇪', 'bold');
    expect(runs.map((r) => r.text).join('')).toBe('Dana 👩‍💻 🇩🇪');
    expect(runs[0]!.file).toMatch(/noto-sans\/files\/.*latin-700/);
    expect(runs.at(-1)!.file).toMatch(/noto-emoji/);
    expect(runs.find((r) => r.text.includes('👩‍💻'))!.file).toMatch(/noto-emoji/);
    expect(hasAllGlyphs('Dana 👩‍💻 ☕')).toBe(true);
  });

  it('sets the space after an emoji in the text font: Noto Emoji\'s is as wide as an emoji', () => {
    const runs = fontRuns('Sofía 🌻 Reyes', 'bold');
    expect(runs.map((r) => r.text)).toEqual(['Sofía ', '🌻', ' Reyes']);
    expect(measureText('Sofía 🌻 Reyes', 10, 'bold')).toBeLessThan(measureText('Sofía 🌻🌻🌻 Reyes', 10, 'bold'));
    expect(measureText('A 🌻 B', 10, 'bold') - measureText('A🌻B', 10, 'bold')).toBeCloseTo(2 * measureText(' ', 10, 'bold'), 1);
  });

  it('prints a character no bundled font has as the replacement character, visibly', () => {
    // U+1D11E MUSICAL SYMBOL G CLEF: in no Noto Sans family we bundle.
    expect(hasAllGlyphs('Clef 𝄞')).toBe(false);
    expect(fontRuns('Clef 𝄞', 'regular').map((r) => r.text).join('')).toBe('Clef \uFFFD');
  });
});
