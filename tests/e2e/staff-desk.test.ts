import { fakePrinter } from '../fake-printer.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoServerAndBrowser, signIn, staffFetch } from './browser.ts';

const ctx = demoServerAndBrowser();

async function person(name: string) {
  const { attendees } = (await (await staffFetch(ctx.server, `/api/attendees?q=${encodeURIComponent(name)}`)).json()) as {
    attendees: { name: string; email: string; printedAt?: string; needs: string[]; offering: string }[];
  };
  return attendees.find((a) => a.name === name);
}

async function typeWalkIn(page: Page, p: { name: string; offering: string; need: string; email?: string }) {
  await page.getByLabel('Name', { exact: true }).pressSequentially(p.name);
  await page.getByLabel(/^Offering, in one line/).fill(p.offering);
  await page.getByLabel('Need 1', { exact: true }).fill(p.need);
  if (p.email) await page.getByLabel('Email (optional)').fill(p.email);
}

describe('the walk-up desk', () => {
  it('registers a walk-in without an email and prints the badge on the desk\'s Zebra printer, then empties the form', async () => {
    const printer = await fakePrinter();
    const page = await ctx.browser.newPage({ viewport: { width: 820, height: 1180 } });
    try {
      await signIn(page, ctx.server);
      await page.getByRole('button', { name: 'Walk-up desk' }).click();
      // A device that never chose a printer shows the choice at once.
      await page.getByLabel(/Zebra label printer/).check();
      await page.getByLabel('Printer address').fill(printer.address);
      await page.getByLabel('Printer address').press('Tab');
      await page.getByLabel('Badge stock').selectOption('thermal-4x3');

      const started = Date.now();
      await typeWalkIn(page, { name: 'Wanjiru Kamau', offering: 'Hand-made leather goods for corporate gifts', need: 'A stall at the spring market' });
      // Said plainly before saving: no email, no digest.
      await page.getByText('No email: they get a badge and can meet people, but no digest after the event.').waitFor();
      await page.getByRole('button', { name: 'Save and print badge' }).click();
      await page.getByText(/Wanjiru Kamau is registered \(\d+ s\): badge sent to the printer at 127\.0\.0\.1:\d+\./).waitFor();
      await expect.poll(() => printer.jobs.length).toBe(1);
      const seconds = (Date.now() - started) / 1000;
      console.log(`walk-up desk, Zebra: first key to badge at the printer in ${seconds.toFixed(1)} s`);
      expect(printer.jobs[0]).toContain('^FDWanjiru Kamau^FS');
      expect(printer.jobs[0]).toContain('^XZ');

      const saved = await person('Wanjiru Kamau');
      expect(saved).toMatchObject({ email: '', needs: ['A stall at the spring market'] });
      expect(saved?.printedAt).toMatch(/^\d{4}-/);
      // Empty for the next person, the cursor in Name.
      expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
      expect(await page.getByLabel(/^Offering, in one line/).inputValue()).toBe('');
      expect(await page.getByLabel('Need 1', { exact: true }).inputValue()).toBe('');
      expect(await page.evaluate(() => document.querySelector('bx-staff-app')?.shadowRoot?.querySelector('bx-desk-panel')?.shadowRoot?.activeElement?.id)).toBe('desk-name');

      // The desk's printer is remembered on this device.
      await page.reload();
      await page.getByText(`Prints to: Zebra printer ${printer.address}`).waitFor();

      // Reprint in two taps from the list, on the same desk printer: find by name, Print, confirm.
      await page.getByRole('button', { name: 'Attendees', exact: true }).click();
      await page.getByLabel('Search attendees').fill('wanj');
      await page.getByText('1 attendee match').waitFor();
      page.once('dialog', (d) => {
        expect(d.message()).toMatch(/already printed at \d\d:\d\d\. Print again\?/);
        void d.accept();
      });
      await page.getByRole('button', { name: 'Print badge of Wanjiru Kamau' }).click();
      await page.getByText(`Wanjiru Kamau's badge sent to the printer at ${printer.address}.`).waitFor();
      await expect.poll(() => printer.jobs.length).toBe(2);
      expect(printer.jobs[1]).toContain('^FDWanjiru Kamau^FS');
    } finally {
      await page.close();
      await printer.close();
    }
  });

  it('opens the single badge\'s PDF for printing when the desk prints from the browser, and shows the server\'s message for a bad email', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await signIn(page, ctx.server);
      await page.goto(`${ctx.server.localUrl}/staff#desk`);
      await page.getByRole('heading', { name: 'Walk-up desk' }).waitFor();
      await page.getByLabel(/PDF: the badge opens/).check();
      await page.getByLabel('Badge stock').selectOption('a6-4-a4');

      await typeWalkIn(page, { name: 'Tomás Ruiz', offering: 'Spanish-English interpreting for trade fairs', need: 'Agencies that book interpreters', email: 'tomas-at-example' });
      await page.getByRole('button', { name: 'Save and print badge' }).click();
      await page.getByText(/Email does not look like an address/).waitFor();
      expect(await person('Tomás Ruiz')).toBeUndefined();

      await page.getByLabel('Email (optional)').fill('tomas@ruiz.example');
      await page.getByLabel(/Share their email/).check();
      const badge = page.context().waitForEvent('response', (r) => r.url().includes('/api/badges.pdf'));
      await page.getByRole('button', { name: 'Save and print badge' }).click();
      const res = await badge;
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toBe('application/pdf');
      expect(res.headers()['x-badge-count']).toBe('1');
      // Shown in the browser for its print dialog, not downloaded.
      expect(res.headers()['content-disposition']).toBe('inline; filename="badges-a6-4-a4.pdf"');
      await page.getByText('Tomás Ruiz is registered').waitFor();
      expect(await person('Tomás Ruiz')).toMatchObject({ email: 'tomas@ruiz.example' });
      expect((await person('Tomás Ruiz'))?.printedAt).toMatch(/^\d{4}-/);
      expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    } finally {
      await page.close();
    }
  });
});

describe('the console on a laptop, a tablet and a phone', () => {
  const TABS = ['Attendees', 'Walk-up desk', 'Dashboard', 'Print badges', 'Kiosks', 'Digests', 'Import CSV', 'Topics', 'Claims', 'Settings'];
  const sizes: [number, number][] = [[1280, 800], [820, 1180], [390, 844]];

  it.each(sizes)('at %i×%i every tab is reachable and nothing runs off the side', async (width, height) => {
    const page = await ctx.browser.newPage({ viewport: { width, height } });
    try {
      await signIn(page, ctx.server);
      for (const tab of TABS) {
        const button = page.getByRole('navigation').getByRole('button', { name: tab, exact: true });
        const box = (await button.boundingBox())!;
        expect(box.x + box.width, `${tab} tab inside the screen`).toBeLessThanOrEqual(width);
        await button.click();
        await expect.poll(() => button.getAttribute('aria-current')).toBe('page');
        // Wait for the tab's own content before measuring it.
        await page.waitForLoadState('networkidle');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${tab} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
      }
    } finally {
      await page.close();
    }
  });

  it('keeps the tab in the address: a reload stays on it, Back returns to the one before', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 820, height: 1180 } });
    try {
      await signIn(page, ctx.server);
      await page.getByRole('button', { name: 'Kiosks', exact: true }).click();
      expect(new URL(page.url()).hash).toBe('#kiosks');
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.reload();
      await expect.poll(() => page.getByRole('button', { name: 'Settings', exact: true }).getAttribute('aria-current')).toBe('page');
      await page.goBack();
      await expect.poll(() => page.getByRole('button', { name: 'Kiosks', exact: true }).getAttribute('aria-current')).toBe('page');
      await page.getByRole('heading', { name: 'Kiosks' }).waitFor();
    } finally {
      await page.close();
    }
  });

  it('shows attendees as cards on a phone, each with its Print, Edit and Erase on screen', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await signIn(page, ctx.server);
      const row = page.locator('bx-attendee-list tbody tr').first();
      await row.waitFor();
      for (const name of [/^Print badge of/, /^Edit /, /^Erase /]) {
        const box = (await row.getByRole('button', { name }).boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
        expect(box.height).toBeGreaterThanOrEqual(44);
      }
      // The column headings are gone: each card says what it is.
      expect(await page.locator('bx-attendee-list thead').isVisible()).toBe(false);
    } finally {
      await page.close();
    }
  });
});

const api = async (path: string, body?: unknown, headers?: Record<string, string>) =>
  (await staffFetch(ctx.server, path, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers })).json();

describe('the live dashboard', () => {
  it('shows the figures and updates on its own when a kiosk records a meeting', async () => {
    const kiosk = await api('/api/kiosks', { name: 'Dashboard hall' });
    const { token } = await api('/api/kiosk/pair', { code: kiosk.pairingCode });
    const people = (await api('/api/attendees?q=&limit=5000')).attendees as { name: string; badgeUrl: string }[];
    const [x, y] = [people.find((p) => p.name === 'Aisha Mbeki')!, people.find((p) => p.name === 'Zoë Ångström')!];
    const before = await api('/api/dashboard');

    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await signIn(page, ctx.server);
      await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
      const figure = (label: string) => page.getByRole('group', { name: 'Figures' }).locator('.figure', { hasText: label }).locator('strong');
      await expect.poll(() => figure('registered').textContent()).toBe(String(before.attendees.registered));
      expect(await figure('meetings').textContent()).toBe(String(before.meetings.total));

      // A kiosk records a meeting: the page hears of it and shows it without a reload.
      const res = await staffFetch(ctx.server, '/api/exchanges', { method: 'POST', body: JSON.stringify({ a: x.badgeUrl, b: y.badgeUrl }), headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(201);
      await expect.poll(() => figure('meetings').textContent()).toBe(String(before.meetings.total + 1));
      expect(await figure('met no one yet').textContent()).toBe(String(before.metNobody.count - 2));
      await page.locator('ul.recent li', { hasText: 'Aisha Mbeki & Zoë Ångström' }).waitFor();
      expect(await page.locator('li[data-kiosk="Dashboard hall"]').innerText()).toMatch(/Dashboard hall\s*· 1 meeting\s*online, last seen \d\d:\d\d/);
      expect(await page.getByRole('img', { name: /^Meetings per hour: \d\d:00, \d+/ }).count()).toBe(1);
      // Aisha and Zoë have met someone now: no longer among those to introduce.
      expect(await page.locator('ul.lonely').innerText()).not.toContain('Aisha Mbeki');
    } finally {
      await page.close();
    }
  });
});

describe('the Kiosks tab\'s live meetings', () => {
  it('lists the meetings recorded before it was opened, then each new one as it comes', async () => {
    const kiosk = await api('/api/kiosks', { name: 'Foyer' });
    const { token } = await api('/api/kiosk/pair', { code: kiosk.pairingCode });
    const people = (await api('/api/attendees?q=&limit=5000')).attendees as { name: string; badgeUrl: string }[];
    const badge = (name: string) => people.find((p) => p.name === name)!.badgeUrl;
    const meet = async (x: string, y: string) => {
      const res = await staffFetch(ctx.server, '/api/exchanges', { method: 'POST', body: JSON.stringify({ a: badge(x), b: badge(y) }), headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBeLessThan(300);
    };
    // Recorded while nobody had the tab open (the list was empty here, whatever was recorded).
    await meet('Sam Okafor', 'Hannah Becker');
    await meet('Lucas Moreau', 'Emily Carter');

    const page = await ctx.browser.newPage({ viewport: { width: 820, height: 1180 } });
    try {
      await signIn(page, ctx.server);
      await page.getByRole('button', { name: 'Kiosks', exact: true }).click();
      const live = page.locator('ul.live li');
      await live.first().waitFor();
      expect((await live.allInnerTexts()).slice(0, 2)).toEqual([
        expect.stringMatching(/^\d\d:\d\d · Lucas Moreau & Emily Carter · Foyer$/),
        expect.stringMatching(/^\d\d:\d\d · Sam Okafor & Hannah Becker · Foyer$/),
      ]);
      await expect.poll(() => page.getByText('Meetings appear here as kiosks record them.').count()).toBe(0);

      // A new one comes on top without a reload; a repeat says how often.
      await meet('Hannah Becker', 'Sam Okafor');
      await expect.poll(async () => (await live.first().innerText())).toMatch(/^\d\d:\d\d · Hannah Becker & Sam Okafor \(2×\) · Foyer$/);
      expect(await live.count()).toBeLessThanOrEqual(12);
    } finally {
      await page.close();
    }
  });
});
