import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import type { FontWeight } from '../domain/badge-template.ts';
import { sfntFromWoff } from './woff.ts';

/**
 * The bundled fonts: Noto Sans, then Noto Sans SC for Chinese, Japanese kana and Korean-free CJK
 * ideographs, then Noto Emoji. Fontsource ships each family split into files by Unicode range, as
 * web fonts are; we read those ranges from its CSS and pick, character by character, the first
 * file that has the glyph, so "Đặng Thị Minh" and "李小龍" both print with no missing glyph.
 *
 * Emoji come from Noto Emoji, the monochrome one: pdfkit cannot embed colour glyphs (CBDT/COLR),
 * and badges print in black anyway. Its one whole file (no ranges) keeps sequences such as 👩‍💻
 * and flags, which the font draws as one ligature, inside one file. A character that no bundled
 * font has prints as U+FFFD, the replacement character: visibly missing, never silently dropped.
 */

const FAMILIES = [
  { pkg: '@fontsource/noto-sans', css: (w: number) => `${w}.css` },
  { pkg: '@fontsource/noto-sans-arabic', css: (w: number) => `${w}.css` },
  { pkg: '@fontsource/noto-sans-hebrew', css: (w: number) => `${w}.css` },
  { pkg: '@fontsource/noto-sans-sc', css: (w: number) => `${w}.css` },
  // Its space is as wide as an emoji: a space after one is set in the text font.
  { pkg: '@fontsource/noto-emoji', css: (w: number) => `emoji-${w}.css`, wideSpace: true },
];
const REPLACEMENT = '\uFFFD';
const WEIGHTS: Record<FontWeight, number> = { regular: 400, bold: 700 };

interface Face {
  file: string;
  ranges: [number, number][];
  wideSpace?: boolean;
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
  for (const { pkg, css: cssFile, wideSpace } of FAMILIES) {
    const dir = dirname(require.resolve(`${pkg}/package.json`));
    const css = readFileSync(join(dir, cssFile(WEIGHTS[weight])), 'utf8');
    for (const block of css.split('@font-face').slice(1)) {
      const file = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(block)?.[1];
      // A face with no range (the whole emoji font) covers whatever its cmap has.
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1] ?? 'U+0-10FFFF';
      if (file) list.push({ file: join(dir, file), ranges: parseRanges(range), wideSpace });
    }
  }
  for (const face of list) if (face.wideSpace) wideSpaced.add(face.file);
  faces.set(weight, list);
  return list;
}

const sfnt = new Map<string, Buffer>();

/** A face's file as plain sfnt, read once: what `measureText` shapes with and the PDF embeds. */
export function fontData(file: string): Buffer {
  let data = sfnt.get(file);
  if (!data) {
    data = sfntFromWoff(readFileSync(file));
    sfnt.set(file, data);
  }
  return data;
}

function load(face: Face): fontkit.Font {
  face.font ??= fontkit.create(fontData(face.file)) as fontkit.Font;
  return face.font;
}

/** A face for a grapheme (a letter with its accents, an emoji with its joiners and modifiers), or null. */
const chosen = new Map<string, Face | null>();

function faceForCluster(weight: FontWeight, cluster: string): Face | null {
  const key = `${weight}:${cluster}`;
  let face = chosen.get(key);
  if (face === undefined) {
    face = findFace(weight, cluster);
    chosen.set(key, face);
  }
  return face;
}

// Characters that only shape or order their neighbours: a face need not map them to draw the
// cluster (format characters such as ZWJ, bidi controls and the tags of subdivision flags, and
// variation selectors). Alone, they are not drawn: a font would show its missing-glyph box.
const SHAPING_ONLY = /[\p{Cf}\uFE00-\uFE0F]/u;

/**
 * The first face that draws the whole cluster, else the first that draws its base character (its
 * marks may then be missing, as fonts split by range go), else null: nothing draws the base.
 */
function findFace(weight: FontWeight, cluster: string): Face | null {
  const cps = [...cluster].filter((ch) => !SHAPING_ONLY.test(ch)).map((ch) => ch.codePointAt(0)!);
  if (cps.length === 0) return null;
  const base = cps[0]!;
  let withBase: Face | null = null;
  for (const face of facesFor(weight)) {
    if (!face.ranges.some(([lo, hi]) => base >= lo && base <= hi)) continue;
    const font = load(face);
    if (!font.hasGlyphForCodePoint(base)) continue;
    if (cps.every((cp) => font.hasGlyphForCodePoint(cp))) return face;
    withBase ??= face;
  }
  return withBase;
}

/** A stretch of text drawn with one font file. */
export interface FontRun {
  text: string;
  file: string;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;
const asciiFiles = new Map<FontWeight, string | null>();

/** The face that draws every printable ASCII character, if one face does (Noto Sans does). */
function asciiFile(weight: FontWeight): string | null {
  let file = asciiFiles.get(weight);
  if (file === undefined) {
    const first = faceForCluster(weight, '!');
    let same = first !== null;
    for (let cp = 0x22; cp <= 0x7e && same; cp++) same = faceForCluster(weight, String.fromCharCode(cp)) === first;
    file = same ? first!.file : null;
    asciiFiles.set(weight, file);
  }
  return file;
}
const wideSpaced = new Set<string>();

/**
 * Splits text into runs that each one font file can draw, in reading order. A grapheme that no
 * bundled font draws becomes U+FFFD in the run (the text measured and drawn says so).
 */
export function fontRuns(text: string, weight: FontWeight): FontRun[] {
  // Most lines are printable ASCII, which the first face draws whole: one run, without cutting
  // the line into graphemes (a badge sheet asks for the runs of every line it draws).
  if (PRINTABLE_ASCII.test(text)) {
    const file = asciiFile(weight);
    if (file) return [{ text, file }];
  }
  const runs: FontRun[] = [];
  for (const { segment } of graphemes.segment(text)) {
    const last = runs.at(-1);
    // Spaces stay with the run they sit in, unless that font's space is too wide.
    if (last && segment === ' ' && !wideSpaced.has(last.file)) {
      last.text += segment;
      continue;
    }
    if ([...segment].every((ch) => SHAPING_ONLY.test(ch))) continue;
    const face = faceForCluster(weight, segment);
    const file = (face ?? facesFor(weight)[0]!).file;
    const drawn = face ? segment : REPLACEMENT;
    if (last && last.file === file) last.text += drawn;
    else runs.push({ text: drawn, file });
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
  return [...graphemes.segment(text)].every(({ segment }) => /^\s+$/u.test(segment) || faceForCluster(weight, segment) !== null);
}
