import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/serve.ts';
import type { Language } from '../../server/i18n/languages.ts';
import { launchChromium, startDemoServer, staffFetch } from './browser.ts';
import { collectBoxes, KIOSK_LEAVES, kioskPeople, overlaps, scan, type Box, type Leaf, type Person } from './kiosk-screen.ts';

/**
 * The kiosk in German, French, Spanish and Arabic: every word of its own from the language's
 * catalog, the talking points written in it, the screens whole where German runs long, Arabic
 * mirrored; the one-tap switch on the idle screen lasts one meeting. Screenshots land in
 * test-output/i18n-kiosk/.
 */
const SHOTS = join(process.cwd(), 'test-output', 'i18n-kiosk');
const catalog = (lang: Language): Record<string, string> => JSON.parse(readFileSync(join(process.cwd(), 'locales', 'kiosk', `${lang}.json`), 'utf8'));
const ENGLISH = catalog('en');
const TABLETS = [
  { name: 'ipad-portrait', width: 768, height: 1024 },
  { name: 'ipad-landscape', width: 1024, height: 768 },
  { name: 'android-landscape', width: 1280, height: 800 },
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;
type Screen = (typeof TABLETS)[number];
const LANDSCAPE = TABLETS[1];

/** The English catalog's own words, message by message: its text between the {arguments}, letters at both ends. */
const englishPieces = Object.entries(ENGLISH).flatMap(([key, message]) =>
  message
    .split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/)
    .map((piece) => piece.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((piece) => piece.length >= 4)
    .map((piece) => ({ key, piece })),
);

// The English talking-point phrasings' own words (long pieces between the {arguments}).
const phrasings = (node: unknown): string[] => (typeof node === 'string' ? [node] : Object.values(node as object).flatMap(phrasings));
const ENGLISH_FRAMES = phrasings(JSON.parse(readFileSync(join(process.cwd(), 'locales', 'talking-points', 'en.json'), 'utf8')))
  .flatMap((p) => p.split(/\{[^}]*\}/))
  .map((piece) => piece.trim())
  .filter((piece) => piece.length >= 10);

// In the page, as a string (the test's bundler would wrap named functions in a helper the page
// does not have): what the kiosk says in its own words, through every shadow root, with
// attributes people hear (aria-label, alt, placeholder); people's words (in <bdi> or a block of
// their own with dir="auto") left out.
// Talking points are returned apart: their frame is the server's, quoting people's words.
const WORDS = `() => {
  const own = [];
  const points = [];
  const walk = (root) => {
    for (const node of root.childNodes) {
      if (node.nodeType === 3) { if (node.data.trim()) own.push(node.data.trim()); continue; }
      if (node.nodeType !== 1 || ['STYLE', 'SCRIPT', 'BDI'].includes(node.tagName) || node.getAttribute('dir') === 'auto') continue;
      for (const attr of ['aria-label', 'alt', 'placeholder', 'label']) if (node.getAttribute(attr)) own.push(node.getAttribute(attr));
      if (node.tagName === 'LI' && node.getRootNode().host?.localName === 'bx-talking-points') {
        own.push(node.querySelector('.kind').textContent);
        points.push([...node.childNodes].filter((n) => n.nodeType === 3 || (n.nodeType === 1 && !n.classList.contains('kind'))).map((n) => n.textContent).join(''));
        continue;
      }
      if (node.shadowRoot) walk(node.shadowRoot);
      walk(node);
    }
  };
  walk(document.body);
  return { own, points };
}`;

// Every visible leaf people read or tap, as kiosk-layout.test.ts checks them, and the language switch.
const LEAVES: Leaf[] = [
  ...KIOSK_LEAVES,
  ['take along', 'bx-kiosk-app', '.take figcaption'],
  ['aim', 'bx-kiosk-app', '.aim span'],
  ['language', 'bx-language-switch', 'button'],
];
// Cut on purpose, with an ellipsis or a line clamp, when room is short (the layout test's rule):
// a company, an offering, and the camera's one-line caption.
const MAY_END_IN_ELLIPSIS = new Set(['title and company', 'offering', 'aim']);

/** Checks that everything shown is whole, on screen and apart, and saves a screenshot. */
async function checkWhole(page: Page, screen: Screen, shot: string, expected: string[]): Promise<Box[]> {
  // Two animation frames: the meeting screen fits itself after it renders.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(SHOTS, `${shot}.png`) });
  const boxes = await collectBoxes(page, LEAVES);
  for (const what of expected) expect(boxes.some((b) => b.what === what), `${shot}: ${what} is shown`).toBe(true);
  for (const b of boxes) {
    const where = `${shot}: ${b.what} "${b.text}" at ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`;
    expect(b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= screen.width + 0.5 && b.y + b.height <= screen.height + 0.5, `${where} lies inside the screen`).toBe(true);
    expect(b.clipped && !(b.ellipsis && MAY_END_IN_ELLIPSIS.has(b.what)), `${where} shows whole`).toBe(false);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      // The camera's caption lies on the camera on purpose.
      if ([boxes[i]!.what, boxes[j]!.what].includes('aim')) continue;
      expect(overlaps(boxes[i]!, boxes[j]!), `${shot}: ${boxes[i]!.what} "${boxes[i]!.text}" and ${boxes[j]!.what} "${boxes[j]!.text}" do not overlap`).toBe(false);
    }
  }
  return boxes;
}

/** No catalog key, no sentence of the English catalog (unless the language says it the same way), talking points not in English. */
async function checkWords(page: Page, lang: Language, where: string): Promise<void> {
  const own = catalog(lang);
  const { own: words, points } = (await page.evaluate(`(${WORDS})()`)) as { own: string[]; points: string[] };
  const text = words.join('\n');
  expect(text, `${where}: a catalog key shows`).not.toMatch(/\bkiosk\.[a-z]/);
  for (const { key, piece } of englishPieces) {
    if (own[key]!.includes(piece)) continue;
    expect(text.includes(piece), `${where}: English "${piece}" (${key}) shows`).toBe(false);
  }
  for (const point of points) {
    expect(point, `${where}: a talking point in English`).not.toMatch(/^Ask /);
    for (const frame of ENGLISH_FRAMES) expect(point.includes(frame), `${where}: "${point}" has the English "${frame}"`).toBe(false);
  }
}

let server: RunningServer;
let stop: () => Promise<void>;
let browser: Browser;
let people: Record<string, Person>;
const staff = (path: string, init: RequestInit = {}) => staffFetch(server, path, init);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ server, stop } = await startDemoServer());
  people = await kioskPeople(staff);
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
});
afterAll(async () => {
  await browser?.close();
  await stop?.();
});

/** A tablet paired with a new kiosk, which staff set to `lang` (or left on the event's language). */
async function kiosk(name: string, screen: Screen, lang?: Language): Promise<{ page: Page; context: BrowserContext; id: string }> {
  const { id, pairingCode } = (await (await staff('/api/kiosks', { method: 'POST', body: JSON.stringify({ name }) })).json()) as { id: string; pairingCode: string };
  if (lang) expect((await staff(`/api/kiosks/${id}`, { method: 'PATCH', body: JSON.stringify({ language: lang }) })).status).toBe(200);
  const context = await browser.newContext({ permissions: ['camera'], viewport: { width: screen.width, height: screen.height } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${server.localUrl}/kiosk?code=${pairingCode}`);
  await page.locator(`html[lang="${lang ?? 'en'}"]`).waitFor({ state: 'attached' });
  await page.getByRole('heading', { name: catalog(lang ?? 'en')['kiosk.idle.title']! }).waitFor();
  return { page, context, id };
}

/** Two badges, then the meeting screen (its Done button says so in the language shown). */
async function meet(page: Page, lang: Language, a: string, b: string): Promise<void> {
  await scan(page, people[a]!.badgeUrl);
  await page.locator('bx-attendee-card h2').first().waitFor();
  await scan(page, people[b]!.badgeUrl);
  await page.getByRole('button', { name: catalog(lang)['kiosk.meeting.done']!, exact: true }).waitFor();
  await page.locator('bx-talking-points li').first().waitFor();
}

describe('the kiosk in five languages', () => {
  for (const lang of ['de', 'fr', 'es', 'ar'] as const) {
    // German and Arabic at every tablet size and a phone (one page, resized), the others landscape
    // only: about 1.5 s a size (two badges, two checks). The first test also pays for the server's
    // first talking points and Chromium's first camera, as kiosk-layout.test.ts's first size does:
    // about 15 s on this two-core machine.
    const screens = lang === 'de' || lang === 'ar' ? TABLETS : [LANDSCAPE];
    it(`speaks ${lang} everywhere on its idle and meeting screens, whole at ${screens.map((s) => s.name).join(', ')}`, { timeout: 60_000 }, async () => {
      const { page, context } = await kiosk(`Stand ${lang}`, screens[0]!, lang);
      try {
        await page.locator('#bx-camera video').waitFor();
        for (const screen of screens) {
          await page.setViewportSize({ width: screen.width, height: screen.height });
          const idle = await checkWhole(page, screen, `${lang}-${screen.name}-1-idle`, ['title', 'words', 'camera', 'language']);
          await checkWords(page, lang, `${lang} idle`);
          // The switch sits below the camera, apart from what people aim at.
          const camera = idle.find((b) => b.what === 'camera')!;
          for (const b of idle.filter((x) => x.what === 'language')) expect(b.y, `${lang} ${screen.name}: the switch is below the camera`).toBeGreaterThanOrEqual(camera.y + camera.height);

          await meet(page, lang, 'Long', 'Wojciech');
          const meeting = await checkWhole(page, screen, `${lang}-${screen.name}-2-meeting`, ['name', 'offering', 'talking point', 'button']);
          expect(meeting.filter((b) => b.what === 'name')).toHaveLength(2);
          await checkWords(page, lang, `${lang} meeting at ${screen.name}`);
          if (lang === 'ar') {
            expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
            const [first, second] = meeting.filter((b) => b.what === 'name');
            // Side by side, the first person is on the right; one above the other on a phone.
            if (screen.width >= 700) expect(first!.x, `ar ${screen.name}: the first card is on the right`).toBeGreaterThan(second!.x);
            else expect(first!.y).toBeLessThan(second!.y);
          }
          await page.getByRole('button', { name: catalog(lang)['kiosk.meeting.done']!, exact: true }).click();
          await page.getByRole('heading', { name: catalog(lang)['kiosk.idle.title']! }).waitFor();
        }
      } finally {
        await context.close();
      }
    });
  }

  it('switches with one tap on the idle screen for one meeting, sends that language, and falls back after it', { timeout: 30_000 }, async () => {
    const { page, context } = await kiosk('Stand switch', LANDSCAPE);
    try {
      const sent: unknown[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/exchanges')) sent.push(r.postDataJSON().language);
      });
      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
      await page.getByRole('heading', { name: 'Badges scannen' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
      await meet(page, 'de', 'Aisha', 'Dana');
      expect(sent).toEqual(['de']);
      await checkWords(page, 'de', 'picked German');
      await page.getByRole('button', { name: 'Fertig' }).click();
      await page.getByRole('heading', { name: 'Tap your badges' }).waitFor();
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr']);
      // The visitor's choice is not remembered anywhere.
      expect(await page.evaluate(() => localStorage.getItem('bx-language'))).toBeNull();

      // Picked, then nobody scans: the next people find the kiosk's own language again (a pick
      // waits first-badge-ms for a badge; shortened here, after the first pick, so nothing races).
      await page.getByRole('button', { name: 'العربية' }).click();
      await page.locator('html[dir="rtl"]').waitFor({ state: 'attached' });
      await page.locator('bx-kiosk-app').evaluate((app) => ((app as unknown as { firstBadgeMs: number }).firstBadgeMs = 300));
      await page.getByRole('button', { name: 'العربية' }).click();
      await page.getByRole('heading', { name: 'Tap your badges' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');

      // A meeting kept on the tablet while the server is away goes out in the language it was recorded in.
      await page.locator('bx-kiosk-app').evaluate((app) => ((app as unknown as { firstBadgeMs: number }).firstBadgeMs = 30_000));
      await page.getByRole('button', { name: 'Español' }).click();
      await page.route('**/api/exchanges', (route) => route.abort());
      await scan(page, people.Sam!.badgeUrl);
      await page.locator('bx-attendee-card h2').waitFor();
      await scan(page, people.Priya!.badgeUrl);
      await page.getByRole('heading', { name: catalog('es')['kiosk.saved.title']! }).waitFor();
      await page.getByText(/· 1 encuentro pendiente de envío/).waitFor();
      await page.unroute('**/api/exchanges');
      const synced = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/exchanges') && r.ok());
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      expect((await synced).request().postDataJSON().language).toBe('es');
    } finally {
      await context.close();
    }
  });

  it('starts in the language staff set for it and follows a change', async () => {
    const { page, context, id } = await kiosk('Stand staff', LANDSCAPE, 'de');
    try {
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
      await checkWords(page, 'de', 'German by staff');
      await staff(`/api/kiosks/${id}`, { method: 'PATCH', body: JSON.stringify({ language: 'fr' }) });
      // The kiosk reads its settings every few seconds, and at once when the network comes back.
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.getByRole('heading', { name: 'Présentez vos badges' }).waitFor();
      await staff(`/api/kiosks/${id}`, { method: 'PATCH', body: JSON.stringify({ language: null }) });
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.getByRole('heading', { name: 'Tap your badges' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
