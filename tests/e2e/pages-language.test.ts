import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../locales/pages/en.json' with { type: 'json' };
import de from '../../locales/pages/de.json' with { type: 'json' };
import { demoServerAndBrowser, staffFetch } from './browser.ts';

const ctx = demoServerAndBrowser();
const SHOTS = 'test-output/i18n-pages';
const staffGet = async (path: string) => (await staffFetch(ctx.server, path)).json() as Promise<any>;

/** Every word a person can see or hear on the page: text and labels, through the components’ shadow roots (not the noscript line, unseen with script on). */
function wordsOn(page: Page): Promise<string> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = texts.nextNode(); n; n = texts.nextNode()) if (!['STYLE', 'NOSCRIPT'].includes(n.parentElement?.tagName ?? '')) found.push(n.nodeValue ?? '');
      for (const el of root.querySelectorAll('*')) {
        for (const name of ['aria-label', 'placeholder', 'title']) found.push(el.getAttribute(name) ?? '');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found.join('\n');
  });
}

/** English sentences (three words or more, no arguments) that German says otherwise: none may show on a German page. */
const ENGLISH_SENTENCES = Object.entries(en as Record<string, string>)
  .filter(([key, text]) => !text.includes('{') && text.split(' ').length >= 3 && (de as Record<string, string>)[key] !== text)
  .map(([, text]) => text);

async function expectAllGerman(page: Page) {
  const words = await wordsOn(page);
  expect(words).not.toMatch(/\bpages\.[a-z]+\./);
  expect(ENGLISH_SENTENCES.filter((s) => words.includes(s))).toEqual([]);
}

/** Nothing wider than the window: no sideways scrolling, no element running off the edge. */
async function expectNoOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

describe('the attendee pages in the attendee’s language, in Chromium', () => {
  // One whole journey (register, the own page, two switches, reloads, screenshots at two sizes):
  // about 8 s on a quiet machine, so it gets room beyond the default for a busy one.
  it('registers in German from a German browser, opens /me in German anywhere, switches to French and Arabic', { timeout: 90_000 }, async () => {
    await mkdir(SHOTS, { recursive: true });
    const german = await ctx.browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await german.newPage();
    await page.goto(`${ctx.server.localUrl}/register`);
    await page.getByRole('button', { name: 'Anmelden' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['de', expect.stringMatching(/^Anmelden · /)]);
    await expectAllGerman(page);

    // The common slips are caught before sending, in German, beside the field.
    let sent = 0;
    page.on('request', (r) => void (r.url().endsWith('/api/register') && sent++));
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Bitte gib deinen Namen an.').waitFor();
    await page.getByLabel('E-Mail', { exact: true }).fill('jonas@');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Das sieht nicht nach einer E-Mail-Adresse aus (name@example.com).').waitFor();
    await page.getByText('Nenne mindestens ein Anliegen: Was suchst du?').waitFor();
    expect(sent).toBe(0);

    await page.getByLabel('Name', { exact: true }).fill('Jonas Becker');
    await page.getByLabel('E-Mail', { exact: true }).fill('jonas.becker@example.org');
    await page.getByLabel(/Dein Angebot/).fill('Steuerberatung für Gründerinnen und Gründer');
    await page.getByLabel('Anliegen 1', { exact: true }).fill('Zwei Backend-Entwickler einstellen');
    await expectNoOverflow(page);
    await page.screenshot({ path: `${SHOTS}/e2e-register-de-390x844.png`, fullPage: true });
    await page.setViewportSize({ width: 768, height: 1024 });
    await expectNoOverflow(page);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Danke, Jonas Becker!').waitFor();
    await expectAllGerman(page);
    const link = (await page.locator('bx-register-app p.link').textContent())!;
    const { attendees } = await staffGet('/api/attendees?q=jonas.becker');
    expect(attendees[0]).toMatchObject({ name: 'Jonas Becker', language: 'de' });
    await german.close();

    // The own page opens in the person's language, whatever the phone's.
    const english = await ctx.browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await english.newPage();
    await phone.goto(link);
    await phone.getByRole('button', { name: 'Getroffen (0)' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe('de');
    await expectAllGerman(phone);
    await phone.getByRole('button', { name: 'Mein Profil' }).click();
    await phone.getByLabel('Sprache deiner E-Mails').waitFor();
    await expectAllGerman(phone);
    await expectNoOverflow(phone);
    await phone.screenshot({ path: `${SHOTS}/e2e-me-profile-de-390x844.png`, fullPage: true });
    await phone.setViewportSize({ width: 768, height: 1024 });
    await expectNoOverflow(phone);

    // French at the top: the page follows at once and offers to send the mails in French too.
    await phone.getByRole('button', { name: 'Français' }).click();
    await phone.getByRole('button', { name: 'Mon profil', exact: true }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe('fr');
    await phone.getByRole('button', { name: 'Oui, en Français' }).click();
    await phone.getByText('Vos e-mails arriveront en Français.').waitFor();
    expect((await staffGet(`/api/attendees/${attendees[0].id}`)).language).toBe('fr');
    await phone.reload();
    await phone.getByRole('button', { name: 'Rencontres (0)' }).waitFor();

    // Arabic: right to left, the layout mirrored (the first tab on the right).
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.getByRole('button', { name: 'العربية' }).click();
    await phone.getByRole('button', { name: 'ملفي', exact: true }).waitFor();
    expect(await phone.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await phone.screenshot({ path: `${SHOTS}/e2e-me-ar-390x844.png`, fullPage: true });
    const firstTab = (await phone.getByRole('button', { name: /^من التقيتهم/ }).boundingBox())!;
    const secondTab = (await phone.getByRole('button', { name: 'من تلتقي؟', exact: true }).boundingBox())!;
    expect(firstTab.x).toBeGreaterThan(secondTab.x);
    await expectNoOverflow(phone);
    // The choice made here is remembered on this phone, over the one saved in the profile.
    await phone.reload();
    await phone.getByRole('button', { name: 'ملفي', exact: true }).waitFor();
    await english.close();
  });
});
