import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import type { FontWeight } from '../domain/badge-template.ts';

/**
 * The bundled fonts: Noto Sans, then Noto Sans SC for Chinese, Japanese kana and Korean-free CJK
 * ideographs. Fontsource ships each family split into files by Unicode range, as web fonts are;
 * we read those ranges from its CSS and pick, character by character, the first file that has
 * the glyph, so "Đặng Thị Minh" and "李小龍" both print with no missing glyph.
 */

const FAMILIES = ['@fontsource/noto-sans', '@fontsource/noto-sans-arabic', '@fontsource/noto-sans-hebrew', '@fontsource/noto-sans-sc'];
const WEIGHTS: Record<FontWeight, number> = { regular: 400, bold: 700 };

interface Face {
  file: string;
  ranges: [number, number][];
  font?: fontkit.Font;
}

const require = createRequire(import.meta.url);
/** The node_modules folder holding @fontsource/*, served at /fonts for the HTML print view. */
export const FONTS_DIR = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), '..', '..');
const faces = new Map<FontWeight, Face[]>();

function parseRanges(value: string): [number, number][] {
  return value.split(',').map((part) => {
    const [lo, hi = lo] = part.trim().replace(/^U\+/i, '').split('-');
    return [Number.parseInt(lo!, 16), Number.parseInt(hi!, 16)];
  });
}

/** The faces of one weight in fallback order, read from each package's CSS. */
function facesFor(weight: FontWeight): Face[] {
  let list = faces.get(weight);
  if (list) return list;
  list = [];
  for (const pkg of FAMILIES) {
    const dir = dirname(require.resolve(`${pkg}/package.json`));
    const css = readFileSync(join(dir, `${WEIGHTS[weight]}.css`), 'utf8');
    for (const block of css.split('@font-face').slice(1)) {
      const file = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(block)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
      if (file && range) list.push({ file: join(dir, file), ranges: parseRanges(range) });
    }
  }
  faces.set(weight, list);
  return list;
}

function load(face: Face): fontkit.Font {
  face.font ??= fontkit.openSync(face.file) as fontkit.Font;
  return face.font;
}

const chosen = new Map<string, Face>();

function faceForCodePoint(weight: FontWeight, cp: number): Face {
  const key = `${weight}:${cp}`;
  let face = chosen.get(key);
  if (!face) {
    face = findFace(weight, cp);
    chosen.set(key, face);
  }
  return face;
}

function findFace(weight: FontWeight, cp: number): Face {
  const list = facesFor(weight);
  for (const face of list) {
    if (face.ranges.some(([lo, hi]) => cp >= lo && cp <= hi) && load(face).hasGlyphForCodePoint(cp)) return face;
  }
  // No bundled glyph (an emoji, a rare script): the first face draws its "missing" box, visibly.
  return list[0]!;
}

/** A stretch of text drawn with one font file. */
export interface FontRun {
  text: string;
  file: string;
}

/** Splits text into runs that each one font file can draw, in reading order. */
export function fontRuns(text: string, weight: FontWeight): FontRun[] {
  const runs: FontRun[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Spaces and combining marks stay with the run they sit in.
    const sticky = runs.length > 0 && (cp === 0x20 || /\p{M}/u.test(ch));
    const file = sticky ? runs.at(-1)!.file : faceForCodePoint(weight, cp).file;
    const last = runs.at(-1);
    if (last && last.file === file) last.text += ch;
    else runs.push({ text: ch, file });
  }
  return runs;
}

// Widths at 1 pt by weight and text. Shaping is the costly part of printing thousands of badges,
// and the same words (the event's name, companies, common words) recur on badge after badge.
const widths = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 200_000;

/** Width in points of `text` set at `size` points, across its font runs. */
export function measureText(text: string, size: number, weight: FontWeight): number {
  const key = `${weight}\u0000${text}`;
  let unit = widths.get(key);
  if (unit === undefined) {
    unit = 0;
    for (const run of fontRuns(text, weight)) {
      const font = load(facesFor(weight).find((f) => f.file === run.file)!);
      unit += font.layout(run.text).advanceWidth / font.unitsPerEm;
    }
    if (widths.size >= WIDTH_CACHE_LIMIT) widths.clear();
    widths.set(key, unit);
  }
  return unit * size;
}

/** Whether every character of `text` has a glyph in the bundled fonts. */
export function hasAllGlyphs(text: string, weight: FontWeight = 'regular'): boolean {
  return [...text].every((ch) => /\s|\p{M}/u.test(ch) || load(faceForCodePoint(weight, ch.codePointAt(0)!)).hasGlyphForCodePoint(ch.codePointAt(0)!));
}
