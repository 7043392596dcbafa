import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureText } from '../server/badges/fonts.ts';
import { writeBadgesPdf } from '../server/badges/pdf-writer.ts';
import { loadTemplates } from '../server/badges/templates.ts';
import { companyLine, layoutBadge, type BadgeContent } from '../server/domain/badge-layout.ts';
import demo from '../server/demo/demo-event.json' with { type: 'json' };
import { badgeUrl, signBadge } from '../server/domain/badge-token.ts';
import { newId } from '../server/domain/attendee.ts';
import { qrMatrix } from '../server/domain/qr-matrix.ts';
import QRCode from 'qrcode';

/**
 * The badge PDF bar: 2,000 badges in at most 10 s on this machine. Names mix scripts so the
 * font fallback and CJK subsetting are part of what is timed. Also reports each stock's QR.
 */
const COUNT = 2000;
// The demo event's 41 people (accented, Vietnamese and Chinese names among them) with their
// own offerings, plus a very long name, repeated with a number to make each badge unique.
const PEOPLE = [...demo.attendees, { name: 'Maximiliana Wolfeschlegelsteinhausenbergerdorff', company: 'Long Names GmbH', title: 'Founder', offering: 'We design, build and run data pipelines for seed-stage startups so they can stop wrangling spreadsheets and ship' }];
const PUBLIC_URL = 'http://192.168.100.200:8080';

const badges: BadgeContent[] = Array.from({ length: COUNT }, (_, i) => ({
  name: `${PEOPLE[i % PEOPLE.length]!.name} ${i}`,
  companyLine: companyLine(PEOPLE[i % PEOPLE.length]!.title, `${PEOPLE[i % PEOPLE.length]!.company} ${i}`),
  // One in ten is an imported ticket holder without an offering yet.
  offering: i % 10 === 0 ? '' : PEOPLE[i % PEOPLE.length]!.offering,
  event: 'Harbourside Founders & Makers Meetup',
  qrText: badgeUrl(PUBLIC_URL, signBadge('bench-secret', newId(), 1)),
}));

const templates = loadTemplates();
const template = templates.get('a6-4-a4')!;
const levels = badges.map((b) => qrMatrix(b.qrText).level);

/** The floor: bare qrcode making the same symbols (same text, same level), nothing drawn. */
function bareQrcode(): number {
  const t = performance.now();
  badges.forEach((b, i) => QRCode.create(b.qrText, { errorCorrectionLevel: levels[i]! }));
  return performance.now() - t;
}

// Rounds alternate the floor and the PDF, so a busy neighbour weighs on both; the first round
// pays loading fonts and is the figure a printer at the desk sees.
const ROUNDS = 3;
const rounds: { pdfMs: number; floorMs: number }[] = [];
let pdf: Buffer = Buffer.alloc(0);
for (let r = 0; r < ROUNDS; r++) {
  const floorMs = bareQrcode();
  const t0 = performance.now();
  pdf = await writeBadgesPdf(template, badges);
  rounds.push({ pdfMs: performance.now() - t0, floorMs });
}
const peakMb = process.resourceUsage().maxRSS / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratios = rounds.map((r) => r.pdfMs / r.floorMs);

console.log(`Badge PDF: ${COUNT.toLocaleString('en')} badges on ${template.name} in ${(rounds[0]!.pdfMs / 1000).toFixed(2)} s the first time (bar 10 s),` +
  ` ${(pdf.length / 1e6).toFixed(1)} MB, peak memory ${peakMb.toFixed(0)} MB`);
console.log(`  vs bare qrcode making the same ${COUNT.toLocaleString('en')} symbols (floor): median ratio ${median(ratios).toFixed(2)}x (bar 3x);` +
  ` rounds ${rounds.map((r) => `${(r.pdfMs / 1000).toFixed(2)} s / ${(r.floorMs / 1000).toFixed(2)} s`).join(', ')}`);
console.log(`  QR per stock (URL of ${badges[0]!.qrText.length} characters, e.g. ${badges[0]!.qrText}):`);
for (const t of templates.values()) {
  const { qr } = layoutBadge(t, badges[1]!, measureText);
  console.log(`    ${t.name.padEnd(18)} version ${qr.matrix.version}-${qr.matrix.level}, module ${qr.module.toFixed(2)} mm, code ${(qr.module * qr.matrix.size).toFixed(1)} mm wide`);
}

// The other half of the bar: every QR in that PDF decodes, read by zbar from a raster of the pages.
const dir = mkdtempSync(join(tmpdir(), 'bx-bench-pdf-'));
try {
  writeFileSync(join(dir, 'badges.pdf'), pdf);
  const t1 = performance.now();
  execFileSync('pdftoppm', ['-r', '100', '-gray', '-png', join(dir, 'badges.pdf'), join(dir, 'page')]);
  const pages = readdirSync(dir).filter((f) => f.endsWith('.png')).map((f) => join(dir, f));
  const decoded = execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', ...pages], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\n')
    .filter(Boolean);
  const want = new Set(badges.map((b) => b.qrText));
  const right = decoded.filter((d) => want.has(d));
  console.log(`  decoded by zbarimg at 100 dpi: ${new Set(right).size} of ${want.size} QR codes right, ${decoded.length - right.length} wrong` +
    ` (${((performance.now() - t1) / 1000).toFixed(0)} s to check)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
