/**
 * Text that people type, shown among the app's own words: bidi controls kept from leaking out of
 * it, and long words clipped where a sentence has room for only a short one.
 *
 * An unclosed RIGHT-TO-LEFT OVERRIDE (U+202E) in an offering reverses everything after it up to
 * the end of the paragraph: the app's own words in a talking point, a digest line. Two layers stop
 * it. Validation drops controls that open or close nothing (`dropUnpairedBidi`), so what is stored
 * is balanced; and output isolates each quoted piece of user text (`isolate`, FSI…PDI in text,
 * `<bdi>` in HTML), which also keeps a Hebrew or Arabic name from reordering the English
 * punctuation around it, and protects text stored before validation did this.
 */

import { textDirection, type Language } from '../i18n/languages.ts';

/** FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: the text between takes its own direction and leaks none. */
export const FSI = '\u2068';
export const PDI = '\u2069';

// The explicit directional formatting characters of UAX #9: LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
const EMBEDDING_OPENERS = new Set(['\u202A', '\u202B', '\u202D', '\u202E']);
const PDF = '\u202C';
const ISOLATE_OPENERS = new Set(['\u2066', '\u2067', FSI]);
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

/**
 * Removes every explicit bidi control that opens nothing or is never closed, keeping properly
 * nested pairs (someone may mean an embedded quote): the result can never change the direction
 * of text around it. Marks (LRM, RLM, ALM) stay: they affect only their neighbours.
 *
 * @example
 * dropUnpairedBidi('evil\u202E offer') // 'evil offer'
 */
export function dropUnpairedBidi(text: string): string {
  if (!BIDI_CONTROL.test(text)) return text;
  const chars = [...text];
  const drop = new Set<number>();
  // Indices of open controls, innermost last.
  const open: number[] = [];
  chars.forEach((ch, i) => {
    if (EMBEDDING_OPENERS.has(ch) || ISOLATE_OPENERS.has(ch)) open.push(i);
    else if (ch === PDF) {
      const top = open.at(-1);
      if (top !== undefined && EMBEDDING_OPENERS.has(chars[top]!)) open.pop();
      else drop.add(i);
    } else if (ch === PDI) {
      // A PDI closes its isolate and, in UAX #9, any embedding left open inside it; strictly
      // nested is simpler to reason about, so those inner openers go.
      const at = open.findLastIndex((j) => ISOLATE_OPENERS.has(chars[j]!));
      if (at < 0) drop.add(i);
      else for (const j of open.splice(at).slice(1)) drop.add(j);
    }
  });
  for (const i of open) drop.add(i);
  return chars.filter((_, i) => !drop.has(i)).join('');
}

// Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms, the
// historic RTL scripts of the SMP), the RLM and ALM marks, and the explicit controls.
const NEEDS_ISOLATION = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;

/**
 * Wraps user text in FSI…PDI for a plain-text sentence (a talking point, a digest line), when it
 * holds anything that could reorder what is around it: right-to-left letters or bidi controls.
 * Left-to-right text stays as typed, so the API, mail and copied text carry no invisible
 * characters where they would change nothing.
 *
 * @example
 * isolate('Dana') // 'Dana'
 * isolate('نور')  // '\u2068نور\u2069'
 */
export function isolate(text: string): string {
  return NEEDS_ISOLATION.test(text) ? `${FSI}${text}${PDI}` : text;
}

const alwaysIsolated = (text: string) => `${FSI}${text}${PDI}`;

/**
 * How people's words (names, needs, the event's name) are set into a sentence of `lang`: a talking
 * point, a mail. Left to right, only text that could reorder it is isolated (`isolate`), so English
 * carries no invisible characters. Right to left, every piece is isolated: in an Arabic sentence
 * the edge of "C++" or "Dana:" would take the sentence's direction and be drawn on the wrong side,
 * and a Latin name at the start would turn a whole line (or a mail's subject) left to right.
 *
 * @example
 * userTextIn('en')('Dana') // 'Dana'
 * userTextIn('ar')('Dana') // '\u2068Dana\u2069'
 */
export function userTextIn(lang: Language): (text: string) => string {
  return textDirection(lang) === 'rtl' ? alwaysIsolated : isolate;
}

/** One stretch of a sentence: the app's words, or a piece of user text that was isolated. */
export interface TextPart {
  text: string;
  isolated: boolean;
}

/**
 * Splits a sentence built with `isolate` into its parts, so HTML can show each isolated part in
 * a `<bdi>` instead of the invisible characters (isolates do not nest in what we build).
 */
export function isolatedParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const re = new RegExp(`${FSI}([^${PDI}]*)${PDI}`, 'gu');
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), isolated: false });
    parts.push({ text: m[1]!, isolated: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), isolated: false });
  return parts;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * At most `max` characters (user-perceived: an accent or an emoji with its modifiers counts once),
 * ending in "…" when cut.
 */
export function clip(text: string, max: number): string {
  // No more code units than the limit means no more graphemes: most names, no segmenting.
  if (text.length <= max) return text;
  const all = [...graphemes.segment(text)];
  if (all.length <= max) return text;
  return `${all
    .slice(0, max - 1)
    .map((g) => g.segment)
    .join('')
    .trimEnd()}…`;
}
