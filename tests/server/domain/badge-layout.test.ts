import { describe, expect, it } from 'vitest';
import { measureText } from '../../../server/badges/fonts.ts';
import { loadTemplates, templateProblems } from '../../../server/badges/templates.ts';
import { fitText, FLOOR_SIZE, layoutBadge, PT, slotOf, type BadgeContent } from '../../../server/domain/badge-layout.ts';
import { QUIET_ZONE } from '../../../server/domain/qr-matrix.ts';

const templates = [...loadTemplates().values()];
const OFFERING_120 = 'We design, build and run data pipelines for seed-stage startups so they can stop wrangling spreadsheets and ship faster!';
const URL = 'HTTP://192.168.100.200:8080/B/8H0S7E6KS0GY193NV66YF5C';

const contents: [string, Partial<BadgeContent>][] = [
  ['a short Latin name', { name: 'Sam Okafor' }],
  ['accents', { name: 'Zoë Ångström', companyLine: 'Product designer, Nordlys Design' }],
  ['Vietnamese', { name: 'Đặng Thị Minh' }],
  ['Chinese', { name: '李小龍', companyLine: '总经理, 玉桥贸易' }],
  ['a long two-word name', { name: 'Maximiliana Wolfeschlegelsteinhausenbergerdorff' }],
  ['a name with no spaces, longer than any badge', { name: 'W'.repeat(90) }],
  ['a 120-character offering', { offering: OFFERING_120 }],
  ['an incomplete profile', { offering: '' }],
  ['HTML in a name', { name: '<script>alert(1)</script> & co' }],
];

describe('layoutBadge on every stock', () => {
  for (const template of templates) {
    describe(template.name, () => {
      it('has a sound template: badges on the page, fields on the badge, QR of at least 2 cm', () => {
        expect(templateProblems(template)).toEqual([]);
      });

      it.each(contents)('%s: no text leaves its box, no size below its minimum', (_label, partial) => {
        const content: BadgeContent = { name: 'Dana Whitfield', companyLine: 'CEO, LedgerLight', offering: 'Bookkeeping software', event: 'Harbourside Founders & Makers Meetup', qrText: URL, ...partial };
        const layout = layoutBadge(template, content, measureText);
        for (const box of layout.texts) {
          const field = template.fields[box.field];
          // Only text that cannot fit otherwise goes below the minimum, and never below the floor.
          if (!/long/.test(_label)) expect(box.fontSize).toBeGreaterThanOrEqual(field.minFontSize);
          expect(box.fontSize).toBeGreaterThanOrEqual(FLOOR_SIZE);
          expect(box.lines.length).toBeLessThanOrEqual(field.maxLines);
          for (const line of box.lines) {
            expect(line.x).toBeGreaterThanOrEqual(box.x - 0.01);
            expect(line.x + line.width).toBeLessThanOrEqual(box.x + box.width + 0.01);
            // The line's descent stays inside the box.
            expect(line.baseline + 0.3 * box.fontSize * PT).toBeLessThanOrEqual(box.y + box.height + 0.01);
          }
        }
      });

      it('fits a 120-character offering in at most two lines, uncut', () => {
        const fit = fitText(OFFERING_120, template.fields.offering, measureText);
        expect(fit.truncated).toBe(false);
        expect(fit.lines.length).toBeLessThanOrEqual(2);
        expect(fit.lines.join(' ')).toBe(OFFERING_120);
      });

      it('keeps the quiet zone and a QR of at least 2 cm', () => {
        const { qr } = layoutBadge(template, { name: 'A', companyLine: '', offering: '', event: '', qrText: URL }, measureText);
        expect(qr.matrix.version).toBeLessThanOrEqual(4);
        expect(qr.module * qr.matrix.size).toBeGreaterThanOrEqual(20);
        expect(qr.size - qr.module * qr.matrix.size).toBeCloseTo(2 * QUIET_ZONE * qr.module, 6);
      });
    });
  }
});

describe('fitText', () => {
  const field = { x: 0, y: 0, width: 50, height: 20, fontSize: 24, minFontSize: 10, weight: 'bold' as const, align: 'left' as const, maxLines: 2, prefer: 'shrink' as const };

  it('keeps a short name at full size on one line', () => {
    expect(fitText('Sam', field, measureText)).toMatchObject({ fontSize: 24, lines: ['Sam'], truncated: false });
  });

  it('shrinks before it wraps', () => {
    const fit = fitText('Wojciech Szczęsny', field, measureText);
    expect(fit.lines).toEqual(['Wojciech Szczęsny']);
    expect(fit.fontSize).toBeLessThan(24);
  });

  it('wraps to two lines once the minimum size is not enough', () => {
    const fit = fitText('Maximiliana Wolfeschlegelsteinhausen', field, measureText);
    expect(fit.lines).toEqual(['Maximiliana', 'Wolfeschlegelsteinhausen']);
    expect(fit.truncated).toBe(false);
  });

  it('prefers two lines at a larger size for a "wrap" field such as the offering', () => {
    const text = 'Carbon accounting software for companies reporting under CSRD';
    const fit = fitText(text, { ...field, width: 70, weight: 'regular', prefer: 'wrap' }, measureText);
    expect(fit.lines).toHaveLength(2);
    const oneLine = fitText(text, { ...field, width: 70, weight: 'regular', minFontSize: 6 }, measureText);
    expect(oneLine.lines).toHaveLength(1);
    expect(fit.fontSize).toBeGreaterThan(oneLine.fontSize);
  });

  it('goes below the minimum, down to the floor, before cutting a name', () => {
    const fit = fitText('Maximiliana Wolfeschlegelsteinhausenbergerdorff', { ...field, width: 40 }, measureText);
    expect(fit.truncated).toBe(false);
    expect(fit.fontSize).toBeLessThan(10);
    expect(fit.fontSize).toBeGreaterThanOrEqual(FLOOR_SIZE);
  });

  it('cuts with an ellipsis rather than overflow', () => {
    const fit = fitText('W'.repeat(200), field, measureText);
    expect(fit.truncated).toBe(true);
    expect(fit.lines.at(-1)).toMatch(/…$/);
  });

  it('breaks Chinese between characters', () => {
    const fit = fitText('国际商业机器公司大中华区首席执行官办公室', { ...field, width: 45 }, measureText);
    expect(fit.lines.length).toBe(2);
    expect(fit.lines.join('')).toBe('国际商业机器公司大中华区首席执行官办公室');
  });
});

describe('slotOf', () => {
  it('fills a sheet row by row, then starts a new page', () => {
    const t = templates.find((x) => x.name === 'insert-4x3-letter')!;
    expect([0, 1, 2, 5, 6].map((i) => slotOf(t, i))).toEqual([
      { page: 0, x: 6.35, y: 25.4 },
      { page: 0, x: 6.35 + 101.6, y: 25.4 },
      { page: 0, x: 6.35, y: 25.4 + 76.2 },
      { page: 0, x: 6.35 + 101.6, y: 25.4 + 2 * 76.2 },
      { page: 1, x: 6.35, y: 25.4 },
    ]);
  });
});
