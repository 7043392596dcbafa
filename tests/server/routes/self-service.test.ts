import { describe, expect, it } from 'vitest';
import { makeApp, profile, send, staff } from '../../helpers.ts';

const anyone = {};

describe('self-registration and personal links', () => {
  it('registers an attendee while registration is open and hands back their personal link', async () => {
    const { app, store } = makeApp();
    const res = await send(app, 'POST', '/api/register', profile({ shareEmail: true }), anyone);
    expect(res.status).toBe(201);
    expect(res.body.profileUrl).toMatch(/\/me\/[\w-]{22}$/);
    expect(store.attendee(res.body.id)).toMatchObject({ source: 'register', shareEmail: true, digest: true });
  });

  it('refuses when staff closed registration, and says where to go', async () => {
    const { app } = makeApp();
    await send(app, 'PATCH', '/api/event', { registrationOpen: false });
    expect((await send(app, 'GET', '/api/event', undefined, anyone)).body.registrationOpen).toBe(false);
    const res = await send(app, 'POST', '/api/register', profile(), anyone);
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: 'registration_closed', message: 'Self-registration is closed. Please ask at the registration desk.' });
  });

  it('does not reveal who holds an email that is already registered', async () => {
    const { app } = makeApp();
    await send(app, 'POST', '/api/register', profile(), anyone);
    const res = await send(app, 'POST', '/api/register', profile({ name: 'Someone else' }), anyone);
    expect(res.status).toBe(409);
    expect(res.body.error.message).not.toMatch(/Dana/);
    expect(res.body.error).not.toHaveProperty('id');
  });

  it('lets only staff change the event', async () => {
    const { app } = makeApp();
    expect((await send(app, 'PATCH', '/api/event', { registrationOpen: false }, anyone)).status).toBe(401);
    expect((await send(app, 'PATCH', '/api/event', { name: '' })).status).toBe(400);
    expect((await send(app, 'PATCH', '/api/event', { name: 'Harbour Meetup' })).body.name).toBe('Harbour Meetup');
  });

  it('lets an imported ticket holder complete their profile through the personal link', async () => {
    const { app, store } = makeApp();
    await app.request('/api/attendees/import', {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'text/csv' },
      body: 'First Name,Last Name,Email\nSam,Okafor,sam@cloudtrim.example\n',
    });
    const { body: list } = await send(app, 'GET', '/api/attendees');
    const link: string = list.attendees[0].profileUrl;
    const key = link.split('/me/')[1]!;

    const own = await send(app, 'GET', `/api/profile/${key}`, undefined, anyone);
    // No zone set: '' (UTC); the page shows its times in the zone given here.
    expect(own.body).toMatchObject({ name: 'Sam Okafor', complete: false, event: 'Our event', timeZone: '' });
    expect(own.body).not.toHaveProperty('id');
    await store.updateEvent({ timeZone: 'Europe/Berlin' });
    expect((await send(app, 'GET', `/api/profile/${key}`, undefined, anyone)).body.timeZone).toBe('Europe/Berlin');

    const half = await send(app, 'PATCH', `/api/profile/${key}`, { offering: 'I audit cloud bills' }, anyone);
    expect(half.status).toBe(400);

    const done = await send(app, 'PATCH', `/api/profile/${key}`, { offering: 'I audit cloud bills', needs: ['CTO intros'] }, anyone);
    expect(done.status).toBe(200);
    expect(done.body.complete).toBe(true);
    expect((await send(app, 'GET', `/api/attendees/${list.attendees[0].id}`)).body.complete).toBe(true);
  });

  it('answers 404 for a personal link that does not exist', async () => {
    const { app } = makeApp();
    const res = await send(app, 'GET', '/api/profile/not-a-real-key-000000', undefined, anyone);
    expect(res.status).toBe(404);
  });
});

describe('staff session cookie', () => {
  it('trades the admin token for an HttpOnly SameSite cookie that then authorizes staff routes', async () => {
    const { app } = makeApp();
    const wrong = await send(app, 'POST', '/api/session', { token: 'nope' }, anyone);
    expect(wrong.status).toBe(401);

    const ok = await send(app, 'POST', '/api/session', { token: 'test-admin-token-0123456789' }, anyone);
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/bx_staff=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const pair = cookie.split(';')[0]!;
    expect((await send(app, 'GET', '/api/attendees', undefined, { cookie: pair })).status).toBe(200);
    expect((await send(app, 'GET', '/api/session', undefined, { cookie: pair })).body).toEqual({ staff: true });
    // A tampered cookie is refused.
    expect((await send(app, 'GET', '/api/attendees', undefined, { cookie: `${pair}x` })).status).toBe(401);
  });

  const signIn = async (app: ReturnType<typeof makeApp>['app']) =>
    (await send(app, 'POST', '/api/session', { token: 'test-admin-token-0123456789' }, anyone)).headers.get('set-cookie')!.split(';')[0]!;

  it('ends a session on the server at sign-out, so a copy of the cookie stops working too', async () => {
    const { app } = makeApp();
    const [laptop, tablet] = [await signIn(app), await signIn(app)];
    const copy = laptop;
    expect((await send(app, 'DELETE', '/api/session', undefined, { cookie: laptop })).status).toBe(200);
    expect((await send(app, 'GET', '/api/attendees', undefined, { cookie: copy })).status).toBe(401);
    expect((await send(app, 'GET', '/api/session', undefined, { cookie: copy })).body).toEqual({ staff: false });
    // Another device's session goes on, until someone signs out everywhere.
    expect((await send(app, 'GET', '/api/attendees', undefined, { cookie: tablet })).status).toBe(200);
    const third = await signIn(app);
    expect((await send(app, 'DELETE', '/api/session?everywhere=1', undefined, { cookie: third })).status).toBe(200);
    for (const cookie of [tablet, third]) expect((await send(app, 'GET', '/api/attendees', undefined, { cookie })).status).toBe(401);
    // Signing in again afterwards works at once.
    expect((await send(app, 'GET', '/api/attendees', undefined, { cookie: await signIn(app) })).status).toBe(200);
    // Everywhere needs staff.
    expect((await send(app, 'DELETE', '/api/session?everywhere=1', undefined, anyone)).status).toBe(401);
  });

  it('refuses a change the staff cookie was made to send from another site or port', async () => {
    const { app } = makeApp();
    const cookie = await signIn(app);
    const { body: dana } = await send(app, 'POST', '/api/attendees', profile());
    const fromElsewhere = { cookie, origin: 'http://127.0.0.1:9999' };
    const forged = await send(app, 'POST', `/api/attendees/${dana.id}/badge/reissue`, undefined, fromElsewhere);
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('cross_site');
    expect((await send(app, 'PATCH', `/api/attendees/${dana.id}`, { company: 'Evil' }, fromElsewhere)).status).toBe(403);
    expect((await send(app, 'DELETE', '/api/session?everywhere=1', undefined, fromElsewhere)).status).toBe(403);
    expect((await send(app, 'GET', `/api/attendees/${dana.id}`)).body).toMatchObject({ company: 'LedgerLight', badgeVersion: dana.badgeVersion });
    // A browser that sends no Origin still says the request came from another site.
    expect((await send(app, 'PATCH', `/api/attendees/${dana.id}`, { company: 'Evil' }, { cookie, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    // The console itself (same origin) and scripts with the token in a header pass; reading is never refused.
    expect((await send(app, 'PATCH', `/api/attendees/${dana.id}`, { company: 'Ours' }, { cookie, origin: 'http://localhost' })).status).toBe(200);
    expect((await send(app, 'PATCH', `/api/attendees/${dana.id}`, { company: 'Ours too' }, { ...staff, origin: 'http://127.0.0.1:9999' })).status).toBe(200);
    expect((await send(app, 'GET', `/api/attendees/${dana.id}`, undefined, fromElsewhere)).status).toBe(200);
  });

  it('rate-limits guessing the admin token', async () => {
    const { app } = makeApp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await send(app, 'POST', '/api/session', { token: `guess-${i}` }, anyone)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('pages', () => {
  it('serves the staff and registration pages with a content security policy', async () => {
    const { app } = makeApp();
    for (const path of ['/staff', '/register', '/']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await app.request('/staff')).text()).toMatch(/<bx-staff-app>/);
  });

  it('lets only the kiosk camera\'s reader worker compile WebAssembly', async () => {
    const { app } = makeApp();
    const worker = await app.request('/assets/qr-reader-worker.js');
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-security-policy')).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    expect((await app.request('/assets/zxing_reader.wasm')).headers.get('content-type')).toBe('application/wasm');
    for (const path of ['/kiosk', '/staff', '/register', '/assets/station.js']) {
      expect((await app.request(path)).headers.get('content-security-policy')).toMatch(/script-src 'self' ?;/);
    }
  });

  it('escapes the personal-link key into the page', async () => {
    const { app } = makeApp();
    const text = await (await app.request('/me/%22%3E%3Cscript%3E')).text();
    expect(text).not.toMatch(/"><script>/);
  });

  it('answers /health', async () => {
    const { app } = makeApp();
    expect(await (await app.request('/health')).json()).toEqual({ ok: true });
  });
});
