import type { BadgeTemplate, FontWeight, TextField, TextFieldName } from './badge-template.ts';
import { qrMatrix, QUIET_ZONE, type QrMatrix } from './qr-matrix.ts';

/**
 * Badge layout as pure arithmetic: (template, content, a text measure) in, positioned boxes
 * and lines out, in millimetres. The PDF, HTML and ZPL writers only draw what this decides, so
 * what fits is tested once, here.
 */

/** What one badge shows. */
export interface BadgeContent {
  name: string;
  /** "Title, Company" (either may be missing). */
  companyLine: string;
  /** Empty for an incomplete profile: the badge prints without an offering line. */
  offering: string;
  event: string;
  /** The QR content: the badge URL. */
  qrText: string;
}

/** Width in points of `text` at `size` points. */
export type Measure = (text: string, size: number, weight: FontWeight) => number;

export interface TextLine {
  text: string;
  /** Left edge and baseline, in mm from the badge's top-left. */
  x: number;
  baseline: number;
  width: number;
}

export interface TextBox {
  field: TextFieldName;
  x: number;
  y: number;
  width: number;
  height: number;
  fontSize: number;
  weight: FontWeight;
  lines: TextLine[];
  /** True when even the smallest size in the allowed lines could not hold it all (cut with …). */
  truncated: boolean;
}

export interface QrBox {
  /** The whole box, quiet zone included. */
  x: number;
  y: number;
  size: number;
  /** Side of one module, mm. */
  module: number;
  matrix: QrMatrix;
}

export interface BadgeLayout {
  width: number;
  height: number;
  texts: TextBox[];
  qr: QrBox;
}

export const PT = 25.4 / 72;
const LINE_HEIGHT = 1.25;
// Baseline below the line's top, in ems: room for accents above capitals (Å) and descenders below.
const BASELINE = 0.95;
const SIZE_STEP = 0.5;
/** The smallest size any text is set at, however long: below it a badge is unreadable. */
export const FLOOR_SIZE = 6;

const CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\u3040-\u30FF\uFF00-\uFFEF]/u;

interface Word {
  text: string;
  /** Width at 1 pt. */
  unit: number;
  /** Whether a space separates it from the word before. */
  spaced: boolean;
}

function words(text: string, weight: FontWeight, measure: Measure): Word[] {
  const out: Word[] = [];
  let spaced = false;
  let current = '';
  const flush = () => {
    if (current) out.push({ text: current, unit: measure(current, 1, weight), spaced });
    current = '';
    spaced = false;
  };
  for (const ch of text) {
    if (/\s/u.test(ch)) {
      flush();
      spaced = out.length > 0;
    } else if (CJK.test(ch)) {
      // Chinese and Japanese break between any two characters.
      flush();
      out.push({ text: ch, unit: measure(ch, 1, weight), spaced });
      spaced = false;
    } else {
      current += ch;
    }
  }
  flush();
  return out;
}

/** A wrapped line and its width at 1 pt. */
interface Wrapped {
  text: string;
  unit: number;
}

/** Greedy wrap of words into lines no wider than `max` points at `size`; over-long words break by character. */
function wrap(list: Word[], size: number, max: number, space: number, weight: FontWeight, measure: Measure): Wrapped[] {
  const lines: Wrapped[] = [];
  let line = '';
  let width = 0;
  const push = () => lines.push({ text: line, unit: width });
  for (const w of list) {
    const gap = line && w.spaced ? space : 0;
    if (line && (width + gap + w.unit) * size <= max) {
      line += (gap ? ' ' : '') + w.text;
      width += gap + w.unit;
      continue;
    }
    if (line) push();
    if (w.unit * size <= max) {
      line = w.text;
      width = w.unit;
      continue;
    }
    // A word wider than the box (a long name without spaces): break it where it must.
    line = '';
    width = 0;
    for (const ch of w.text) {
      const cw = measure(ch, 1, weight);
      if (line && (width + cw) * size > max) {
        push();
        line = '';
        width = 0;
      }
      line += ch;
      width += cw;
    }
  }
  if (line) push();
  return lines;
}

/** Cuts `text` with an ellipsis until it fits `max` points at `size`. */
function ellipsize(text: string, size: number, max: number, weight: FontWeight, measure: Measure): string {
  const chars = [...text];
  while (chars.length > 0 && measure(`${chars.join('').trimEnd()}…`, size, weight) > max) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/**
 * Fits text into a field. Names ("shrink") take the largest size that holds them on one line,
 * then on two, down to `minFontSize`; other fields ("wrap") the largest size that fits in
 * `maxLines`. Text that still does not fit goes below the minimum, down to FLOOR_SIZE, and only
 * then is its last line cut with "…". It never overflows the box. Line widths are in points.
 */
export function fitText(
  text: string,
  field: TextField,
  measure: Measure,
): { fontSize: number; lines: string[]; widths: number[]; truncated: boolean } {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return { fontSize: field.fontSize, lines: [], widths: [], truncated: false };
  const max = field.width / PT;
  const list = words(clean, field.weight, measure);
  const space = measure(' ', 1, field.weight);
  const done = (size: number, wrapped: Wrapped[], truncated: boolean) => ({
    fontSize: size,
    lines: wrapped.map((l) => l.text),
    widths: wrapped.map((l) => l.unit * size),
    truncated,
  });
  const tryLines = (lines: number, from: number, to: number) => {
    for (let size = from; size >= to - 1e-9; size -= SIZE_STEP) {
      if (lines * size * LINE_HEIGHT * PT > field.height) continue;
      const wrapped = wrap(list, size, max, space, field.weight, measure);
      if (wrapped.length <= lines) return done(size, wrapped, false);
    }
    return null;
  };
  const preferred =
    field.prefer === 'shrink'
      ? Array.from({ length: field.maxLines }, (_, i) => i + 1).reduce<ReturnType<typeof done> | null>(
          (found, lines) => found ?? tryLines(lines, field.fontSize, field.minFontSize),
          null,
        )
      : tryLines(field.maxLines, field.fontSize, field.minFontSize);
  if (preferred) return preferred;
  // Past the minimum, a smaller complete name beats a cut one; the floor keeps it legible.
  const lastResort = tryLines(field.maxLines, field.minFontSize - SIZE_STEP, Math.min(FLOOR_SIZE, field.minFontSize));
  if (lastResort) return lastResort;
  const size = Math.min(FLOOR_SIZE, field.minFontSize);
  const room = Math.max(1, Math.min(field.maxLines, Math.floor(field.height / (size * LINE_HEIGHT * PT))));
  const kept = wrap(list, size, max, space, field.weight, measure).slice(0, room);
  const last = ellipsize(kept[room - 1]?.text ?? '', size, max, field.weight, measure);
  kept[room - 1] = { text: last, unit: measure(last, 1, field.weight) };
  return done(size, kept, true);
}

function placeText(fieldName: TextFieldName, field: TextField, text: string, measure: Measure): TextBox {
  const fit = fitText(text, field, measure);
  const lh = fit.fontSize * LINE_HEIGHT * PT;
  const lines = fit.lines.map((line, i) => {
    const width = fit.widths[i]! * PT;
    const x = field.align === 'center' ? field.x + (field.width - width) / 2 : field.align === 'right' ? field.x + field.width - width : field.x;
    return { text: line, x, baseline: field.y + i * lh + fit.fontSize * BASELINE * PT, width };
  });
  return { field: fieldName, x: field.x, y: field.y, width: field.width, height: field.height, fontSize: fit.fontSize, weight: field.weight, lines, truncated: fit.truncated };
}

/** Lays out one badge. */
export function layoutBadge(template: BadgeTemplate, content: BadgeContent, measure: Measure): BadgeLayout {
  const f = template.fields;
  const matrix = qrMatrix(content.qrText);
  return {
    width: template.badge.width,
    height: template.badge.height,
    texts: [
      placeText('name', f.name, content.name, measure),
      placeText('company', f.company, content.companyLine, measure),
      placeText('offering', f.offering, content.offering, measure),
      placeText('event', f.event, content.event, measure),
    ],
    qr: { x: f.qr.x, y: f.qr.y, size: f.qr.size, module: f.qr.size / (matrix.size + 2 * QUIET_ZONE), matrix },
  };
}

/** Where badge number `index` goes: which page, and its top-left corner on it (mm). */
export function slotOf(template: BadgeTemplate, index: number): { page: number; x: number; y: number } {
  const { columns, rows, left, top, gapX, gapY } = template.grid;
  const perPage = columns * rows;
  const slot = index % perPage;
  return {
    page: Math.floor(index / perPage),
    x: left + (slot % columns) * (template.badge.width + gapX),
    y: top + Math.floor(slot / columns) * (template.badge.height + gapY),
  };
}

/** "Title, Company", either part optional. */
export function companyLine(title: string, company: string): string {
  return [title, company].filter(Boolean).join(', ');
}
