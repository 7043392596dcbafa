import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startServer, type RunningServer } from '../../server/serve.ts';
import { eventClock } from '../../server/domain/event-time.ts';
import { tempDataDir } from '../helpers.ts';
import { launchChromium, signIn, staffFetch } from './browser.ts';

let browser: Browser;
let server: RunningServer;
let cleanup: () => Promise<void>;

// A fresh event, as after `npm start -- --demo 0`: the placeholder organizer, no date, no zone.
beforeAll(async () => {
  ({ cleanup } = await tempDataDir().then(async ({ dir, cleanup }) => {
    server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dir, demo: '0' }, {}));
    return { cleanup };
  }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await cleanup?.();
});

describe('event settings in the console', () => {
  it('says a fresh event cannot mail yet and what to set, keeps name, dates, zone, venue and organizer, and the console follows them without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 820, height: 1180 } });
    try {
      const kiosk = (await (await staffFetch(server, '/api/kiosks', { method: 'POST', body: JSON.stringify({ name: 'Entrance' }) })).json()) as { expiresAt: string };
      await signIn(page, server);
      // Digests: asked to send, the tab says why it cannot and offers no send button.
      await page.getByRole('button', { name: 'Digests', exact: true }).click();
      await page.getByRole('button', { name: 'Send digests…' }).click();
      await page.getByRole('group', { name: 'Confirm sending' }).getByRole('alert').filter({ hasText: 'placeholder organizer@example.org' }).waitFor();
      expect(await page.getByRole('button', { name: /^Send \d+ digests?$/ }).count()).toBe(0);

      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const warning = page.getByText(/Digests would go out from the placeholder organizer@example\.org.*Set the organizer's name and email in Settings/);
      await warning.waitFor();
      await page.getByLabel('Event name', { exact: true }).fill('São Paulo Makers Night');
      await page.getByLabel('Date', { exact: true }).fill('2026-12-03');
      await page.getByLabel('Last day (several days only)').fill('2026-12-04');
      await page.getByLabel(/^Time zone/).fill('America/Sao_Paulo');
      await page.getByLabel('Venue', { exact: true }).fill('Galpão 16, Vila Madalena');
      await page.getByLabel('Organizer name', { exact: true }).fill('Inês Duarte');
      await page.getByLabel(/^Organizer email/).fill('ines@makersnight.example');
      await page.getByRole('button', { name: 'Save event settings' }).click();
      await page.getByText('Event settings saved.').waitFor();
      await expect.poll(() => warning.count()).toBe(0);

      const settings = await (await staffFetch(server, '/api/event/settings')).json();
      expect(settings).toMatchObject({
        name: 'São Paulo Makers Night', date: '2026-12-03', endDate: '2026-12-04', timeZone: 'America/Sao_Paulo', venue: 'Galpão 16, Vila Madalena',
        organizerName: 'Inês Duarte', organizerEmail: 'ines@makersnight.example', senderProblem: null,
      });
      // The console follows without a reload: its header, and times in the new zone (UTC−3).
      await page.getByRole('heading', { name: 'São Paulo Makers Night · Staff' }).waitFor();
      await page.getByRole('button', { name: 'Kiosks', exact: true }).click();
      await page.locator('li[data-kiosk="Entrance"]').getByText(`valid until ${eventClock(kiosk.expiresAt, 'America/Sao_Paulo')}`).waitFor();
      expect(eventClock(kiosk.expiresAt, 'America/Sao_Paulo')).not.toBe(eventClock(kiosk.expiresAt, 'UTC'));
      await page.getByRole('button', { name: 'Settings', exact: true }).click();

      // A zone the runtime does not know is named, and nothing is lost.
      await page.getByLabel(/^Time zone/).fill('America/Sao_Paolo');
      await page.getByRole('button', { name: 'Save event settings' }).click();
      await page.getByText(/Time zone: give a name like Europe\/Berlin/).first().waitFor();
      expect(await page.getByLabel(/^Time zone/).inputValue()).toBe('America/Sao_Paolo');
      expect((await (await staffFetch(server, '/api/event/settings')).json()).timeZone).toBe('America/Sao_Paulo');
    } finally {
      await page.close();
    }
  });
});
