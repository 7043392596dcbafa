import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeApp, profile, send, staff } from '../../helpers.ts';
import type { App } from '../../../server/app.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));

async function importCsv(app: App, body: Uint8Array | string, query = '', type = 'text/csv') {
  const res = await app.request(`/api/attendees/import${query}`, { method: 'POST', headers: { ...staff, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, body: await res.json() };
}

describe('POST /api/attendees/import', () => {
  it('hands every refused row of a file back as a CSV (row and reason), writing nothing', async () => {
    const { app } = makeApp();
    const rows = Array.from({ length: 1500 }, (_, i) => `Person ${i + 1},${(i + 1) % 3 === 0 ? '=bad' : `p${i + 1}@example.org`}`);
    const res = await app.request('/api/attendees/import?dryRun=1&refused=csv', {
      method: 'POST', headers: { ...staff, 'content-type': 'text/csv' }, body: `Name,Email\n${rows.join('\n')}\n`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="refused-rows.csv"');
    const refused = parse(Buffer.from(await res.arrayBuffer()), { bom: true, columns: true }) as { Row: string; Reason: string }[];
    // All 500, not a page of them; the spreadsheet row is the CSV line (the header is row 1).
    expect(refused).toHaveLength(500);
    expect(refused[0]).toEqual({ Row: '4', Reason: expect.stringMatching(/^Email does not look like an address/) });
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(0);
  });

  it('imports people without an email, and importing the same list again adds nobody twice', async () => {
    const { app } = makeApp();
    const list = 'Name,Company,Email\nAda Speaker,Keynotes Ltd,\nBo Walkin,,\nCy Known,,cy@example.org\n';
    expect((await importCsv(app, list)).body).toMatchObject({ created: 3, updated: 0, errorsTotal: 0 });
    expect((await importCsv(app, list)).body).toMatchObject({ created: 0, updated: 3, errorsTotal: 0 });
    const all = (await send(app, 'GET', '/api/attendees')).body;
    expect(all.attendees.map((a: { name: string; email: string }) => [a.name, a.email])).toEqual([['Ada Speaker', ''], ['Bo Walkin', ''], ['Cy Known', 'cy@example.org']]);
  });

  it('creates new people, updates known emails and reports refused rows', async () => {
    const { app } = makeApp();
    await send(app, 'POST', '/api/attendees', profile({ name: 'Good One (old)', email: 'good.one@example.org' }));
    const { status, body } = await importCsv(app, fixture('one-broken-row.csv'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 1, updated: 1, dryRun: false });
    expect(body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 6, 7]);
    const { body: list } = await send(app, 'GET', '/api/attendees');
    expect(list.attendees.map((a: { name: string }) => a.name)).toEqual(['Good One', 'Good Two']);
    // The known person kept their needs from before; the row changed what it filled in.
    expect(list.attendees[0]).toMatchObject({ offering: 'Offer one', needs: ['Need one'], shareEmail: true });
  });

  it('previews with dryRun=1 and writes nothing', async () => {
    const { app } = makeApp();
    const { body } = await importCsv(app, fixture('eventbrite.csv'), '?dryRun=1');
    expect(body).toMatchObject({ created: 3, updated: 0, dryRun: true });
    expect(body.preview.map((p: { name: string; complete: boolean }) => [p.name, p.complete])).toEqual([
      ['Dana Whitfield', false], ['Sam Okafor', false], ['Zoë Ångström', false],
    ]);
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(0);
  });

  it('keeps ticket holders without an offering as incomplete profiles, listed as such', async () => {
    const { app } = makeApp();
    await importCsv(app, fixture('eventbrite.csv'));
    const { body } = await send(app, 'GET', '/api/attendees?incomplete=1');
    expect(body.total).toBe(3);
    expect(body.attendees[0]).toMatchObject({ complete: false, offering: '', needs: [], source: 'import' });
  });

  it('imports the same file twice without twins', async () => {
    const { app } = makeApp();
    await importCsv(app, fixture('pretix-semicolon.csv'));
    const again = await importCsv(app, fixture('pretix-semicolon.csv'));
    expect(again.body).toMatchObject({ created: 0, updated: 2 });
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(2);
  });

  const refusals: [string, Uint8Array | string, string, number, string][] = [
    ['a file that is not UTF-8', fixture('latin1.csv'), 'text/csv', 400, 'csv_not_utf8'],
    ['JSON instead of CSV', JSON.stringify([profile()]), 'application/json', 415, 'unsupported_media_type'],
    ['a CSV without a name column', 'Email\ndana@example.org\n', 'text/csv', 400, 'csv_missing_column'],
    ['an empty file', '', 'text/csv', 400, 'csv_empty'],
  ];
  it.each(refusals)('refuses %s and keeps the store as it was', async (_label, body, type, status, code) => {
    const { app } = makeApp();
    await send(app, 'POST', '/api/attendees', profile());
    const res = await importCsv(app, body, '', type);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(1);
  });

  it('refuses a CSV over the size limit with 413', async () => {
    const { app } = makeApp();
    const big = `Name,Email\n${'Someone,someone@example.org\n'.repeat(330_000)}`;
    const res = await importCsv(app, big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });

  // 50,001 short rows (1.3 MB): about a second to parse on a busy machine.
  it('refuses a file of more rows than one import takes, whole, saying how to split it', async () => {
    const { app } = makeApp();
    await send(app, 'POST', '/api/attendees', profile());
    const rows = Array.from({ length: 50_001 }, (_, i) => `P${i},p${i}@example.org`).join('\n');
    const res = await importCsv(app, `Name,Email\n${rows}\n`);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('csv_too_many_rows');
    expect(res.body.error.message).toContain('more than 50,000 rows; nothing was imported');
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(1);
  });

  it('answers a big preview a page at a time, with totals for the whole file', async () => {
    const { app } = makeApp();
    // 250 rows; every 50th has a broken email and is refused.
    const rows = Array.from({ length: 250 }, (_, i) => `Person ${i + 1},${(i + 1) % 50 === 0 ? 'not-an-address' : `p${i + 1}@example.org`}`);
    const csv = `Name,Email\n${rows.join('\n')}\n`;
    const first = (await importCsv(app, csv, '?dryRun=1')).body;
    expect(first).toMatchObject({ created: 245, previewTotal: 245, errorsTotal: 5, offset: 0, limit: 100, incomplete: 245 });
    expect(first.preview).toHaveLength(100);
    expect(first.errors.map((e: { row: number }) => e.row)).toEqual([51, 101, 151, 201, 251]);
    const second = (await importCsv(app, csv, '?dryRun=1&offset=100&limit=100')).body;
    // Spreadsheet rows: the header is row 1; Person 50 and Person 100 were refused, so the 101st good row is Person 103.
    expect(second.preview[0]).toMatchObject({ row: 104, name: 'Person 103' });
    expect(second.preview).toHaveLength(100);
    expect(second.errors).toEqual([]);
    const last = (await importCsv(app, csv, '?dryRun=1&offset=200&limit=100')).body;
    expect(last.preview.map((p: { name: string }) => p.name).at(-1)).toBe('Person 249');
    expect(last.preview).toHaveLength(45);
    // A limit past the largest page is held to it; nonsense falls back to the default.
    expect((await importCsv(app, csv, '?dryRun=1&limit=99999')).body.limit).toBe(1000);
    expect((await importCsv(app, csv, '?dryRun=1&limit=lots&offset=-3')).body).toMatchObject({ limit: 100, offset: 0 });
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(0);
  });

  it('needs staff', async () => {
    const { app } = makeApp();
    const res = await app.request('/api/attendees/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Name,Email\n' });
    expect(res.status).toBe(401);
  });
});
