import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createAttendee, type Attendee } from '../../../server/domain/attendee.ts';
import type { Store } from '../../../server/store/store.ts';
import { makeApp, profile, send } from '../../helpers.ts';

async function download(app: ReturnType<typeof makeApp>['app'], path: string, headers: Record<string, string> = { authorization: 'Bearer test-admin-token-0123456789' }) {
  const res = await app.request(path, { headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, rows: () => parse(Buffer.from(bytes), { bom: true, columns: true }) as Record<string, string>[] };
}

/** `count` people, in name order, each met the one before a second later: exports in pieces. */
async function chainOfMeetings(store: Store, count: number): Promise<Attendee[]> {
  const now = new Date('2026-12-03T09:00:00Z');
  const people = Array.from({ length: count }, (_, i) => createAttendee(profile({ name: `Person ${String(i).padStart(5, '0')}`, email: `p${i}@example.org` }), 'import', now));
  await store.upsertAttendees(people, []);
  for (let i = 1; i < people.length; i++) await store.exchanges.record({ a: people[i - 1]!.id, b: people[i]!.id, kiosk: 'k', at: new Date(now.getTime() + i * 1000) });
  return people;
}

describe('CSV exports', () => {
  it('exports attendees with consents, badge printed and meetings, as UTF-8 with a BOM, formulas inert', async () => {
    const { app, store } = makeApp();
    await send(app, 'PATCH', '/api/event', { timeZone: 'Europe/Berlin' });
    const zoe = (await send(app, 'POST', '/api/attendees', profile({ name: 'Zoë Ångström', email: 'zoe@nordlys.example', company: 'Nordlys', shareEmail: true, language: 'fr' }))).body;
    const evil = (await send(app, 'POST', '/api/attendees', profile({ name: '=HYPERLINK("http://evil.example","click")', email: '', company: '+1+1', title: '-2+3', offering: '@SUM(A1:A9) for everyone', needs: ['=cmd|"/c calc"!A1', 'A normal need'] }))).body;
    await send(app, 'POST', `/api/badges.pdf?template=a6-4-a4&ids=${zoe.id}`);
    await store.exchanges.record({ a: zoe.id, b: evil.id, kiosk: 'k', at: new Date('2026-12-03T13:19:00Z') });

    const { res, bytes, rows } = await download(app, '/api/exports/attendees.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="attendees-\d{4}-\d\d-\d\d\.csv"$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const [first, second] = rows();
    // Sorted by name: "=HYPERLINK…" before "Zoë".
    expect(second).toMatchObject({
      Name: 'Zoë Ångström', Email: 'zoe@nordlys.example', Company: 'Nordlys', 'Share email': 'yes', Digest: 'yes', Language: 'fr',
      Meetings: '1', 'Profile complete': 'yes', Source: 'staff', Id: zoe.id,
    });
    expect(second!['Badge printed (Europe/Berlin)']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(first).toMatchObject({
      Name: '\'=HYPERLINK("http://evil.example","click")', Email: '', Company: "'+1+1", Title: "'-2+3",
      Offering: "'@SUM(A1:A9) for everyone", 'Need 1': '\'=cmd|"/c calc"!A1', 'Need 2': 'A normal need', 'Badge printed (Europe/Berlin)': '', Meetings: '1', Language: '',
    });
    // Nothing a spreadsheet would run: no cell starts with a formula character.
    for (const row of rows()) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('exports meetings: who, when (in the event\'s time zone), where, how often; emails only where shared', async () => {
    const { app, store } = makeApp();
    await send(app, 'PATCH', '/api/event', { timeZone: 'Europe/Berlin' });
    const dana = (await send(app, 'POST', '/api/attendees', profile({ shareEmail: true }))).body;
    const sam = (await send(app, 'POST', '/api/attendees', profile({ name: 'Sam Okafor', email: 'sam@cloudtrim.example', company: 'CloudTrim', shareEmail: false }))).body;
    const kiosk = (await send(app, 'POST', '/api/kiosks', { name: 'Hall A, left' })).body;
    await store.exchanges.record({ a: dana.id, b: sam.id, kiosk: kiosk.id, at: new Date('2026-12-03T13:19:00Z') });
    await store.exchanges.record({ a: sam.id, b: dana.id, kiosk: kiosk.id, at: new Date('2026-12-03T15:02:00Z') });

    const { res, rows } = await download(app, '/api/exports/meetings.csv');
    expect(res.status).toBe(200);
    expect(rows()).toEqual([
      {
        'Person A': 'Dana Whitfield', 'Company A': 'LedgerLight', 'Email A': 'dana@ledgerlight.example',
        'Person B': 'Sam Okafor', 'Company B': 'CloudTrim', 'Email B': '',
        'First met (Europe/Berlin)': '2026-12-03 14:19', 'Last met (Europe/Berlin)': '2026-12-03 16:02', Times: '2', Where: 'Hall A, left',
      },
    ]);
  });

  it('is for staff only', async () => {
    const { app } = makeApp();
    for (const path of ['/api/exports/attendees.csv', '/api/exports/meetings.csv']) expect((await download(app, path, {})).res.status).toBe(401);
    expect((await send(app, 'POST', '/api/badges/print', { template: 'thermal-4x6', ids: ['x'], printer: '127.0.0.1' }, {})).status).toBe(401);
    expect((await send(app, 'GET', '/api/digests/recipients', undefined, {})).status).toBe(401);
  });

  it('writes a big export in pieces that join into one file: one BOM, one header, every row once, in order', async () => {
    const { app, store } = makeApp();
    // More rows than one piece holds (500), and a piece boundary inside the list.
    const people = await chainOfMeetings(store, 4_321);

    const attendees = await download(app, '/api/exports/attendees.csv');
    const text = Buffer.from(attendees.bytes).toString('utf8');
    expect(text.split('\uFEFF')).toHaveLength(2);
    expect(text.match(/"Name","Email"/g)).toHaveLength(1);
    expect(attendees.rows().map((r) => r.Name)).toEqual(people.map((p) => p.name));

    const meetings = await download(app, '/api/exports/meetings.csv');
    const rows = meetings.rows();
    expect(rows).toHaveLength(4_320);
    // Oldest first: the chain of meetings in the order it was recorded.
    expect(rows.map((r) => r['Person B'])).toEqual(people.slice(1).map((p) => p.name));
  });

  it('lists meetings oldest first even when the laptop clock was set back between them', async () => {
    const { app, store } = makeApp();
    const people = await chainOfMeetings(store, 3);
    // Recorded after the chain, but at an earlier time: a clock corrected backwards.
    await store.exchanges.record({ a: people[0]!.id, b: people[2]!.id, kiosk: 'k', at: new Date('2026-12-03T08:00:00Z') });
    const rows = (await download(app, '/api/exports/meetings.csv')).rows();
    expect(rows.map((r) => [r['Person A'], r['Person B']])).toEqual([
      [people[0]!.name, people[2]!.name],
      [people[0]!.name, people[1]!.name],
      [people[1]!.name, people[2]!.name],
    ]);
  });

  it('leaves out of the rest of a download whoever is erased while it is written', async () => {
    const { app, store } = makeApp();
    const people = await chainOfMeetings(store, 1_200);
    const last = people.at(-1)!;
    for (const path of ['/api/exports/attendees.csv', '/api/exports/meetings.csv']) {
      const res = await app.request(path, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
      const reader = res.body!.getReader();
      // The header, then the first 500 rows: the last person is still to come.
      const first = [(await reader.read()).value!, (await reader.read()).value!];
      expect(Buffer.concat(first).toString('utf8')).not.toContain(last.name);
      if (path.endsWith('attendees.csv')) await store.eraseAttendee(last.id);
      const rest: Uint8Array[] = [];
      for (let piece = await reader.read(); !piece.done; piece = await reader.read()) rest.push(piece.value);
      const text = Buffer.concat([...first, ...rest]).toString('utf8');
      expect(text).not.toContain(last.name);
      expect(text).toContain(people.at(-2)!.name);
    }
  });
});
