import { layoutBadge, PT, type BadgeContent } from '../domain/badge-layout.ts';
import type { BadgeTemplate } from '../domain/badge-template.ts';
import { AppError } from '../errors.ts';
import { measureText } from './fonts.ts';

const DOTS_PER_MM = 8; // 203 dpi, the common Zebra desktop head

const dots = (mm: number) => Math.round(mm * DOTS_PER_MM);

/** ^FD data with ^FH: the caret, tilde and underscore as _hh hex, so a name cannot inject commands. */
function fieldData(text: string): string {
  const escaped = [...text].map((ch) => (ch === '_' || ch === '^' || ch === '~' ? `_${ch.charCodeAt(0).toString(16).toUpperCase()}` : ch)).join('');
  return `^FH_^FD${escaped}^FS`;
}

/**
 * ZPL II for Zebra thermal printers, one label per badge, from the same layout as the PDF.
 * Text uses the printer's scalable font 0 in UTF-8 (^CI28); the printer draws the QR itself
 * (^BQ, model 2) at the module size the layout chose.
 */
export function writeBadgesZpl(template: BadgeTemplate, badges: BadgeContent[]): string {
  if (!template.zpl) {
    throw new AppError(400, 'not_a_label_template', `Template "${template.name}" is a sheet, not a Zebra label. Choose a thermal label template.`);
  }
  return badges
    .map((content) => {
      const layout = layoutBadge(template, content, measureText);
      const out = ['^XA', '^CI28', `^PW${dots(layout.width)}`, `^LL${dots(layout.height)}`, '^LH0,0'];
      for (const box of layout.texts) {
        const h = dots(box.fontSize * PT);
        for (const line of box.lines) {
          out.push(`^FO${dots(line.x)},${dots(line.baseline - box.fontSize * 0.95 * PT)}^A0N,${h},${h}${fieldData(line.text)}`);
        }
      }
      const { qr } = layout;
      const magnification = Math.max(1, Math.min(10, Math.round(qr.module * DOTS_PER_MM)));
      const quiet = (qr.size - qr.module * qr.matrix.size) / 2;
      const level = qr.matrix.level;
      out.push(`^FO${dots(qr.x + quiet)},${dots(qr.y + quiet)}^BQN,2,${magnification}^FD${level}A,${content.qrText}^FS`);
      out.push('^XZ');
      return out.join('\n');
    })
    .join('\n');
}
