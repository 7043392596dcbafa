import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventClock } from '../../server/domain/event-time.ts';
import { loadConfig } from '../../server/env.ts';
import { startServer, type RunningServer } from '../../server/serve.ts';
import { tempDataDir } from '../helpers.ts';
import { smtpServer } from '../smtp-server.ts';
import { launchChromium, signIn, staffFetch, startDemoServer } from './browser.ts';

// The demo event, mailing through a real SMTP server on loopback: the link mail is part of the journey.
const ctx = {} as { server: RunningServer; browser: Browser; smtp: Awaited<ReturnType<typeof smtpServer>> };
let stop: () => Promise<void> = async () => {};
beforeAll(async () => {
  ctx.smtp = await smtpServer();
  const { dir, cleanup } = await tempDataDir();
  ctx.server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dir, demo: '1' }, { SMTP_URL: ctx.smtp.url, MAIL_FROM: '"Harbour Meetup" <hello@harbour.example>' }));
  ctx.browser = await launchChromium();
  stop = async () => {
    await ctx.browser.close();
    await ctx.server.close();
    await ctx.smtp.close();
    await cleanup();
  };
});
afterAll(() => stop());

const SHOTS = 'test-output/own-page';
const staff = async (method: string, path: string, body?: unknown) =>
  (await staffFetch(ctx.server, path, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>;
const mailTo = (address: string) => ctx.smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address);

/** What zbar, an independent decoder, reads from a screenshot. */
function decodeQr(pngFile: string): string {
  return execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', pngFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

describe('the attendee’s own page, on a phone, in Chromium', () => {
  it('registers, gets the link by mail, opens the page, meets two people at a kiosk and sees them live with notes, saves the contacts, whom to meet next, the take-along page, offline, and erases', async () => {
    await mkdir(SHOTS, { recursive: true });
    const phone = await ctx.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true });
    const registerAs = async (page: typeof phone, name: string) => {
      await page.goto(`${ctx.server.localUrl}/register`);
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Email', { exact: true }).fill('noa@example.org');
      await page.getByLabel(/Your offering/).fill('Bookkeeping for design studios');
      await page.getByLabel('Need 1', { exact: true }).fill('Hiring two backend developers');
      // Being suggested to others is a consent: off until ticked.
      expect(await page.locator('bx-register-app input[name="suggest"]').isChecked()).toBe(false);
      await page.getByRole('button', { name: 'Register' }).click();
    };
    await registerAs(phone, 'Noa Levi');
    const link = (await phone.locator('bx-register-app p.link').textContent())!.trim();
    expect(link).toMatch(/\/me\/[\w-]{22}$/);

    // The success page: the link as a button and as a QR a phone camera reads.
    expect(await phone.getByRole('link', { name: 'Open my page' }).getAttribute('href')).toBe(link);
    const qrShot = `${SHOTS}/register-link-qr.png`;
    await phone.getByRole('img', { name: /QR code of your page's link/ }).screenshot({ path: qrShot });
    expect(decodeQr(qrShot)).toBe(link);
    await phone.screenshot({ path: `${SHOTS}/registered-390x844.png`, fullPage: true });

    // The mail, at a real SMTP server: the same link, and the badge as a PDF and its QR as a picture.
    await expect.poll(() => mailTo('noa@example.org').length, { timeout: 10_000 }).toBe(1);
    const mail = mailTo('noa@example.org')[0]!;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['image/png', 'application/pdf']);

    // Someone registering that email again is told to look in that mailbox; the link is not on their screen.
    const other = await ctx.browser.newPage({ viewport: { width: 390, height: 844 } });
    await registerAs(other, 'Not Noa');
    await other.getByRole('heading', { name: 'Check your mail' }).waitFor();
    expect(await other.content()).not.toContain(link.split('/me/')[1]!);
    await expect.poll(() => mailTo('noa@example.org').length, { timeout: 10_000 }).toBe(2);
    expect(mailTo('noa@example.org')[1]!.text).toContain(link);
    await other.close();

    // Two recruiters agreed to be suggested, one did not.
    const recruiter = (fields: Record<string, unknown>) => staff('POST', '/api/attendees', { offering: 'Tech recruiter placing backend engineers in startups', needs: ['Office space'], ...fields });
    await recruiter({ name: 'Rui Costa', email: 'rui@example.org', suggest: true });
    await recruiter({ name: 'Shy Person', email: 'shy@example.org', suggest: false });

    // The event is in Kathmandu (UTC+5:45): no browser's own zone shows the same minutes.
    await staff('PATCH', '/api/event', { timeZone: 'Asia/Kathmandu' });

    await phone.getByRole('link', { name: 'Open my page' }).click();
    await phone.getByText('Nobody yet.').waitFor();
    // Asks every 15 s while open; a test has no quarter minutes to spare. Once a second keeps its
    // two reads a refresh within the own page's 120 a minute for the whole test.
    await phone.locator('bx-me-app').evaluate((el) => ((el as unknown as { refreshMs: number }).refreshMs = 1000));

    // At a kiosk: Noa meets Aisha (demo), then Sam (demo).
    const { pairingUrl } = await staff('POST', '/api/kiosks', { name: 'Hall A' });
    const kiosk = await ctx.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await kiosk.goto(`${ctx.server.localUrl}/kiosk${new URL(pairingUrl).search}`);
    await kiosk.getByText('Tap your badges').waitFor();
    const { attendees } = await staff('GET', '/api/attendees?limit=200');
    const badge = (first: string) => attendees.find((a: { name: string }) => a.name.startsWith(first)).badgeUrl as string;
    const scan = async (url: string) => {
      await kiosk.keyboard.type(url);
      await kiosk.keyboard.press('Enter');
    };
    await scan(badge('Noa'));
    await kiosk.getByText('Hi Noa — now the other badge').waitFor();
    await scan(badge('Aisha'));
    await kiosk.getByText('Noa, with Aisha:').waitFor();
    // The take-along QR beside Done.
    const qr = kiosk.getByRole('img', { name: 'QR code: this meeting on your phone' });
    await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const token = (await qr.getAttribute('src'))!.split('/api/meetings/')[1]!.replace('/qr.svg', '');
    await kiosk.screenshot({ path: `${SHOTS}/kiosk-meeting-with-qr.png` });
    await qr.screenshot({ path: `${SHOTS}/kiosk-take-along-qr.png` });
    expect(decodeQr(`${SHOTS}/kiosk-take-along-qr.png`)).toBe(`${ctx.server.publicUrl}/m/${token}`);
    const shownAtKiosk = await kiosk.locator('bx-talking-points li').allInnerTexts();
    await kiosk.getByRole('button', { name: 'Done' }).click();
    await scan(badge('Sam'));
    await scan(badge('Noa'));
    await kiosk.getByText('Noa, with Sam:').waitFor();

    // Both appear on the phone by themselves, with what to raise.
    await phone.getByRole('button', { name: 'People I met (2)' }).waitFor();
    const aisha = phone.locator('li.person', { hasText: 'Aisha Mbeki' });
    await aisha.locator('bx-talking-points li').first().waitFor();
    expect(await aisha.innerText()).toMatch(/aisha@talentbridge\.example/);
    // "Met at" in the event's time zone, as the server recorded it.
    const key = link.trim().split('/me/')[1]!;
    const { meetings } = await (await fetch(`${ctx.server.localUrl}/api/profile/${key}/meetings`)).json() as { meetings: { person: { name: string }; firstAt: string }[] };
    const met = meetings.find((m) => m.person.name === 'Aisha Mbeki')!;
    expect(await aisha.innerText()).toContain(`Met at ${eventClock(met.firstAt, 'Asia/Kathmandu')}`);
    await aisha.getByLabel('My note (only I see it)').fill('Ask about the Berlin office');
    await aisha.getByLabel('My note (only I see it)').blur();
    await phone.getByText('Note on Aisha Mbeki saved.').waitFor();
    // From the top: the tabs stick to the top of the screen, and a full-page shot taken scrolled draws them mid-page.
    await phone.evaluate(() => window.scrollTo(0, 0));
    await phone.screenshot({ path: `${SHOTS}/people-met-390x844.png`, fullPage: true });

    // The contacts now, not only after the event: who shared an email, with my note.
    const [download] = await Promise.all([phone.waitForEvent('download'), phone.getByRole('link', { name: 'Save contacts (vCard)' }).click()]);
    const vcf = await readFile((await download.path())!, 'utf8');
    expect(vcf).toContain('FN:Aisha Mbeki');
    expect(vcf).toContain('EMAIL;TYPE=work:aisha@talentbridge.example');
    expect(vcf).toContain('NOTE:Ask about the Berlin office');

    await phone.getByRole('button', { name: 'Who to meet' }).click();
    const suggested = phone.locator('li.suggestion');
    await suggested.first().waitFor();
    const names = await suggested.locator('.name').allInnerTexts();
    expect(names).toContain('Rui Costa');
    expect(names).not.toContain('Shy Person');
    expect(names.some((n) => n.startsWith('Aisha'))).toBe(false);
    expect(await suggested.first().innerText()).toContain('May help with your need “Hiring two backend developers”');
    await phone.screenshot({ path: `${SHOTS}/who-to-meet-390x844.png`, fullPage: true });

    // The meeting taken along, without the personal link.
    const along = await ctx.browser.newPage({ viewport: { width: 390, height: 844 } });
    await along.goto(`${ctx.server.localUrl}/m/${token}`);
    await along.getByRole('heading', { name: 'Noa Levi and Aisha Mbeki' }).waitFor();
    await along.getByText('Aisha, with Noa:').waitFor();
    // Nothing the kiosk's screen did not show, though Noa has met Sam since.
    expect(await along.locator('bx-talking-points li').allInnerTexts()).toEqual(shownAtKiosk);
    await along.screenshot({ path: `${SHOTS}/take-along-390x844.png`, fullPage: true });

    // The network goes: the page keeps what it last showed and says since when.
    await phone.getByRole('button', { name: 'People I met (2)' }).click();
    await phone.context().setOffline(true);
    await phone.getByText(/^Offline: showing what was loaded at/).waitFor();
    expect(await phone.locator('li.person', { hasText: 'Sam' }).locator('bx-talking-points li').count()).toBeGreaterThan(0);
    expect(await aisha.getByLabel('My note (only I see it)').inputValue()).toBe('Ask about the Berlin office');
    await phone.screenshot({ path: `${SHOTS}/offline-390x844.png`, fullPage: true });
    await phone.context().setOffline(false);
    await phone.getByText(/^Offline: showing/).waitFor({ state: 'detached' });

    // Erase myself.
    await phone.getByRole('button', { name: 'My profile' }).click();
    // Consents are mine to change.
    await phone.locator('bx-me-app input[name="suggest"]').check();
    await phone.getByRole('button', { name: 'Save my profile' }).click();
    await phone.getByText('Your profile is saved.').waitFor();
    expect((await (await fetch(`${ctx.server.localUrl}/api/profile/${key}`)).json() as { suggest: boolean }).suggest).toBe(true);
    phone.once('dialog', (d) => void d.accept());
    await phone.getByRole('button', { name: 'Delete everything about me' }).click();
    await phone.getByText('Everything about you is deleted from this event.').waitFor();
    // Nor does the page's offline copy stay on the phone.
    await expect.poll(() => phone.evaluate(() => caches.has('bx-me-offline'))).toBe(false);
    expect((await staff('GET', '/api/attendees?q=noa@example.org')).total).toBe(0);
    await phone.goto(link);
    await phone.getByText('This personal link is not valid.').waitFor();
    await along.reload();
    await along.getByText(/not valid any more/).waitFor();
    for (const p of [phone, kiosk, along]) await p.close();
  }, 90_000);

  it('opens again without the network once it was opened, where the browser runs a service worker (HTTPS the phone trusts, or this machine)', async () => {
    // A server of its own, to take away: the laptop gone, not a switch in the browser.
    const own = await startDemoServer();
    let running = true;
    try {
      const res = await fetch(`${own.server.localUrl}/api/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ola Nordmann', email: 'ola@example.org', offering: 'Bookkeeping for design studios', needs: ['Hiring two backend developers'] }),
      });
      const { profileUrl } = (await res.json()) as { profileUrl: string };
      const phone = await ctx.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
      await phone.goto(profileUrl);
      await phone.getByText('Nobody yet.').waitFor();
      // The worker looks after the page and the page is in its cache: only then can the server go.
      const kept = () => phone.evaluate(async () => navigator.serviceWorker.controller !== null && (await (await caches.open('bx-me-offline')).match(location.pathname)) !== undefined);
      await expect.poll(kept, { timeout: 10_000 }).toBe(true);
      await own.stop();
      running = false;
      await phone.reload();
      await phone.getByRole('heading', { name: 'Ola Nordmann' }).waitFor();
      await phone.getByText(/^Offline: showing what was loaded at/).waitFor();
      await phone.screenshot({ path: `${SHOTS}/reopened-offline-390x844.png` });
      await phone.close();
    } finally {
      if (running) await own.stop();
    }
  });

  it('staff see anyone’s personal link in the editor, mail it again, and replace it', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, ctx.server);
    await page.getByRole('button', { name: 'Edit Aisha Mbeki' }).click();
    const before = await page.locator('bx-attendees-panel p.link').innerText();
    expect(before).toMatch(/\/me\/[\w-]{22}$/);
    await page.getByRole('button', { name: 'Mail the link to aisha@talentbridge.example' }).click();
    await page.getByText("Sent Aisha Mbeki's personal link to aisha@talentbridge.example.").waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Replace the link' }).click();
    await page.getByText('Aisha Mbeki has a new personal link').waitFor();
    const after = await page.locator('bx-attendees-panel p.link').innerText();
    expect(after).not.toBe(before);
    expect((await fetch(`${ctx.server.localUrl}/api/profile/${before.split('/me/')[1]}`)).status).toBe(404);
    await page.close();
  });
});
