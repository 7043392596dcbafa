import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/serve.ts';
import { launchChromium, staffFetch, startDemoServer } from './browser.ts';

const FIXTURE = new URL('../fixtures/one-broken-row.csv', import.meta.url).pathname;

let browser: Browser;
let server: RunningServer;
let stop: () => Promise<void>;
let page: Page;

beforeAll(async () => {
  ({ server, stop } = await startDemoServer());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await stop?.();
});

// One staff member's session, step by step: each test continues where the last one stopped.
describe.sequential('staff console in Chromium', () => {
  it('refuses a wrong token and signs in with the right one', async () => {
    await page.goto(`${server.localUrl}/staff`);
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not right/);

    await page.getByLabel('Admin token').fill(server.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('41 attendees').waitFor();
    // The session is a cookie: a reload stays signed in.
    await page.reload();
    await page.getByText('41 attendees').waitFor();
  });

  it('searches as staff type, accents optional', async () => {
    await page.getByLabel('Search attendees').fill('angstrom');
    await page.getByText('1 attendee match').waitFor();
    expect(await page.locator('bx-attendee-list tbody tr').count()).toBe(1);
    expect(await page.locator('bx-attendee-list tbody tr').textContent()).toContain('Zoë Ångström');
    await page.getByLabel('Search attendees').fill('');
    await page.getByText('41 attendees').waitFor();
  });

  it('adds an attendee, showing the server\'s message for a bad email first', async () => {
    await page.getByRole('button', { name: 'Add attendee' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ólafur Test');
    await page.getByLabel(/^Email \(optional\)/).fill('not-an-email');
    await page.getByLabel(/Your offering/).fill('Sound design for apps');
    await page.getByLabel('Need 1', { exact: true }).fill('Game studios');
    await page.getByRole('button', { name: 'Add attendee' }).click();
    await page.getByText('Email does not look like an address (name@example.com); leave it empty if the person has none.', { exact: true }).waitFor();

    await page.getByLabel(/^Email \(optional\)/).fill('olafur.test@example.org');
    await page.getByRole('button', { name: 'Add attendee' }).click();
    await page.getByText('Added Ólafur Test.').waitFor();
    await page.getByText('42 attendees').waitFor();
  });

  it('edits an attendee, and sets the language their mails and page come in', async () => {
    await page.getByLabel('Search attendees').fill('olafur test');
    await page.getByText('1 attendee match').waitFor();
    await page.getByRole('button', { name: 'Edit Ólafur Test' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Sound designer');
    // Added without one, the person reads the event's language until staff choose.
    const language = page.getByLabel('Language of their emails and own page');
    expect(await language.inputValue()).toBe('');
    await language.selectOption('de');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved Ólafur Test.').waitFor();
    expect(await page.locator('bx-attendee-list tbody tr').textContent()).toContain('Sound designer');
    const list = await (await staffFetch(server, '/api/attendees?q=olafur%20test')).json();
    expect(list.attendees[0]).toMatchObject({ name: 'Ólafur Test', language: 'de' });
  });

  it('erases an attendee after confirming', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Erase Ólafur Test' }).click();
    await page.getByText('Erased Ólafur Test.').waitFor();
    await page.getByText('0 attendees match').waitFor();
  });

  it('previews a CSV import, then imports the good rows', async () => {
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.getByLabel('CSV file').setInputFiles(FIXTURE);
    await page.getByText('2 to create, 0 to update, 4 refused.').waitFor();
    const refused = await page.locator('table.refused tbody tr').allTextContents();
    expect(refused).toHaveLength(4);
    expect(refused[0]).toMatch(/^3.*Email does not look like an address/);
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByText('Imported: 2 created, 0 updated, 4 refused.').waitFor();

    await page.getByRole('button', { name: 'Attendees', exact: true }).click();
    await page.getByText('43 attendees').waitFor();
  });

  it('pages through the preview of a big file, and keeps the refused rows on screen after importing', async () => {
    await page.getByRole('button', { name: 'Import CSV' }).click();
    // Every 50th row has an email that is not one (an empty email is fine: a person without one).
    const rows = Array.from({ length: 250 }, (_, i) => `Walk In ${i + 1},${(i + 1) % 50 === 0 ? 'no-address' : `walkin${i + 1}@example.org`}`);
    await page.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(`Name,Email\n${rows.join('\n')}\n`) });
    await page.getByText('245 to create, 0 to update, 5 refused; 245 will have an incomplete profile.').waitFor();
    await page.getByText('Showing rows 1–100 of each list').first().waitFor();
    expect(await page.locator('table:not(.refused) tbody tr').count()).toBe(100);
    await page.getByRole('button', { name: 'Next 100' }).first().click();
    await page.getByText('Showing rows 101–200 of each list').first().waitFor();
    expect(await page.locator('table:not(.refused) tbody tr').first().textContent()).toMatch(/^104.*Walk In 103/);
    await page.getByRole('button', { name: 'Import 245 rows' }).click();
    await page.getByText('Imported: 245 created, 0 updated, 5 refused.').waitFor();
    expect(await page.locator('table.refused tbody tr').allTextContents()).toHaveLength(5);
    // The refused rows stay downloadable after the import, to fix the file by.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the 5 refused rows (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('refused-rows-big.csv');
    const refused = parse(await readFile((await file.path())!), { bom: true, columns: true }) as { Row: string; Reason: string }[];
    expect(refused.map((r) => r.Row)).toEqual(['51', '101', '151', '201', '251']);
    await page.getByRole('button', { name: 'Attendees', exact: true }).click();
    await page.getByText('288 attendees').waitFor();
  });

  it('closes self-registration, and /register says so', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel(/Self-registration at \/register is open/).uncheck();
    await page.getByText('Self-registration is closed.', { exact: true }).waitFor();
    const visitor = await browser.newPage();
    await visitor.goto(`${server.localUrl}/register`);
    await visitor.getByText('Self-registration is closed. Please ask at the registration desk.').waitFor();
    await visitor.close();
    await page.getByLabel(/Self-registration at \/register is closed/).check();
    await page.getByText('Self-registration is open at /register.').waitFor();
  });

  it('sets the digest\'s send window in Settings, names a wrong hour, and clears it', async () => {
    const settings = async () => (await (await staffFetch(server, '/api/event/settings')).json()) as { digestWindow?: { from: number; until: number } | null };
    await page.getByLabel('From (hour)').fill('9');
    await page.getByLabel('Until (hour)').fill('25');
    await page.getByRole('button', { name: 'Save event settings' }).click();
    await page.getByText('Send window: until is an hour, 0 to 23.').first().waitFor();
    await page.getByLabel('Until (hour)').fill('20');
    await page.getByRole('button', { name: 'Save event settings' }).click();
    await page.getByText('Event settings saved.').waitFor();
    expect((await settings()).digestWindow).toEqual({ from: 9, until: 20 });
    await page.getByLabel('From (hour)').fill('');
    await page.getByLabel('Until (hour)').fill('');
    await page.getByRole('button', { name: 'Save event settings' }).click();
    await expect.poll(async () => (await settings()).digestWindow).toBeNull();
  });

  it('purges all personal data once the event name is typed', async () => {
    const purge = page.getByRole('button', { name: 'Purge' });
    expect(await purge.isDisabled()).toBe(true);
    await page.getByLabel(/Purge all personal data/).fill('Harbourside Founders & Makers Meetup');
    page.once('dialog', (d) => void d.accept());
    await purge.click();
    await page.getByText('Erased 288 people and everything about them.').waitFor();
    await page.getByRole('button', { name: 'Attendees', exact: true }).click();
    await page.getByText('0 attendees').waitFor();
  });
});
