// The own page (/me/<key>) on a slow phone: Chromium at 390×844 with its CPU slowed 4× (DevTools'
// "low-end mobile"), from the address to ten people met listed with their talking points, each
// run in a fresh browser context (nothing cached). The demo server runs on the same machine.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { launchChromium, startDemoServer, staffFetch } from '../tests/e2e/browser.ts';
import { ASSETS_DIR } from '../server/ui-build.ts';

const RUNS = 7;
const { server, stop } = await startDemoServer();
const browser = await launchChromium();
const staff = async (method: string, path: string, body?: unknown) =>
  (await staffFetch(server, path, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>;
try {
  const { attendees } = await staff('GET', '/api/attendees?limit=200');
  const me = await staff('GET', `/api/attendees/${attendees[0].id}`);
  const { pairingCode } = await staff('POST', '/api/kiosks', { name: 'bench' });
  const pair = await fetch(`${server.localUrl}/api/kiosk/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: pairingCode }) });
  const { token } = (await pair.json()) as { token: string };
  for (const other of attendees.slice(1, 11)) {
    await fetch(`${server.localUrl}/api/exchanges`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ a: me.badgeUrl, b: other.badgeUrl }) });
  }
  const js = readFileSync(`${ASSETS_DIR}/register.js`);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const t = performance.now();
    await page.goto(me.profileUrl);
    await page.locator('li.person').nth(9).locator('bx-talking-points li').first().waitFor();
    times.push(performance.now() - t);
    await page.close();
  }
  times.sort((a, b) => a - b);
  console.log(`own page, CPU 4x slower, address to 10 people listed: median ${times[RUNS >> 1]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)}, max ${times[RUNS - 1]!.toFixed(0)} (${RUNS} cold runs); register.js ${(js.length / 1024).toFixed(0)} KB, ${(gzipSync(js).length / 1024).toFixed(0)} KB gzipped`);
} finally {
  await browser.close();
  await stop();
}
