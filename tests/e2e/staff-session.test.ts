import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoServerAndBrowser, signIn, staffFetch } from './browser.ts';

const ctx = demoServerAndBrowser();

// Another service on the same laptop (another port of 127.0.0.1): same site for the browser, so
// the staff cookie goes along with whatever its pages make the browser send.
let evil: Server;
let evilUrl = '';
let target = { id: '', badgeUrl: '' };
beforeAll(async () => {
  evil = createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    if (req.url === '/print') {
      // A GET it can make the browser send (an image), and the POST that prints.
      const badges = `${ctx.server.localUrl}/api/badges.pdf?template=a6-4-a4&unprinted=1`;
      return res.end(`<!doctype html><img src="${badges}"><form method="post" action="${badges}"></form><script>setTimeout(() => document.forms[0].submit(), 300)</script>`);
    }
    res.end(`<!doctype html><form method="post" action="${ctx.server.localUrl}/api/attendees/${target.id}/badge/reissue">
      <input type="hidden" name="x" value="1"></form><script>document.forms[0].submit()</script>`);
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => evil.close(() => resolve())));

describe('the staff session in Chromium', () => {
  it('does not let a page on another port reissue a badge with the staff cookie', async () => {
    const { server, browser } = ctx;
    const { attendees } = (await (await staffFetch(server, '/api/attendees?limit=1')).json()) as { attendees: { id: string; badgeUrl: string }[] };
    target = attendees[0]!;
    const page = await browser.newPage();
    await signIn(page, server);
    const answer = page.waitForResponse((r) => r.url().includes('/badge/reissue'));
    await page.goto(evilUrl);
    expect((await answer).status()).toBe(403);
    // The printed badge still scans: its token did not change.
    const { attendees: after } = (await (await staffFetch(server, `/api/attendees?limit=1`)).json()) as { attendees: { badgeUrl: string }[] };
    expect(after[0]!.badgeUrl).toBe(target.badgeUrl);
    await page.close();
  });

  it('does not let a page on another port mark badges printed, by a GET or a POST', async () => {
    const { server, browser } = ctx;
    const unprinted = async () => ((await (await staffFetch(server, '/api/attendees?printed=false&limit=1')).json()) as { total: number }).total;
    const before = await unprinted();
    expect(before).toBeGreaterThan(0);
    const page = await browser.newPage();
    await signIn(page, server);
    const printed = page.waitForResponse((r) => r.url().includes('/api/badges.pdf') && r.request().method() === 'POST');
    await page.goto(`${evilUrl}print`);
    expect((await printed).status()).toBe(403);
    expect(await unprinted()).toBe(before);
    await page.close();
  });

  it('ends the session at sign-out: the cookie the browser had no longer opens the console', async () => {
    const { server, browser } = ctx;
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, server);
    const cookie = (await context.cookies()).find((c) => c.name === 'bx_staff')!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    // Someone who copied the cookie before the sign-out gets nothing with it.
    const res = await fetch(`${server.localUrl}/api/attendees`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(res.status).toBe(401);
    await context.close();
  });
});
