import { describe, expect, it } from 'vitest';
import { makeApp, profile, send } from '../../helpers.ts';
import { fakePrinter } from '../../fake-printer.ts';
import type { App } from '../../../server/app.ts';

async function twoPeople(app: App) {
  const { body: dana } = await send(app, 'POST', '/api/attendees', profile());
  const { body: sam } = await send(app, 'POST', '/api/attendees', profile({ name: 'Sam Okafor', email: 'sam@cloudtrim.example', company: 'CloudTrim', title: 'Founder', offering: 'I audit cloud bills' }));
  return { dana, sam };
}
const tokenOf = (badgeUrl: string) => badgeUrl.split('/B/')[1]!;

describe('printing badges', () => {
  it('lists the templates with what a console needs to offer them', async () => {
    const { app } = makeApp();
    const { body } = await send(app, 'GET', '/api/badge-templates');
    expect(body.map((t: { name: string }) => t.name)).toEqual(['a6-4-a4', 'a7-8-a4', 'brother-ql-62x100', 'insert-4x3-letter', 'thermal-4x3', 'thermal-4x6']);
    expect(body.find((t: { name: string }) => t.name === 'a7-8-a4')).toMatchObject({ perPage: 8, zpl: false });
  });

  it('marks badges printed on the deliberate POST, never on a GET; "unprinted" then selects the rest', async () => {
    const { app } = makeApp();
    const { dana, sam } = await twoPeople(app);
    await send(app, 'GET', `/api/badges.pdf?template=a6-4-a4&ids=${dana.id}&preview=1`);
    // A link, a prefetch or a cross-site <img> may GET it: that prints nothing.
    for (const format of ['pdf', 'html', 'zpl']) {
      const shown = await send(app, 'GET', `/api/badges.${format}?template=thermal-4x6&ids=${dana.id}`);
      expect(shown.status).toBe(200);
    }
    expect((await send(app, 'GET', `/api/attendees/${dana.id}`)).body.printedAt).toBeUndefined();
    expect((await send(app, 'POST', `/api/badges.pdf?template=a6-4-a4&ids=${dana.id}&preview=1`)).status).toBe(200);
    expect((await send(app, 'GET', `/api/attendees/${dana.id}`)).body.printedAt).toBeUndefined();

    const res = await send(app, 'POST', `/api/badges.pdf?template=a6-4-a4&ids=${dana.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="badges-a6-4-a4.pdf"');
    expect((await send(app, 'GET', `/api/attendees/${dana.id}`)).body.printedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const zpl = await send(app, 'POST', '/api/badges.zpl?template=thermal-4x6&unprinted=1');
    expect(zpl.body).toContain('^FDSam Okafor^FS');
    expect(zpl.body).not.toContain('Dana');
    expect((await send(app, 'GET', `/api/attendees/${sam.id}`)).body.printedAt).toBeDefined();

    const none = await send(app, 'POST', '/api/badges.pdf?template=a6-4-a4&unprinted=1');
    expect(none.status).toBe(400);
    expect(none.body.error).toEqual({ code: 'empty_selection', message: 'Every selected badge has been printed already.' });
  });

  it('reissuing a badge makes it unprinted again', async () => {
    const { app } = makeApp();
    const { dana } = await twoPeople(app);
    await send(app, 'POST', `/api/badges.pdf?template=a6-4-a4&ids=${dana.id}`);
    expect((await send(app, 'GET', `/api/attendees/${dana.id}`)).body.printedAt).toBeDefined();
    const { body } = await send(app, 'POST', `/api/attendees/${dana.id}/badge/reissue`);
    expect(body.printedAt).toBeUndefined();
  });

  const refusals: [string, string, number, string, RegExp][] = [
    ['an unknown template', '/api/badges.pdf?template=poster', 400, 'unknown_template', /Templates: a6-4-a4, a7-8-a4/],
    ['no template', '/api/badges.pdf', 400, 'unknown_template', /Choose a badge template/],
    ['an unknown id', '/api/badges.pdf?template=a6-4-a4&ids=zzzzzzzzzz', 400, 'unknown_attendee', /zzzzzzzzzz/],
    ['a search that matches nobody', '/api/badges.pdf?template=a6-4-a4&q=nobody-at-all', 400, 'empty_selection', /No attendee matches/],
    ['ZPL for a sheet stock', '/api/badges.zpl?template=a6-4-a4', 400, 'not_a_label_template', /thermal label template/],
  ];
  it.each(refusals)('refuses %s', async (_label, path, status, code, message) => {
    const { app } = makeApp();
    await twoPeople(app);
    const res = await send(app, 'GET', path);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
  });

  it('needs staff', async () => {
    const { app } = makeApp();
    for (const path of ['/api/badges.pdf?template=a6-4-a4', '/api/badges.html?template=a6-4-a4', '/api/badge-templates']) {
      expect((await app.request(path)).status).toBe(401);
    }
  });

  it('escapes what people typed in the HTML print view and in ZPL', async () => {
    const { app } = makeApp();
    await send(app, 'POST', '/api/attendees', profile({ name: '<img src=x onerror=alert(1)>', company: 'A^XZ~JA_Co' }));
    const page = await send(app, 'GET', '/api/badges.html?template=a6-4-a4&preview=1');
    expect(page.body).toContain('&lt;img src=x');
    expect(page.body).toContain('onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img src=x');
    const zpl = await send(app, 'GET', '/api/badges.zpl?template=thermal-4x3&preview=1');
    // Exactly one label: the company's ^XZ did not end it early.
    expect(zpl.body.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl.body).toContain('A_5EXZ_7EJA_5FCo');
  });
});

describe('the public card at /b/<token>', () => {
  it('shows name, title, company, offering and the event, and nothing private', async () => {
    const { app } = makeApp();
    const { dana } = await twoPeople(app);
    const res = await app.request(`/B/${tokenOf(dana.badgeUrl)}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const shown of ['Dana Whitfield', 'CEO, LedgerLight', dana.offering, 'Our event']) expect(page).toContain(shown);
    for (const hidden of [dana.email, dana.needs[0], dana.goal]) expect(page).not.toContain(hidden);
    expect(page).not.toMatch(/<script/);
  });

  it('accepts the token in any case', async () => {
    const { app } = makeApp();
    const { dana } = await twoPeople(app);
    expect((await app.request(`/b/${tokenOf(dana.badgeUrl).toLowerCase()}`)).status).toBe(200);
  });

  it('refuses forged, mutated, truncated, extended and revoked badges', async () => {
    const { app } = makeApp();
    const { dana, sam } = await twoPeople(app);
    const token = tokenOf(dana.badgeUrl);
    const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
    const cases: [string, number][] = [
      [flip(token, 0), 404], // another (unknown) id
      [flip(token, 15), 404], // signature changed
      [token.slice(0, -1), 404],
      [`${token}A`, 404],
      [tokenOf(sam.badgeUrl).slice(0, 10) + token.slice(10), 404], // Dana's signature on Sam's id
      ['not-a-badge', 400],
    ];
    for (const [t, status] of cases) expect((await app.request(`/b/${t}`)).status, t).toBe(status);

    await send(app, 'POST', `/api/attendees/${dana.id}/badge/reissue`);
    const revoked = await app.request(`/b/${token}`);
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain('replaced by a new one');
    const { body: fresh } = await send(app, 'GET', `/api/attendees/${dana.id}`);
    expect((await app.request(`/b/${tokenOf(fresh.badgeUrl)}`)).status).toBe(200);
  });

  it('forgets an erased attendee', async () => {
    const { app } = makeApp();
    const { dana } = await twoPeople(app);
    await send(app, 'DELETE', `/api/attendees/${dana.id}`);
    expect((await app.request(`/b/${tokenOf(dana.badgeUrl)}`)).status).toBe(404);
  });
});

describe('printing to the desk\'s Zebra printer (POST /api/badges/print)', () => {

  it('sends one badge as ZPL and marks it printed once the printer took it', async () => {
    const { app } = makeApp();
    const { dana } = await twoPeople(app);
    const printer = await fakePrinter();
    try {
      const res = await send(app, 'POST', '/api/badges/print', { template: 'thermal-4x6', ids: [dana.id], printer: printer.address });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ printed: 1, printer: printer.address });
      await expect.poll(() => printer.jobs.length).toBe(1);
      expect(printer.jobs[0]).toContain('^FDDana Whitfield^FS');
      expect(printer.jobs[0]).not.toContain('Sam Okafor');
      expect((await send(app, 'GET', `/api/attendees/${dana.id}`)).body.printedAt).toMatch(/^\d{4}-/);
    } finally {
      await printer.close();
    }
  });

  const refusals: [string, Record<string, unknown>, number, string][] = [
    ['a printer address that is not one', { template: 'thermal-4x6', printer: 'http://zebra/' }, 400, 'invalid_printer'],
    ['a sheet template', { template: 'a6-4-a4', printer: '127.0.0.1:9' }, 400, 'not_a_label_template'],
    ['a printer that is not there', { template: 'thermal-4x6', printer: '127.0.0.1:1' }, 409, 'printer_unreachable'],
    ['no ids', { template: 'thermal-4x6', printer: '127.0.0.1', ids: [] }, 400, 'invalid_input'],
  ];
  it.each(refusals)('refuses %s and marks nothing printed', async (_label, body, status, code) => {
    const { app } = makeApp();
    const { dana } = await twoPeople(app);
    const res = await send(app, 'POST', '/api/badges/print', { ids: [dana.id], ...body });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/\w/);
    expect((await send(app, 'GET', `/api/attendees/${dana.id}`)).body.printedAt).toBeUndefined();
  });
});
