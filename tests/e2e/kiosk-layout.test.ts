import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/serve.ts';
import { launchChromium, startDemoServer, staffFetch } from './browser.ts';
import { collectBoxes, kioskPeople, LONGEST_PROFILE, overlaps, scan, type Box, type Person } from './kiosk-screen.ts';

/**
 * The kiosk on the screens events put on kiosk stands, in every state people see: each key element
 * (names, titles, offerings, every talking point shown, Done, the camera, the words) lies inside the
 * viewport, overlaps no other, and shows whole. Screenshots land in test-output/kiosk-layout/.
 */
const SCREENS = [
  { name: 'ipad-portrait', width: 768, height: 1024, tablet: true },
  { name: 'ipad-landscape', width: 1024, height: 768, tablet: true },
  { name: 'ipad-air-portrait', width: 820, height: 1180, tablet: true },
  { name: 'ipad-air-landscape', width: 1180, height: 820, tablet: true },
  { name: 'android-portrait', width: 800, height: 1280, tablet: true },
  { name: 'android-landscape', width: 1280, height: 800, tablet: true },
  { name: 'laptop', width: 1366, height: 768, tablet: true },
  { name: 'full-hd', width: 1920, height: 1080, tablet: true },
  { name: 'phone', width: 390, height: 844, tablet: false },
] as const;
const SHOTS = join(process.cwd(), 'test-output', 'kiosk-layout');

const MAY_END_IN_ELLIPSIS = new Set(['title and company', 'offering']);

/** Checks one kiosk state and saves its screenshot; returns the boxes for further checks. */
async function checkState(page: Page, screen: (typeof SCREENS)[number], state: string, expected: string[]): Promise<Box[]> {
  // Two animation frames: the meeting screen fits itself after it renders.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(SHOTS, `${screen.name}-${state}.png`) });
  const boxes = await collectBoxes(page);
  const where = `${screen.name} (${screen.width}×${screen.height}), ${state}`;
  for (const what of expected) expect(boxes.some((b) => b.what === what), `${where}: ${what} is shown`).toBe(true);
  // A refusal belongs to the badge refused: the screens after a good badge show none left over.
  if (!expected.includes('notice')) expect(boxes.filter((b) => b.what === 'notice').map((b) => b.text), `${where}: no refusal shown`).toEqual([]);
  for (const b of boxes) {
    const inside = b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= screen.width + 0.5 && b.y + b.height <= screen.height + 0.5;
    expect(inside, `${where}: ${b.what} at ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)} lies inside the screen`).toBe(true);
    // When space is short the layout may end a company or an offering in "…", never a name, a point or Done.
    const mayEnd = b.ellipsis && MAY_END_IN_ELLIPSIS.has(b.what);
    expect(b.clipped && !mayEnd, `${where}: ${b.what} shows whole`).toBe(false);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      expect(overlaps(boxes[i]!, boxes[j]!), `${where}: ${boxes[i]!.what} and ${boxes[j]!.what} do not overlap`).toBe(false);
    }
  }
  // Readable from a step away: body text 20 px on a tablet (a phone is held closer).
  const minText = screen.tablet ? 20 : 16;
  for (const b of boxes.filter((x) => ['talking point', 'offering', 'title and company', 'words'].includes(x.what))) {
    expect(b.fontSize, `${where}: ${b.what} text size`).toBeGreaterThanOrEqual(minText);
  }
  return boxes;
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
  // Text as people type it at the desk: a 100-character name with no space at all, a company and
  // an offering that are one unbroken word each (a pasted URL, a German compound, a run of keys).
  const unbroken = await staff('/api/attendees', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Bartholomew' + 'x'.repeat(89),
      email: 'unbroken@example.org',
      company: 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft' + 'y'.repeat(19),
      offering: 'https://example.org/' + 'z'.repeat(100),
      needs: ['Plant managers in food and beverage who lose hours to unplanned stops'],
    }),
  });
  people.Unbroken = (await unbroken.json()) as { id: string; badgeUrl: string };
  // Every screen at once is one camera each: Chromium's own test pattern stands in for it.
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
});
afterAll(async () => {
  await browser?.close();
  await stop?.();
});

describe('the kiosk layout on the screens events use', () => {
  for (const screen of SCREENS) {
    // Nine screen sizes, six states each, in one page per size: about 4 s a size on a quiet machine.
    it(`is whole at ${screen.name} (${screen.width}×${screen.height})`, { timeout: 90_000 }, async () => {
      const context: BrowserContext = await browser.newContext({ permissions: ['camera'], viewport: { width: screen.width, height: screen.height } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      try {
        const { pairingCode } = (await (await staff('/api/kiosks', { method: 'POST', body: JSON.stringify({ name: `Stand ${screen.name}` }) })).json()) as { pairingCode: string };
        await page.goto(`${server.localUrl}/kiosk?code=${pairingCode}`);
        await page.getByText('Tap your badges').waitFor();
        await page.locator('#bx-camera video').waitFor();
        const idle = await checkState(page, screen, '1-idle', ['title', 'words', 'camera', 'status', 'kiosk name']);
        // The camera where the words point: centred, and large (a third to two thirds of the screen
        // on these sizes; it was a small preview in a corner).
        const camera = idle.find((b) => b.what === 'camera')!;
        expect(Math.abs(camera.x + camera.width / 2 - screen.width / 2), `${screen.name}: the camera is centred`).toBeLessThanOrEqual(2);
        expect((camera.width * camera.height) / (screen.width * screen.height), `${screen.name}: the camera's share of the screen`).toBeGreaterThanOrEqual(0.3);

        // The longest profile, as a new person at each size: the meeting below is a first one (the
        // shared demo's pair would have met at the sizes before), the one after it the repeat.
        const long = (await (await staff('/api/attendees', { method: 'POST', body: JSON.stringify({ ...LONGEST_PROFILE, email: `max.${screen.name}@example.org` }) })).json()) as Person;
        await scan(page, long.badgeUrl);
        await page.getByRole('heading', { name: /now the other badge/ }).waitFor();
        await page.locator('bx-attendee-card h2').waitFor();
        await checkState(page, screen, '2-first-badge', ['title', 'name', 'offering', 'camera']);

        // The longest profile meets the one with the most to say back: the fullest meeting screen.
        await scan(page, people.Wojciech!.badgeUrl);
        await page.getByRole('button', { name: 'Done' }).waitFor();
        const meeting = await checkState(page, screen, '3-meeting', ['name', 'title and company', 'offering', 'talking point', 'button']);
        expect(meeting.some((b) => b.what === 'met before'), `${screen.name}: a first meeting`).toBe(false);
        expect(meeting.filter((b) => b.what === 'name')).toHaveLength(2);
        expect(meeting.filter((b) => b.what === 'offering')).toHaveLength(2);
        await page.getByRole('button', { name: 'Done' }).click();

        await scan(page, people.Wojciech!.badgeUrl);
        await page.getByRole('heading', { name: /now the other badge/ }).waitFor();
        await scan(page, long.badgeUrl);
        await page.getByText(/You’ve met before/).waitFor();
        await checkState(page, screen, '4-met-before', ['met before', 'name', 'talking point', 'button']);
        await page.getByRole('button', { name: 'Done' }).click();

        // The longest unbroken words wrap inside their own card: the other card and Done stay on screen.
        await scan(page, people.Unbroken!.badgeUrl);
        await page.getByRole('heading', { name: /now the other badge/ }).waitFor();
        await page.locator('bx-attendee-card h2').waitFor();
        await checkState(page, screen, '2b-first-badge-unbroken', ['title', 'name', 'offering', 'camera']);
        await scan(page, people.Wojciech!.badgeUrl);
        await page.getByRole('button', { name: 'Done' }).waitFor();
        const unbroken = await checkState(page, screen, '3b-meeting-unbroken', ['name', 'title and company', 'offering', 'talking point', 'button']);
        expect(unbroken.filter((b) => b.what === 'name')).toHaveLength(2);
        expect(unbroken.filter((b) => b.what === 'offering')).toHaveLength(2);
        await page.getByRole('button', { name: 'Done' }).click();

        await scan(page, 'hello world');
        await page.getByText('That is not a badge from this event.').waitFor();
        await checkState(page, screen, '5-error', ['notice', 'title', 'camera']);

        // The server away: the meeting is kept on the tablet.
        await scan(page, people.Aisha!.badgeUrl);
        await page.getByRole('heading', { name: /Hi Aisha/ }).waitFor();
        await page.route('**/api/exchanges', (route) => route.abort());
        await scan(page, people.Hannah!.badgeUrl);
        await page.getByText('Saved — will sync').waitFor();
        await page.getByText(/Offline · 1 meeting waits to sync/).waitFor();
        await checkState(page, screen, '6-saved-offline', ['title', 'words', 'status']);
        await page.unroute('**/api/exchanges');
      } finally {
        await context.close();
      }
    });
  }
});
