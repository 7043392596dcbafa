import { describe, expect, it } from 'vitest';
import { demoServerAndBrowser, signIn, staffFetch } from './browser.ts';

const ctx = demoServerAndBrowser();

describe('kiosks from the staff console', () => {
  it('adds a kiosk, pairs a tablet with its code, sees its meetings live, switches its camera off, sets its language, and unpairs it', async () => {
    const { server, browser } = ctx;
    const console_ = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(console_, server);
    await console_.getByRole('button', { name: 'Kiosks' }).click();
    await console_.getByLabel('New kiosk').fill('Hall B, stage');
    await console_.getByRole('button', { name: 'Add kiosk' }).click();
    const row = console_.locator('li[data-kiosk="Hall B, stage"]');
    const code = (await row.locator('.code').innerText()).trim();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(await row.getByRole('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    const tablet = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await tablet.goto(`${server.localUrl}/kiosk`);
    await tablet.getByLabel('Pairing code from the staff console').fill(code.toLowerCase());
    await tablet.getByRole('button', { name: 'Pair' }).click();
    await tablet.getByText('Tap your badges').waitFor();

    const res = await staffFetch(server, '/api/attendees?limit=2');
    const [a, b] = ((await res.json()) as { attendees: { name: string; badgeUrl: string }[] }).attendees;
    for (const person of [a!, b!]) {
      await tablet.keyboard.type(person.badgeUrl);
      await tablet.keyboard.press('Enter');
    }
    await tablet.getByRole('button', { name: 'Done' }).waitFor();
    await console_.getByText(`${a!.name} & ${b!.name}`, { exact: false }).waitFor();

    await row.getByText('· Paired').waitFor();
    // A scanner-only kiosk: staff switch its camera off, and the tablet follows (it asks every 5 s).
    await row.getByLabel(/Reads badges with its camera/).uncheck();
    await row.getByText('(off: a USB scanner or NFC only)').waitFor();
    await tablet.getByRole('button', { name: 'Done' }).click();
    await tablet.getByText('Scan one badge with the scanner, then the other.').waitFor({ timeout: 15_000 });

    // Its language: the event's until staff choose one (each named in itself); the tablet follows.
    const language = row.getByLabel('Language on its screens');
    expect(await language.locator('option').allInnerTexts()).toEqual(['Event\'s language (English)', 'English', 'Deutsch', 'Français', 'Español', 'العربية']);
    await language.selectOption('de');
    await expect.poll(async () => ((await (await staffFetch(server, '/api/kiosks')).json()) as { kiosks: { name: string; ownLanguage: string | null }[] }).kiosks.find((k) => k.name === 'Hall B, stage')?.ownLanguage).toBe('de');
    await tablet.evaluate(() => window.dispatchEvent(new Event('online')));
    await tablet.getByText('Erst ein Badge scannen, dann das andere.').waitFor();
    await language.selectOption('');
    await expect.poll(async () => ((await (await staffFetch(server, '/api/kiosks')).json()) as { kiosks: { name: string; ownLanguage: string | null }[] }).kiosks.find((k) => k.name === 'Hall B, stage')?.ownLanguage).toBeNull();
    await tablet.evaluate(() => window.dispatchEvent(new Event('online')));
    await tablet.getByText('Scan one badge with the scanner, then the other.').waitFor();

    console_.once('dialog', (d) => void d.accept());
    await console_.locator('li[data-kiosk="Hall B, stage"]').getByRole('button', { name: 'Unpair' }).click();
    await console_.locator('li[data-kiosk="Hall B, stage"]').getByText('· Unpaired').waitFor();
    await tablet.keyboard.type(a!.badgeUrl);
    await tablet.keyboard.press('Enter');
    await tablet.getByText('This kiosk was unpaired. Ask staff for a new pairing code.').waitFor();
  });
});
