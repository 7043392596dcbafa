import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startServer, type RunningServer } from '../../server/serve.ts';
import { openStore } from '../../server/store/store.ts';
import { tempDataDir } from '../helpers.ts';
import { launchChromium, signIn } from './browser.ts';

let browser: Browser;
let server: RunningServer;
let smtp: SMTPServer;
let cleanup: () => Promise<void>;
const recipients: string[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 100,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        recipients.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  smtp.on('error', () => {});
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  let dir: string;
  ({ dir, cleanup } = await tempDataDir());
  // Three meetings recorded before the server starts, as after an event.
  {
    const config = loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dir, demo: '1' }, {});
    const first = await startServer(config);
    await first.close();
    const store = await openStore(dir);
    const [a, b, c, d] = store.attendees();
    for (const [x, y] of [[a, b], [a, c], [c, d]] as const) await store.exchanges.record({ a: x!.id, b: y!.id, kiosk: 'k', at: new Date() });
  }
  server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dir, demo: '1', 'smtp-url': `smtp://127.0.0.1:${port}` }, {}));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((r) => smtp.close(() => r()));
  await cleanup?.();
});

describe('digests from the staff console', () => {
  it('finds one attendee’s digest by name among those who asked for one', async () => {
    const res = await fetch(`${server.localUrl}/api/attendees?digest=1&limit=5000`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    const { attendees, total } = (await res.json()) as { attendees: { id: string; name: string }[]; total: number };
    const target = attendees.at(-1)!;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server);
    await page.getByRole('button', { name: 'Digests' }).click();
    await page.getByRole('heading', { name: `Send to everyone who asked for one (${total})` }).waitFor();

    await page.getByPlaceholder('Find by name, company or email').fill(target.name);
    await expect.poll(() => page.locator('#who').inputValue()).toBe(target.id);
    expect(await page.locator('#who option').first().textContent()).toContain(target.name);
    expect(await page.getByRole('link', { name: 'Open the mail' }).getAttribute('href')).toBe(`/api/digests/${target.id}/preview`);

    await page.getByPlaceholder('Find by name, company or email').fill('nobody-by-this-name');
    await page.getByText('Nobody who asked for a digest matches “nobody-by-this-name”.').waitFor();
    await page.close();
  });

  it('sends a test copy, then everyone who met someone, with a progress count', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server);
    await page.getByRole('button', { name: 'Digests' }).click();
    await page.getByPlaceholder('your@email, for a test copy').fill('staff@harbour.example');
    await page.getByRole('button', { name: 'Send me a test copy' }).click();
    await page.getByText('Test copy sent to staff@harbour.example.').waitFor();
    expect(recipients).toEqual(['staff@harbour.example']);

    // Deliberate: who will get one first, then a button that says how many.
    await page.getByRole('button', { name: 'Send digests…' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Confirm sending' }).innerText()).toMatch(/4 people will get a digest\. Not sent, of the \d+ who asked for one: \d+ met nobody\./);
    expect(recipients).toEqual(['staff@harbour.example']);
    await page.getByRole('button', { name: 'Send 4 digests' }).click();
    await page.getByText(/4 sent,\s+0 sent before, \d+ skipped \(met nobody\), 0 without an email, 0 failed/).waitFor({ timeout: 20_000 });
    expect(recipients).toHaveLength(5);
    expect(await page.locator('progress').evaluate((p) => (p as HTMLProgressElement).value === (p as HTMLProgressElement).max)).toBe(true);
  });
});
