import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/serve.ts';
import { tempDataDir } from '../helpers.ts';
import { launchChromium, startDemoServer, staffFetch } from './browser.ts';
import { fakeCameraArgs, makeBadgeVideo } from './camera-video.ts';

let browser: Browser;
let server: RunningServer;
let stop: () => Promise<void>;
let cleanup: () => Promise<void>;
const staff = (path: string, init: RequestInit = {}) => staffFetch(server, path, init);

beforeAll(async () => {
  ({ server, stop } = await startDemoServer());
});
afterAll(async () => {
  await browser?.close();
  await stop?.();
  await cleanup?.();
});

describe('the kiosk reading badges with a camera', () => {
  it('reads two printed badges from the camera, records the meeting and shows both names and talking points', async () => {
    const { attendees } = (await (await staff('/api/attendees?q=aisha')).json()) as { attendees: { id: string }[] };
    const { attendees: danas } = (await (await staff('/api/attendees?q=whitfield')).json()) as { attendees: { id: string }[] };
    const [aisha, dana] = [attendees[0]!, danas[0]!];
    // The badges as printed (thermal 4×3: one a page), in name order: Aisha, then Dana.
    const pdf = Buffer.from(await (await staff(`/api/badges.pdf?template=thermal-4x3&ids=${aisha.id},${dana.id}&preview=1`)).arrayBuffer());
    let dir: string;
    ({ dir, cleanup } = await tempDataDir());
    const { video } = makeBadgeVideo(dir, pdf);

    const { pairingUrl } = (await (await staff('/api/kiosks', { method: 'POST', body: JSON.stringify({ name: 'Camera kiosk' }) })).json()) as { pairingUrl: string };
    browser = await launchChromium(fakeCameraArgs(video));
    const context = await browser.newContext({ permissions: ['camera'], viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${server.localUrl}/kiosk${new URL(pairingUrl).search}`);
    await page.getByText('Aisha, with Dana:').waitFor();
    await page.getByText('Dana, with Aisha:').waitFor();
    const { exchanges } = (await (await staff(`/api/exchanges?attendee=${aisha.id}`)).json()) as { exchanges: { a: string; b: string }[] };
    expect(exchanges.some((e) => [e.a, e.b].includes(dana.id))).toBe(true);
  });
});
