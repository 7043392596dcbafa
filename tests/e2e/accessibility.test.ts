import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoServerAndBrowser, signIn, staffFetch } from './browser.ts';
import { scan } from './kiosk-screen.ts';

// Issue 11: every page passes axe-core's WCAG 2.1 A/AA and best-practice rules with no serious or
// critical violation; what attendees touch has targets at least 48 px tall on a tablet.
const ctx = demoServerAndBrowser();
const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TABLET = { width: 768, height: 1024 };
const MIN_TARGET_PX = 48;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe in the page (it pierces open shadow roots) and returns its serious and critical violations, one readable line per node. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the pages' CSP (script-src 'self') refuses an inline script tag.
  await page.evaluate(await AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} at ${JSON.stringify(n.target)}: ${v.help}. ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`));
}

/** Buttons, links, fields and selects shorter than the minimum (a checkbox or radio counts by the label wrapped around it). */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const found: Element[] = [];
    const walk = (root: Document | ShadowRoot) => {
      root.querySelectorAll('*').forEach((el) => {
        if (el.matches('button, a[href], input, select, textarea')) found.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      });
    };
    walk(document);
    return found.flatMap((el) => {
      const target = el.matches('input[type=checkbox], input[type=radio]') ? (el.closest('label') ?? el) : el;
      const box = target.getBoundingClientRect();
      // Not shown, or visually hidden for screen readers only.
      if (box.width <= 1 || box.height <= 1) return [];
      if (box.height >= min) return [];
      const name = el.getAttribute('aria-label') ?? el.getAttribute('name') ?? el.id ?? '';
      return [`${el.tagName.toLowerCase()} "${(name || el.textContent || '').trim().slice(0, 40)}" is ${Math.round(box.height)} px tall`];
    });
  }, MIN_TARGET_PX);
}

/** Fails with every finding spelled out, one a line (vitest would shorten a long array). */
function expectNone(findings: string[], where: string): void {
  expect(findings, `${where}:\n${findings.join('\n')}`).toEqual([]);
}

const staffGet = async (path: string) => (await staffFetch(ctx.server, path)).json() as Promise<any>;

/** A fresh tablet-sized page (its own context, so a kiosk pairing never leaks into another check). */
const tablet = () => ctx.browser.newPage({ viewport: TABLET });

describe('accessibility of every page, checked by axe-core in Chromium', () => {
  let someone: { profileUrl: string; badgeUrl: string };
  beforeAll(async () => {
    someone = (await staffGet('/api/attendees?limit=1')).attendees[0];
  });

  it('the landing page', async () => {
    const page = await tablet();
    await page.goto(`${ctx.server.localUrl}/`);
    expectNone(await seriousViolations(page), 'seriousViolations');
    await page.close();
  });

  it('/register: empty, then showing what the server refused', async () => {
    const page = await tablet();
    await page.goto(`${ctx.server.localUrl}/register`);
    await page.getByRole('button', { name: 'Register' }).waitFor();
    expectNone(await seriousViolations(page), 'seriousViolations');
    expectNone(await smallTargets(page), 'smallTargets');

    // Topic chips proposed for what was typed, and the list to add one.
    await page.getByLabel(/Your offering/).fill('Fractional CFO for seed-stage startups');
    await page.getByRole('group', { name: 'Topics of your offering' }).getByRole('button', { name: '+ finance and accounting' }).click();
    await page.getByRole('button', { name: '✓ finance and accounting' }).waitFor();
    expectNone(await seriousViolations(page), 'seriousViolations with topics');
    expectNone(await smallTargets(page), 'smallTargets with topics');

    await page.getByRole('button', { name: 'Register' }).click();
    await page.locator('bx-profile-form .error').first().waitFor();
    // The first refused field takes the focus, so a screen reader reads its label and error.
    await expect.poll(() => page.getByLabel('Name', { exact: true }).evaluate((el) => el.matches(':focus'))).toBe(true);
    expectNone(await seriousViolations(page), 'seriousViolations');
    await page.close();
  });

  it('/me/<key>: the personal link', async () => {
    const page = await tablet();
    await page.goto(`${ctx.server.localUrl}/me/${someone.profileUrl.split('/me/')[1]}`);
    for (const tab of ['People I met', 'Who to meet', 'My profile']) {
      await page.getByRole('button', { name: new RegExp(`^${tab}`) }).click();
      if (tab === 'My profile') await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).not.toBe('');
      else await page.locator('bx-me-app p').nth(1).waitFor();
      expectNone(await seriousViolations(page), `${tab}: seriousViolations`);
      expectNone(await smallTargets(page), `${tab}: smallTargets`);
    }
    await page.close();
  });

  it('the public card a badge opens', async () => {
    const page = await tablet();
    await page.goto(`${ctx.server.localUrl}${new URL(someone.badgeUrl).pathname}`);
    expectNone(await seriousViolations(page), 'seriousViolations');
    await page.close();
  });

  // The longest check (a few seconds, ten on a busy machine): it signs in once and audits seven screens.
  it('the staff sign-in and every console tab', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${ctx.server.localUrl}/staff`);
    await page.getByLabel('Admin token').waitFor();
    expectNone(await seriousViolations(page), 'sign-in');

    const kiosk = await (await staffFetch(ctx.server, '/api/kiosks', { method: 'POST', body: JSON.stringify({ name: 'Hall B' }) })).json() as { pairingCode: string };
    // One meeting with a claim, so the Claims tab has a row to check.
    const { token } = await (await fetch(`${ctx.server.localUrl}/api/kiosk/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: kiosk.pairingCode }) })).json() as { token: string };
    const { attendees } = await staffGet('/api/attendees?limit=100');
    const badge = (first: string) => attendees.find((a: { name: string }) => a.name.startsWith(first)).badgeUrl;
    await fetch(`${ctx.server.localUrl}/api/exchanges`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ a: badge('Aisha'), b: badge('Dana') }) });
    await signIn(page, ctx.server);
    const tabs: [string, () => Promise<void>][] = [
      ['Attendees', () => page.getByText(/\d+ attendees/).waitFor()],
      ['Walk-up desk', () => page.getByRole('button', { name: 'Save and print badge' }).waitFor()],
      ['Dashboard', () => page.locator('ul.recent li').first().waitFor()],
      ['Print badges', () => page.locator('bx-print-panel .count', { hasText: /\d+ badges?,/ }).waitFor()],
      ['Kiosks', () => page.locator('li.kiosk').first().waitFor()],
      ['Digests', () => page.getByRole('heading', { name: /Send to everyone who asked for one \([1-9]/ }).waitFor()],
      ['Import CSV', () => page.getByLabel('CSV file').waitFor()],
      ['Topics', () => page.locator('li.topic').first().waitFor()],
      ['Claims', () => page.getByText('Aisha Mbeki → Dana Whitfield').waitFor()],
      ['Settings', () => page.getByLabel('Event name', { exact: true }).waitFor()],
    ];
    for (const [tab, ready] of tabs) {
      await page.getByRole('button', { name: tab, exact: true }).click();
      await ready();
      expectNone(await seriousViolations(page), tab);
    }

    await page.getByRole('button', { name: 'Attendees', exact: true }).click();
    await page.getByRole('button', { name: /^Edit / }).first().click();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    expectNone(await seriousViolations(page), 'attendee editor');
    await page.close();
  });

  it('the kiosk, not paired yet', async () => {
    const page = await tablet();
    await page.goto(`${ctx.server.localUrl}/kiosk`);
    await page.getByLabel('Pairing code from the staff console').waitFor();
    expectNone(await seriousViolations(page), 'seriousViolations');
    expectNone(await smallTargets(page), 'smallTargets');
    await page.close();
  });

  it('the kiosk, paired and waiting for badges', async () => {
    const { pairingUrl } = await (await staffFetch(ctx.server, '/api/kiosks', { method: 'POST', body: JSON.stringify({ name: 'Hall A, left' }) })).json() as { pairingUrl: string };
    const page = await tablet();
    await page.goto(`${ctx.server.localUrl}/kiosk${new URL(pairingUrl).search}`);
    await page.getByText('Tap your badges').waitFor();
    expectNone(await seriousViolations(page), 'seriousViolations');
    expectNone(await smallTargets(page), 'smallTargets');
    await page.close();
  });

  it('the kiosk showing a meeting (Done from the keyboard), a refused badge and a meeting kept offline', async () => {
    const { pairingUrl } = await (await staffFetch(ctx.server, '/api/kiosks', { method: 'POST', body: JSON.stringify({ name: 'Hall C' }) })).json() as { pairingUrl: string };
    const { attendees } = await staffGet('/api/attendees?limit=100');
    const badge = (first: string) => attendees.find((a: { name: string }) => a.name.startsWith(first)).badgeUrl as string;
    const page = await tablet();
    await page.goto(`${ctx.server.localUrl}/kiosk${new URL(pairingUrl).search}`);
    await page.getByText('Tap your badges').waitFor();

    await scan(page, badge('Priya'));
    await page.getByRole('heading', { name: /now the other badge/ }).waitFor();
    expectNone(await seriousViolations(page), 'first badge: seriousViolations');
    await scan(page, badge('Sam'));
    const done = page.getByRole('button', { name: 'Done' });
    await done.waitFor();
    expectNone(await seriousViolations(page), 'meeting: seriousViolations');
    expectNone(await smallTargets(page), 'meeting: smallTargets');
    // Nothing to tab through before Done, and Enter on it is not taken for a scanner's Enter.
    await page.keyboard.press('Tab');
    expect(await done.evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText('Tap your badges').waitFor();

    await scan(page, 'hello world');
    await page.getByRole('alert').getByText('That is not a badge from this event.').waitFor();
    expectNone(await seriousViolations(page), 'refused badge: seriousViolations');

    await page.route('**/api/exchanges', (route) => route.abort());
    await scan(page, badge('Aisha'));
    await page.getByRole('heading', { name: /Hi Aisha/ }).waitFor();
    await scan(page, badge('Hannah'));
    await page.getByText('Saved — will sync').waitFor();
    expectNone(await seriousViolations(page), 'kept offline: seriousViolations');
    await page.close();
  });
});
