import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/e2e/browser.ts';
import { fakeCameraArgs, makeBadgeVideo } from '../tests/e2e/camera-video.ts';
import { loadConfig } from '../server/env.ts';
import { startServer } from '../server/serve.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './stats.ts';

/**
 * The kiosk bars, in Debian's Chromium against a real server on loopback: from a USB scanner's
 * Enter to talking points on screen (bar 150 ms), and from the second badge appearing on the
 * camera (a fake camera playing printed badges at 15 frames a second) to talking points on
 * screen (bar 500 ms). Times are taken inside the page: the keydown's timestamp, the camera
 * frame's presentation time, and the first animation frame after the talking points exist.
 */
const dir = await mkdtemp(join(tmpdir(), 'bx-bench-kiosk-'));
const server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': join(dir, 'data'), demo: '1' }, {}));
const staff = (path: string, init: RequestInit = {}) =>
  fetch(`${server.localUrl}${path}`, { ...init, headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' } });
const newKiosk = async () => ((await (await staff('/api/kiosks', { method: 'POST', body: JSON.stringify({ name: 'Bench' }) })).json()) as { pairingCode: string }).pairingCode;
const { attendees } = (await (await staff('/api/attendees?limit=40')).json()) as { attendees: { id: string; badgeUrl: string }[] };

/** Resolves, in the page, with the time the talking points were first painted. */
const watchForResult = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('bx-kiosk-app')!.shadowRoot!;
    (window as unknown as { __shown: number[] }).__shown = [];
    let present = false;
    new MutationObserver(() => {
      const now = Boolean(root.querySelector('bx-talking-points'));
      if (now && !present) requestAnimationFrame(() => (window as unknown as { __shown: number[] }).__shown.push(performance.now()));
      present = now;
    }).observe(root, { childList: true, subtree: true });
  });

try {
  // 1. Keyboard wedge.
  let browser = await launchChromium();
  let page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.localUrl}/kiosk?code=${await newKiosk()}`);
  await page.getByText('Tap your badges').waitFor();
  await watchForResult(page);
  await page.evaluate(() => {
    (window as unknown as { __enter: number[] }).__enter = [];
    window.addEventListener('keydown', (e) => e.key === 'Enter' && (window as unknown as { __enter: number[] }).__enter.push(e.timeStamp), true);
  });
  const wedge: number[] = [];
  for (let i = 0; i < 20; i++) {
    const [a, b] = [attendees[(2 * i) % attendees.length]!, attendees[(2 * i + 1) % attendees.length]!];
    await page.keyboard.type(a.badgeUrl);
    await page.keyboard.press('Enter');
    // The heading: a screen reader's live region says the same words.
    await page.getByRole('heading', { name: /now the other badge/ }).waitFor();
    await page.keyboard.type(b.badgeUrl);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Done' }).waitFor();
    await page.waitForTimeout(50);
    const { enter, shown } = await page.evaluate(() => ({
      enter: (window as unknown as { __enter: number[] }).__enter,
      shown: (window as unknown as { __shown: number[] }).__shown,
    }));
    wedge.push(shown.at(-1)! - enter.at(-1)!);
    await page.getByRole('button', { name: 'Done' }).click();
  }
  await browser.close();
  console.log(`Kiosk, USB scanner Enter to talking points on screen: median ${percentile(wedge, 50).toFixed(0)} ms, p95 ${percentile(wedge, 95).toFixed(0)} ms over ${wedge.length} meetings (bar 150 ms)`);

  // 2. Camera: a fake camera plays badge A, a blank second, badge B, and loops.
  const pair = [attendees[0]!, attendees[1]!];
  const pdf = Buffer.from(await (await staff(`/api/badges.pdf?template=thermal-4x3&ids=${pair.map((p) => p.id).join(',')}&preview=1`)).arrayBuffer());
  const { video } = makeBadgeVideo(dir, pdf);
  browser = await launchChromium(fakeCameraArgs(video));
  const context = await browser.newContext({ permissions: ['camera'], viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await page.goto(`${server.localUrl}/kiosk?code=${await newKiosk()}`);
  await page.locator('#bx-camera video').waitFor();
  await watchForResult(page);
  // As a string: tsx wraps named functions in a helper the page does not have.
  await page.evaluate(`(() => {
    const v = document.querySelector('#bx-camera video');
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    window.__appear = [];
    let blank = true;
    const onFrame = (now) => {
      g.drawImage(v, 0, 0, 64, 48);
      const data = g.getImageData(0, 0, 64, 48).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 100) dark++;
      const badge = dark > 50;
      if (badge && blank) window.__appear.push(now);
      blank = !badge;
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  })()`);
  // Each loop of the video (about 8 s) is one meeting.
  await page.waitForTimeout(36_000);
  const { appear, shown } = await page.evaluate(() => ({
    appear: (window as unknown as { __appear: number[] }).__appear,
    shown: (window as unknown as { __shown: number[] }).__shown,
  }));
  const camera = shown.map((s) => s - Math.max(...appear.filter((a) => a < s)));
  await browser.close();
  console.log(`Kiosk, second badge on camera to talking points on screen: median ${percentile(camera, 50).toFixed(0)} ms, max ${Math.max(...camera).toFixed(0)} ms over ${camera.length} meetings at 15 frames a second (bar 500 ms)`);
  const { size } = await import('node:fs').then((fs) => fs.statSync(new URL('../kiosk/dist/station.js', import.meta.url)));
  const gz = (await import('node:zlib')).gzipSync((await import('node:fs')).readFileSync(new URL('../kiosk/dist/station.js', import.meta.url))).length;
  console.log(`Kiosk bundle: ${(size / 1024).toFixed(0)} KB, ${(gz / 1024).toFixed(0)} KB gzipped`);
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
