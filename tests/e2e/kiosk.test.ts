import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startServer, type RunningServer } from '../../server/serve.ts';
import { tempDataDir } from '../helpers.ts';
import { launchChromium, signIn, staffFetch } from './browser.ts';

let browser: Browser;
let server: RunningServer;
let dir: string;
let cleanup: () => Promise<void>;
let port = 0;
let page: Page;
const people: Record<string, { id: string; badgeUrl: string }> = {};

const start = async () => {
  server = await startServer(loadConfig({ port: String(port), host: '127.0.0.1', 'data-dir': dir, demo: '1' }, {}));
  port = Number(new URL(server.localUrl).port);
};
const staff = (path: string, init: RequestInit = {}) => staffFetch(server, path, init);
const scan = async (url: string) => {
  // A USB keyboard-wedge scanner types the payload and Enter, with no field focused.
  await page.keyboard.type(url);
  await page.keyboard.press('Enter');
};
const pairCount = async (a: string, b: string) => {
  const { exchanges } = (await (await staff(`/api/exchanges?attendee=${a}`)).json()) as { exchanges: { a: string; b: string; count: number }[] };
  return exchanges.find((e) => e.a === b || e.b === b)?.count ?? 0;
};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDataDir());
  await start();
  const { attendees } = (await (await staff('/api/attendees?limit=100')).json()) as { attendees: { id: string; name: string; badgeUrl: string }[] };
  for (const first of ['Aisha', 'Dana', 'Sam', 'Priya', 'Tomás', 'Lucas']) people[first] = attendees.find((a) => a.name.startsWith(first))!;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await cleanup?.();
});

describe.sequential('the kiosk in Chromium, with a keyboard-wedge scanner', () => {
  it('pairs with the link staff hand out', async () => {
    const { pairingUrl } = (await (await staff('/api/kiosks', { method: 'POST', body: JSON.stringify({ name: 'Hall A, left' }) })).json()) as { pairingUrl: string };
    await page.goto(`${server.localUrl}/kiosk${new URL(pairingUrl).search}`);
    await page.getByText('Tap your badges').waitFor();
    await page.getByText('Hall A, left').waitFor();
  });

  it('records a meeting and shows both cards with their talking points', async () => {
    await scan(people.Aisha!.badgeUrl);
    await page.getByText('Hi Aisha — now the other badge').waitFor();
    await scan(people.Dana!.badgeUrl);
    await page.getByText('Aisha, with Dana:').waitFor();
    await page.getByText('Dana, with Aisha:').waitFor();
    const forAisha = await page.locator('bx-talking-points').first().locator('li').allInnerTexts();
    expect(forAisha[0]).toMatch(/YOU MAY HELP[\s\S]*“Hiring two backend developers”/i);
    expect(await pairCount(people.Aisha!.id, people.Dana!.id)).toBe(1);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Tap your badges').waitFor();
  });

  it('says so when the pair met before, and counts it', async () => {
    await scan(people.Dana!.badgeUrl);
    await scan(people.Aisha!.badgeUrl);
    await page.getByText('You’ve met before — this is meeting number 2.').waitFor();
    expect(await pairCount(people.Aisha!.id, people.Dana!.id)).toBe(2);
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('refuses the same badge twice kindly, then takes the right one', async () => {
    await scan(people.Sam!.badgeUrl);
    await page.getByText('Hi Sam — now the other badge').waitFor();
    await scan(people.Sam!.badgeUrl);
    await page.getByText('That is the same badge. Now the other person’s badge, please.').waitFor();
    await scan(people.Priya!.badgeUrl);
    await page.getByText('Sam, with Priya:').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('lets the two people reading their meeting raise their badges again, and starts the next pair with a new badge', async () => {
    await scan(people.Aisha!.badgeUrl);
    await scan(people.Sam!.badgeUrl);
    await page.getByText('Aisha, with Sam:').waitFor();
    const before = await pairCount(people.Aisha!.id, people.Sam!.id);
    await scan(people.Sam!.badgeUrl);
    await scan(people.Aisha!.badgeUrl);
    // Still their meeting, not a new one, and no "now the other badge".
    await page.getByText('Aisha, with Sam:').waitFor();
    expect(await page.getByRole('heading', { name: /now the other badge/ }).count()).toBe(0);
    expect(await pairCount(people.Aisha!.id, people.Sam!.id)).toBe(before);
    await scan(people.Priya!.badgeUrl);
    await page.getByText('Hi Priya — now the other badge').waitFor();
    await scan(people.Dana!.badgeUrl);
    await page.getByText('Priya, with Dana:').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('works as a scanner-only kiosk once staff switch its camera off, and back', async () => {
    const { kiosks } = (await (await staff('/api/kiosks')).json()) as { kiosks: { id: string; name: string }[] };
    const id = kiosks.find((k) => k.name === 'Hall A, left')!.id;
    await staff(`/api/kiosks/${id}`, { method: 'PATCH', body: JSON.stringify({ camera: false }) });
    // The kiosk asks for its settings every 5 s.
    await page.getByText('Scan one badge with the scanner, then the other.').waitFor({ timeout: 15_000 });
    expect(await page.locator('bx-kiosk-app').evaluate((el) => el.hasAttribute('no-camera'))).toBe(true);
    await scan(people.Dana!.badgeUrl);
    await scan(people.Sam!.badgeUrl);
    await page.getByText('Dana, with Sam:').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await staff(`/api/kiosks/${id}`, { method: 'PATCH', body: JSON.stringify({ camera: true }) });
    await page.getByText('Hold one badge up to the camera, then the other.').waitFor({ timeout: 15_000 });
  });

  it('refuses forged and replaced badges, and text that is not a badge', async () => {
    const forged = people.Lucas!.badgeUrl.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await scan(forged);
    await page.getByText('This badge was not issued at this event.').waitFor();
    await staff(`/api/attendees/${people.Tomás!.id}/badge/reissue`, { method: 'POST' });
    await scan(people.Tomás!.badgeUrl);
    await page.getByText('This badge was replaced by a new one. Please use the new badge.').waitFor();
    await scan('hello world');
    await page.getByText('That is not a badge from this event.').waitFor();
    await page.getByText('Tap your badges').waitFor();
  });

  it('takes a refusal off the screen the moment a good badge is read, and the last "Badge read" once Done is pressed', async () => {
    // A refusal stays up for seconds. The wrong code and the right badge are typed in one go here
    // (keystrokes dispatched in the page, as fast as a scanner types), so the greeting is drawn
    // well within those seconds whatever the machine's load: a stale refusal would still be up.
    const app = page.locator('bx-kiosk-app');
    const shown = await app.evaluate(async (el, badge) => {
      const type = (text: string) => [...text, 'Enter'].forEach((key) => window.dispatchEvent(new KeyboardEvent('keydown', { key })));
      const drawn = () => (el as unknown as { updateComplete: Promise<boolean> }).updateComplete;
      const notice = () => el.shadowRoot!.querySelector('p.notice')?.textContent ?? null;
      type('hello world');
      await drawn();
      const refused = notice();
      type(badge);
      await drawn();
      return { refused, heading: el.shadowRoot!.querySelector('h1')?.textContent ?? '', after: notice() };
    }, people.Priya!.badgeUrl);
    expect(shown.refused).toBe('That is not a badge from this event.');
    expect(shown.heading).toMatch(/now the other badge/);
    expect(shown.after).toBeNull();
    // The same for a second badge refused as the first one again: the meeting shows no refusal.
    await scan(people.Priya!.badgeUrl);
    await page.getByText('That is the same badge. Now the other person’s badge, please.').waitFor();
    await scan(people.Aisha!.badgeUrl);
    await page.getByText('Priya, with Aisha:').waitFor();
    expect(await app.evaluate((el) => el.shadowRoot!.querySelector('p.notice')?.textContent ?? null)).toBeNull();
    // Done at once: the camera frame of the next pair does not still flash "Badge read" (it lasts 1.5 s).
    const aim = await app.evaluate(async (el) => {
      el.shadowRoot!.querySelector('button')!.click();
      await (el as unknown as { updateComplete: Promise<boolean> }).updateComplete;
      return el.shadowRoot!.querySelector('.aim span')?.textContent;
    });
    expect(aim).toBe('Hold your badge here');
    await page.getByText('Tap your badges').waitFor();
  });

  it('resets itself when the second badge does not come', async () => {
    await page.locator('bx-kiosk-app').evaluate((el) => ((el as unknown as { firstBadgeMs: number }).firstBadgeMs = 800));
    await scan(people.Lucas!.badgeUrl);
    await page.getByText('Hi Lucas — now the other badge').waitFor();
    await page.getByText('Tap your badges').waitFor({ timeout: 5000 });
    await page.locator('bx-kiosk-app').evaluate((el) => ((el as unknown as { firstBadgeMs: number }).firstBadgeMs = 30_000));
  });

  it('keeps a meeting while the server is down and records it once when it is back', async () => {
    await server.close();
    await scan(people.Lucas!.badgeUrl);
    await page.getByText('Badge read — now the other badge').waitFor();
    await scan(people.Priya!.badgeUrl);
    await page.getByText('Saved — will sync').waitFor();
    await page.getByText(/Offline · 1 meeting waits to sync/).waitFor();
    await start();
    await page.getByText('Online', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await pairCount(people.Lucas!.id, people.Priya!.id)).toBe(1);
  });

  it('keeps a meeting the server could not save (its disk full: 507) and sends it again', async () => {
    const before = await pairCount(people.Sam!.id, people.Lucas!.id);
    // The server's 507 as tests/server/store/exchange-journal.test.ts gets it from a real full disk.
    await page.route('**/api/exchanges', (route) =>
      route.fulfill({ status: 507, contentType: 'application/json', body: JSON.stringify({ error: { code: 'storage_full', message: 'The server’s disk is full.' } }) }),
    );
    await scan(people.Sam!.badgeUrl);
    await scan(people.Lucas!.badgeUrl);
    await page.getByText('Saved — will sync').waitFor();
    expect(await pairCount(people.Sam!.id, people.Lucas!.id)).toBe(before);
    // The server still answers its settings request, so the kiosk tells the dashboard what it holds.
    const queued = async () =>
      ((await (await staff('/api/dashboard')).json()) as { kiosks: { name: string; queued: number | null }[] }).kiosks.find((k) => k.name === 'Hall A, left')!.queued;
    await expect.poll(queued, { timeout: 15_000 }).toBe(1);
    const desk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(desk, server);
    await desk.getByRole('button', { name: 'Dashboard' }).click();
    await desk.getByText('1 meeting waiting to sync').waitFor();
    await desk.close();
    await page.unroute('**/api/exchanges');
    // The kiosk retries every 5 s.
    await expect.poll(() => pairCount(people.Sam!.id, people.Lucas!.id), { timeout: 15_000 }).toBe(before + 1);
    await expect.poll(queued, { timeout: 15_000 }).toBe(0);
  });

  it('asks to be paired again once staff unpair it', async () => {
    const { kiosks } = (await (await staff('/api/kiosks')).json()) as { kiosks: { id: string; name: string }[] };
    await staff(`/api/kiosks/${kiosks.find((k) => k.name === 'Hall A, left')!.id}`, { method: 'DELETE' });
    await scan(people.Aisha!.badgeUrl);
    await page.getByText('This kiosk was unpaired. Ask staff for a new pairing code.').waitFor();
    await page.getByLabel('Pairing code from the staff console').waitFor();
  });
});
