import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/serve.ts';
import { tempDataDir } from '../helpers.ts';
import { pdfQrCodes } from '../pdf-codes.ts';
import { launchChromium, signIn, startDemoServer, staffFetch } from './browser.ts';

let browser: Browser;
let server: RunningServer;
let stop: () => Promise<void>;
let page: Page;
let downloads: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ server, stop } = await startDemoServer());
  ({ dir: downloads, cleanup } = await tempDataDir());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await signIn(page, server);
  await page.getByText('41 attendees').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await stop?.();
  await cleanup?.();
});

/** Runs `action`, waits for the download it starts, saves it and returns its path. */
async function download(action: () => Promise<void>, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = join(downloads, name);
  await file.saveAs(path);
  return path;
}

const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
/** The QR codes of a downloaded PDF, `perPage` badges a page and `total` in all. */
const qrCodes = (pdf: string, prefix: string, total = 1, perPage = 1) => pdfQrCodes(pdf, downloads, prefix, (page) => Math.min(perPage, total - page * perPage));

describe.sequential('printing badges from the staff console', () => {
  it('downloads the badges not printed yet on a chosen stock, then none are left', async () => {
    await page.getByRole('button', { name: 'Print badges' }).click();
    await page.getByLabel('Badge stock').selectOption('a7-8-a4');
    await page.getByText('41 badges, 6 pages').waitFor();
    const pdf = await download(() => page.getByRole('button', { name: 'Download PDF' }).click(), 'batch.pdf');
    expect(pages(pdf)).toBe(6);
    const codes = qrCodes(pdf, 'batch', 41, 8);
    expect(codes).toHaveLength(41);
    expect(new Set(codes).size).toBe(41);
    await page.getByText('0 badges').waitFor();
  });

  it('narrows to a search and offers a preview that marks nothing', async () => {
    await page.getByLabel('Those matching a search').check();
    await page.getByRole('searchbox', { name: 'Search' }).fill('angstrom');
    await page.getByText('1 badge, 1 page').waitFor();
    expect(await page.getByRole('link', { name: 'Preview' }).getAttribute('href')).toMatch(/preview=1/);
  });

  it('reprints one badge from the list in two clicks, asking first since it was printed', async () => {
    await page.getByRole('button', { name: 'Attendees', exact: true }).click();
    await page.getByLabel('Search attendees').fill('angstrom');
    await page.getByText('1 attendee match').waitFor();
    await page.getByText(/Badge printed at/).waitFor();
    let question = '';
    page.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    const pdf = await download(() => page.getByRole('button', { name: 'Print badge of Zoë Ångström' }).click(), 'one.pdf');
    expect(question).toMatch(/already printed at \d\d:\d\d( [AP]M)?\. Print again\?/);
    expect(pages(pdf)).toBe(1);
    expect(qrCodes(pdf, 'one')).toHaveLength(1);
  });

  it('reissues a lost badge: the new one downloads and the old QR is refused', async () => {
    const before = await staffFetch(server, '/api/attendees?q=angstrom');
    const oldUrl: string = ((await before.json()) as any).attendees[0].badgeUrl;
    await page.getByRole('button', { name: 'Edit Zoë Ångström' }).click();
    page.once('dialog', (d) => void d.accept());
    const pdf = await download(() => page.getByRole('button', { name: 'Reissue badge' }).click(), 'reissued.pdf');
    const [newUrl] = qrCodes(pdf, 'reissued');
    expect(newUrl).toBeDefined();
    expect(newUrl).not.toBe(oldUrl);
    const token = (u: string) => u.split('/B/')[1];
    expect((await fetch(`${server.localUrl}/b/${token(oldUrl)}`)).status).toBe(410);
    expect((await fetch(`${server.localUrl}/b/${token(newUrl!)}`)).status).toBe(200);
  });
});
