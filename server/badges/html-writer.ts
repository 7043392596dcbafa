import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { layoutBadge, PT, slotOf, type BadgeContent, type BadgeLayout } from '../domain/badge-layout.ts';
import type { BadgeTemplate } from '../domain/badge-template.ts';
import { measureText } from './fonts.ts';

const n = (v: number) => Number(v.toFixed(3));

/** The QR as one filled SVG path, in module units. */
function qrSvg(layout: BadgeLayout): HtmlEscapedString | Promise<HtmlEscapedString> {
  const { matrix, size, x, y } = layout.qr;
  const quiet = (size - layout.qr.module * matrix.size) / 2;
  let d = '';
  for (let r = 0; r < matrix.size; r++) for (let c = 0; c < matrix.size; c++) if (matrix.dark[r * matrix.size + c]) d += `M${c} ${r}h1v1h-1z`;
  const side = layout.qr.module * matrix.size;
  return html`<svg class="qr" style="left:${n(x + quiet)}mm;top:${n(y + quiet)}mm;width:${n(side)}mm;height:${n(side)}mm"
    viewBox="0 0 ${matrix.size} ${matrix.size}" shape-rendering="crispEdges" role="img" aria-label="QR code"><path d="${d}"/></svg>`;
}

function badgeHtml(layout: BadgeLayout, left: number, top: number) {
  return html`<div class="badge" style="left:${n(left)}mm;top:${n(top)}mm;width:${n(layout.width)}mm;height:${n(layout.height)}mm">
${layout.texts.flatMap((box) =>
  box.lines.map(
    (line) =>
      html`<div class="line ${box.weight}" dir="auto" style="left:${n(line.x)}mm;top:${n(line.baseline - box.fontSize * 0.95 * PT)}mm;font-size:${box.fontSize}pt">${line.text}</div>`,
  ),
)}
${qrSvg(layout)}
</div>`;
}

/**
 * The same layout as the PDF, as a page to print from a browser: one sheet per printed page,
 * in millimetres, with the bundled Noto fonts so lines break where the PDF breaks them.
 */
export function writeBadgesHtml(template: BadgeTemplate, badges: BadgeContent[]) {
  const pages: ReturnType<typeof badgeHtml>[][] = [];
  badges.forEach((content, i) => {
    const slot = slotOf(template, i);
    (pages[slot.page] ??= []).push(badgeHtml(layoutBadge(template, content, measureText), slot.x, slot.y));
  });
  const { width, height } = template.page;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Badges · ${template.label}</title>
<link rel="stylesheet" href="/fonts/noto-sans/400.css"><link rel="stylesheet" href="/fonts/noto-sans/700.css">
<link rel="stylesheet" href="/fonts/noto-sans-sc/400.css"><link rel="stylesheet" href="/fonts/noto-sans-sc/700.css">
<style>
@page { size: ${width}mm ${height}mm; margin: 0; }
body { margin: 0; background: #ddd; font-family: 'Noto Sans', 'Noto Sans SC', sans-serif; }
.sheet { position: relative; width: ${width}mm; height: ${height}mm; background: #fff; margin: 0 auto 8mm; overflow: hidden; break-after: page; }
.badge { position: absolute; outline: 0.2mm dashed #bbb; }
.line { position: absolute; white-space: nowrap; line-height: 1.25; color: #000; }
.line.bold { font-weight: 700; }
.qr { position: absolute; fill: #000; }
@media print { body { background: none; } .sheet { margin: 0; } .badge { outline: none; } }
</style></head>
<body>
${pages.map((badgesOnPage) => html`<section class="sheet">${badgesOnPage}</section>`)}
</body></html>`;
}
