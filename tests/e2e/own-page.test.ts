import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { eventClock } from '../../server/domain/event-time.ts';
import { demoServerAndBrowser, signIn, staffFetch } from './browser.ts';

const ctx = demoServerAndBrowser();
const SHOTS = 'test-output/own-page';
const staff = async (method: string, path: string, body?: unknown) =>
  (await staffFetch(ctx.server, path, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>;

describe('the attendee’s own page, on a phone, in Chromium', () => {
  it('registers, opens the page, meets two people at a kiosk and sees them live with notes, whom to meet next, the take-along page, and erases', async () => {
    await mkdir(SHOTS, { recursive: true });
    const phone = await ctx.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(`${ctx.server.localUrl}/register`);
    await phone.getByLabel('Name', { exact: true }).fill('Noa Levi');
    await phone.getByLabel('Email', { exact: true }).fill('noa@example.org');
    await phone.getByLabel(/Your offering/).fill('Bookkeeping for design studios');
    await phone.getByLabel('Need 1', { exact: true }).fill('Hiring two backend developers');
    await phone.getByRole('button', { name: 'Register' }).click();
    const link = (await phone.locator('bx-register-app p.link').textContent())!;

    // Two recruiters agreed to be suggested, one did not.
    const recruiter = (fields: Record<string, unknown>) => staff('POST', '/api/attendees', { offering: 'Tech recruiter placing backend engineers in startups', needs: ['Office space'], ...fields });
    await recruiter({ name: 'Rui Costa', email: 'rui@example.org', suggest: true });
    await recruiter({ name: 'Shy Person', email: 'shy@example.org', suggest: false });

    // The event is in Kathmandu (UTC+5:45): no browser's own zone shows the same minutes.
    await staff('PATCH', '/api/event', { timeZone: 'Asia/Kathmandu' });

    await phone.getByRole('link', { name: 'Open my page' }).click();
    await phone.getByText('Nobody yet.').waitFor();
    // Asks every 15 s while open; a test has no quarter minutes to spare.
    await phone.locator('bx-me-app').evaluate((el) => ((el as unknown as { refreshMs: number }).refreshMs = 300));

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
    await phone.screenshot({ path: `${SHOTS}/people-met-390x844.png`, fullPage: true });

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
    await along.screenshot({ path: `${SHOTS}/take-along-390x844.png`, fullPage: true });

    // Erase myself.
    await phone.getByRole('button', { name: 'My profile' }).click();
    phone.once('dialog', (d) => void d.accept());
    await phone.getByRole('button', { name: 'Delete everything about me' }).click();
    await phone.getByText('Everything about you is deleted from this event.').waitFor();
    expect((await staff('GET', '/api/attendees?q=noa@example.org')).total).toBe(0);
    await phone.goto(link);
    await phone.getByText('This personal link is not valid.').waitFor();
    await along.reload();
    await along.getByText(/not valid any more/).waitFor();
    for (const p of [phone, kiosk, along]) await p.close();
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
