import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../../server/badges/templates.ts';
import { makeApp, profile, send, tempDataDir } from '../../helpers.ts';
import { pdfQrCodes } from '../../pdf-codes.ts';
import type { App } from '../../../server/app.ts';

// Names that break naive badge printers: accents, Vietnamese stacking, Chinese, Polish, a very long one, HTML, right to left.
const PEOPLE = [
  ['Zoë Ångström', 'zoe@example.org'],
  ['Đặng Thị Minh', 'minh@example.org'],
  ['李小龍', 'li@example.org'],
  ['Ólafur Arnalds', 'olafur@example.org'],
  ['Wojciech Szczęsny', 'wojtek@example.org'],
  ['Maximiliana Wolfeschlegelsteinhausenbergerdorff', 'max@example.org'],
  ['<b>Not bold</b> & "quoted"', 'html@example.org'],
  // Right to left: words run from the right, Arabic letters join.
  ['דוד כהן', 'david@example.org'],
  ['محمد العلي', 'mohammed@example.org'],
  // An emoji, drawn from Noto Emoji (monochrome: pdfkit embeds no colour glyphs).
  ['Sofía 🌻 Reyes', 'sofia@example.org'],
];

let app: App;
let expected: Map<string, string>;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDataDir());
  ({ app } = makeApp());
  expected = new Map();
  for (const [name, email] of PEOPLE) {
    const { body } = await send(app, 'POST', '/api/attendees', profile({ name, email, offering: 'We design, build and run data pipelines for seed-stage startups so they can stop wrangling spreadsheets' }));
    expected.set(body.badgeUrl, name!);
  }
});
afterAll(() => cleanup());

describe('badge PDF, read back by independent tools', () => {
  for (const [template, layout] of loadTemplates()) {
    it(`${template}: every QR decodes to its attendee's badge URL and every name reads back`, async () => {
      const res = await app.request(`/api/badges.pdf?template=${template}&preview=1`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const file = join(dir, `${template}.pdf`);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));

      const perPage = layout.grid.columns * layout.grid.rows;
      const codes = pdfQrCodes(file, dir, template, (page) => Math.min(perPage, expected.size - page * perPage));
      expect(codes.sort()).toEqual([...expected.keys()].sort());

      // pdftotext marks right-to-left runs with embedding characters; they are not part of the names.
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/[\u202A-\u202E]/g, '');
      for (const name of expected.values()) {
        // Long names may wrap; compare without line breaks.
        expect(text.replace(/\s+/g, ' ')).toContain(name.includes('Wolfe') ? 'Wolfeschlegelsteinhausenbergerdorff' : name);
      }
      // Embedded subsets, not whole fonts: the file stays small.
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      expect(fonts).toMatch(/[A-Z]{6}\+NotoSans/);
      expect(fonts).toMatch(/[A-Z]{6}\+NotoEmoji/);
    });
  }
});
