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
    ['a CSV without an email column', 'Name\nDana\n', 'text/csv', 400, 'csv_missing_column'],
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

  it('needs staff', async () => {
    const { app } = makeApp();
    const res = await app.request('/api/attendees/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Name,Email\n' });
    expect(res.status).toBe(401);
  });
});
