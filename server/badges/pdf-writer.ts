import PDFDocument from 'pdfkit';
import { layoutBadge, PT, slotOf, type BadgeContent, type BadgeLayout } from '../domain/badge-layout.ts';
import type { BadgeTemplate, FontWeight } from '../domain/badge-template.ts';
import { fontData, fontRuns, measureText } from './fonts.ts';

const CUT_MARK = 4; // mm
const CUT_GAP = 1; // mm between the badge corner and its mark

/**
 * Writes print-ready PDF of badges laid out by `layoutBadge`: the fonts embedded as subsets,
 * the QR drawn as filled vector squares (qrcode's SVG path is stroked and fills to nothing here).
 * Returns the whole file.
 *
 * @example
 * const pdf = await writeBadgesPdf(templates.get('a6-4-a4')!, contents)
 */
export async function writeBadgesPdf(template: BadgeTemplate, badges: BadgeContent[], title = 'Badges'): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [template.page.width / PT, template.page.height / PT],
    margin: 0,
    autoFirstPage: false,
    info: { Title: title, Creator: 'Badge Exchange' },
    compress: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  let page = -1;
  badges.forEach((content, i) => {
    const slot = slotOf(template, i);
    if (slot.page !== page) {
      doc.addPage();
      page = slot.page;
    }
    const layout = layoutBadge(template, content, measureText);
    if (template.cutMarks) drawCutMarks(doc, slot.x, slot.y, template);
    drawBadge(doc, layout, slot.x, slot.y);
  });
  doc.end();
  return done;
}

const mm = (v: number) => v / PT;

// Hebrew and Arabic (with their presentation forms): a line that starts with one reads right to left.
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const STRONG = /[\p{L}]/u;

/** Whether the first letter of the line belongs to a right-to-left script. */
function isRtl(text: string): boolean {
  const first = [...text].find((ch) => STRONG.test(ch));
  return first !== undefined && RTL.test(first);
}

/** Draws `text` from `x` (mm) on `baseline`, one pdfkit call per font run. */
function drawRuns(doc: PDFKit.PDFDocument, text: string, x: number, baseline: number, size: number, weight: FontWeight): void {
  const runs = fontRuns(text, weight);
  runs.forEach((run, i) => {
    // Registered as sfnt under its file's name (pdfkit keeps one font per name): no WOFF to inflate.
    doc.registerFont(run.file, fontData(run.file));
    doc.font(run.file).fontSize(size);
    // pdfkit places text by its top; the layout gives baselines.
    const ascent = (doc as unknown as { _font: { ascender: number } })._font.ascender / 1000;
    doc.text(run.text, mm(x), mm(baseline) - ascent * size, { lineBreak: false });
    if (i < runs.length - 1) x += measureText(run.text, size, weight) * PT;
  });
}

function drawBadge(doc: PDFKit.PDFDocument, layout: BadgeLayout, left: number, top: number): void {
  for (const box of layout.texts) {
    for (const line of box.lines) {
      const baseline = top + line.baseline;
      if (!isRtl(line.text)) {
        drawRuns(doc, line.text, left + line.x, baseline, box.fontSize, box.weight);
        continue;
      }
      // Right to left: the words go from the line's right edge leftwards. Within a word fontkit
      // shapes and orders the glyphs (Arabic joining included); a Latin word stays left to right.
      let x = left + line.x + line.width;
      const space = measureText(' ', box.fontSize, box.weight) * PT;
      for (const word of line.text.split(' ')) {
        x -= measureText(word, box.fontSize, box.weight) * PT;
        drawRuns(doc, word, x, baseline, box.fontSize, box.weight);
        x -= space;
      }
    }
  }
  drawQr(doc, layout.qr, left, top);
}

/**
 * The QR as one path of filled rectangles, a run of dark modules in a row each, added to the page
 * as one string: a square per module through pdfkit's `rect` was a third of the time of a badge
 * sheet (hundreds of calls, each formatting four numbers, and a content stream three times longer
 * to deflate).
 */
function drawQr(doc: PDFKit.PDFDocument, qr: BadgeLayout['qr'], left: number, top: number): void {
  const { size, dark } = qr.matrix;
  const quiet = (qr.size - qr.module * size) / 2;
  const x0 = mm(left + qr.x + quiet);
  const y0 = mm(top + qr.y + quiet);
  const step = mm(qr.module);
  // Each edge and each run length formatted once per code, not once per rectangle.
  const xs = Array.from({ length: size }, (_, c) => pt(x0 + c * step));
  // A hair larger than a module each way, so anti-aliasing leaves no seams between rectangles.
  const widths = Array.from({ length: size + 1 }, (_, n) => pt(n * step + 0.05));
  const tail = ` ${widths[1]} re\n`;
  let path = '';
  for (let r = 0; r < size; r++) {
    const y = ` ${pt(y0 + r * step)} `;
    for (let c = 0; c < size; ) {
      if (!dark[r * size + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && dark[r * size + c]) c++;
      path += xs[start] + y + widths[c - start] + tail;
    }
  }
  doc.save().fillColor('black');
  doc.addContent(path);
  doc.fill().restore();
}

/** A coordinate in points for a content stream: a thousandth of a point is far below a printer's dot. */
const pt = (v: number) => String(Math.round(v * 1000) / 1000);

function drawCutMarks(doc: PDFKit.PDFDocument, x: number, y: number, t: BadgeTemplate): void {
  const { width, height } = t.badge;
  doc.save().lineWidth(0.3).strokeColor('#888888');
  for (const [cx, cy, dx, dy] of [[x, y, -1, -1], [x + width, y, 1, -1], [x, y + height, -1, 1], [x + width, y + height, 1, 1]] as const) {
    // Marks point away from the badge, into the margin, so a cut on the line leaves none on the badge.
    doc.moveTo(mm(cx + dx * CUT_GAP), mm(cy)).lineTo(mm(cx + dx * (CUT_GAP + CUT_MARK)), mm(cy)).stroke();
    doc.moveTo(mm(cx), mm(cy + dy * CUT_GAP)).lineTo(mm(cx), mm(cy + dy * (CUT_GAP + CUT_MARK))).stroke();
  }
  doc.restore();
}
