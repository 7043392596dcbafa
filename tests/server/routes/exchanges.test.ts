import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { memoryStore } from '../../../server/store/store.ts';
import { ASSETS_DIR } from '../../../server/ui-build.ts';
import { ADMIN_TOKEN, aishaAndDana, makeApp, pairedKiosk, profile, SECRET, send } from '../../helpers.ts';

describe('kiosk pairing', () => {
  it('gives staff a code that pairs a kiosk once, whatever its case or spacing', async () => {
    const { app } = makeApp();
    const created = await send(app, 'POST', '/api/kiosks', { name: 'Hall A, left' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Hall A, left', paired: false });
    expect(created.body.pairingCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    const typed = created.body.pairingCode.toLowerCase().replace('-', ' ');
    const paired = await send(app, 'POST', '/api/kiosk/pair', { code: typed }, {});
    expect(paired.status).toBe(200);
    expect(paired.body).toMatchObject({ kioskId: created.body.id });
    expect(paired.body.token.length).toBeGreaterThanOrEqual(40);
    const twice = await send(app, 'POST', '/api/kiosk/pair', { code: created.body.pairingCode }, {});
    expect(twice.status).toBe(404);
    const { body } = await send(app, 'GET', '/api/kiosks');
    expect(body.kiosks[0]).toMatchObject({ paired: true, pairingCode: null });
    expect(JSON.stringify(body)).not.toContain(paired.body.token);
  });

  it('refuses an expired code', async () => {
    let clock = new Date('2026-12-03T09:00:00Z');
    const store = memoryStore();
    const app = createApp({ store, adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: 'http://10.0.0.1', assetsDir: ASSETS_DIR, now: () => clock });
    const { body: kiosk } = await send(app, 'POST', '/api/kiosks', { name: 'Door' });
    clock = new Date(clock.getTime() + 11 * 60_000);
    const res = await send(app, 'POST', '/api/kiosk/pair', { code: kiosk.pairingCode }, {});
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('expired_code');
  });

  it('stops an unpaired kiosk at once', async () => {
    const { app } = makeApp();
    const { aisha } = await aishaAndDana(app);
    const kiosk = await pairedKiosk(app);
    expect((await send(app, 'GET', `/api/scan?badge=${encodeURIComponent(aisha.badgeUrl)}`, undefined, kiosk.headers)).status).toBe(200);
    expect((await send(app, 'DELETE', `/api/kiosks/${kiosk.id}`)).status).toBe(204);
    const refused = await send(app, 'GET', `/api/scan?badge=${encodeURIComponent(aisha.badgeUrl)}`, undefined, kiosk.headers);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('kiosk_not_paired');
  });

  it('needs staff to add kiosks, and a kiosk token to scan', async () => {
    const { app } = makeApp();
    expect((await send(app, 'POST', '/api/kiosks', { name: 'X' }, {})).status).toBe(401);
    expect((await send(app, 'GET', '/api/scan?badge=x', undefined, {})).status).toBe(401);
    // The admin token is not a kiosk token.
    expect((await send(app, 'GET', '/api/scan?badge=x')).status).toBe(401);
  });

  it('lets staff rename a kiosk or switch its camera off, and the kiosk learns it', async () => {
    const { app } = makeApp();
    const kiosk = await pairedKiosk(app, 'Desk');
    expect((await send(app, 'GET', '/api/kiosk/settings', undefined, kiosk.headers)).body).toEqual({ name: 'Desk', camera: true, language: 'en' });

    const changed = await send(app, 'PATCH', `/api/kiosks/${kiosk.id}`, { camera: false, name: 'Desk, scanner only' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Desk, scanner only', camera: false, paired: true });
    expect((await send(app, 'GET', '/api/kiosk/settings', undefined, kiosk.headers)).body).toEqual({ name: 'Desk, scanner only', camera: false, language: 'en' });

    // Nonsense is refused and changes nothing; neither a kiosk nor anyone else may change settings.
    const bad = await send(app, 'PATCH', `/api/kiosks/${kiosk.id}`, { camera: 'off' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/camera is true .* or false/);
    expect((await send(app, 'PATCH', `/api/kiosks/${kiosk.id}`, { name: '  ' })).status).toBe(400);
    expect((await send(app, 'PATCH', `/api/kiosks/${kiosk.id}`, { camera: true }, kiosk.headers)).status).toBe(401);
    expect((await send(app, 'PATCH', '/api/kiosks/nobody', { camera: true })).status).toBe(404);
    expect((await send(app, 'GET', '/api/kiosk/settings', undefined, {})).status).toBe(401);
    expect((await send(app, 'GET', '/api/kiosks')).body.kiosks[0]).toMatchObject({ name: 'Desk, scanner only', camera: false });
  });

  it('starts a kiosk in the event\'s language until staff give it its own, and back', async () => {
    const { app } = makeApp();
    const kiosk = await pairedKiosk(app, 'Hall B');
    const settings = async () => (await send(app, 'GET', '/api/kiosk/settings', undefined, kiosk.headers)).body.language;
    expect((await send(app, 'PATCH', '/api/event', { language: 'fr' })).status).toBe(200);
    expect(await settings()).toBe('fr');

    const own = await send(app, 'PATCH', `/api/kiosks/${kiosk.id}`, { language: 'de' });
    expect(own.body).toMatchObject({ language: 'de', ownLanguage: 'de', camera: true });
    expect(await settings()).toBe('de');

    const bad = await send(app, 'PATCH', `/api/kiosks/${kiosk.id}`, { language: 'klingon' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/language is one of en, de, fr, es, ar/);
    expect(await settings()).toBe('de');

    expect((await send(app, 'PATCH', `/api/kiosks/${kiosk.id}`, { language: null })).body).toMatchObject({ language: 'fr', ownLanguage: null });
    expect(await settings()).toBe('fr');
  });
});

describe('scanning and exchanges', () => {
  it('answers a scan with the public card, and nothing private', async () => {
    const { app } = makeApp();
    const { dana } = await aishaAndDana(app);
    const kiosk = await pairedKiosk(app);
    const res = await send(app, 'GET', `/api/scan?badge=${encodeURIComponent(`${dana.badgeUrl}\r\n`)}`, undefined, kiosk.headers);
    expect(res.body).toEqual({ id: dana.id, name: 'Dana Whitfield', title: 'CEO', company: 'LedgerLight', offering: dana.offering });
  });

  it('records one exchange per pair: 201 the first time, 200 and a higher count after', async () => {
    const { app } = makeApp();
    const { aisha, dana } = await aishaAndDana(app);
    const kiosk = await pairedKiosk(app);
    const first = await send(app, 'POST', '/api/exchanges', { a: aisha.badgeUrl, b: dana.badgeUrl }, kiosk.headers);
    expect(first.status).toBe(201);
    expect(first.body.exchange).toMatchObject({ a: aisha.id, b: dana.id, count: 1, kiosks: [kiosk.id] });
    expect(first.body.people.a).toMatchObject({ name: 'Aisha Mbeki' });
    expect(first.body.talkingPoints.forA[0]).toMatchObject({ kind: 'need-match', need: 'Hiring two backend developers' });
    const again = await send(app, 'POST', '/api/exchanges', { a: dana.badgeUrl, b: aisha.badgeUrl }, kiosk.headers);
    expect(again.status).toBe(200);
    expect(again.body.exchange).toMatchObject({ id: first.body.exchange.id, count: 2 });
    expect((await send(app, 'GET', '/api/exchanges')).body.total).toBe(1);
  });

  it('honours the idempotency key: a retried tap counts once', async () => {
    const { app } = makeApp();
    const { aisha, dana } = await aishaAndDana(app);
    const kiosk = await pairedKiosk(app);
    const body = { a: aisha.badgeUrl, b: dana.badgeUrl, key: 'kiosk-retry-0001' };
    const results = await Promise.all([1, 2, 3].map(() => send(app, 'POST', '/api/exchanges', body, kiosk.headers)));
    expect(results.map((r) => r.body.exchange.count)).toEqual([1, 1, 1]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('keeps each kiosk’s idempotency keys its own, and refuses a key reused for another pair', async () => {
    const { app } = makeApp();
    const { aisha, dana } = await aishaAndDana(app);
    const { body: sam } = await send(app, 'POST', '/api/attendees', profile({ name: 'Sam Okafor', email: 'sam@example.org' }));
    const [left, right] = [await pairedKiosk(app, 'Left'), await pairedKiosk(app, 'Right')];
    const key = 'same-key-0001';
    expect((await send(app, 'POST', '/api/exchanges', { a: aisha.badgeUrl, b: dana.badgeUrl, key }, left.headers)).status).toBe(201);
    // Another kiosk that happens to pick the same key records its own meeting.
    const other = await send(app, 'POST', '/api/exchanges', { a: sam.badgeUrl, b: dana.badgeUrl, key }, right.headers);
    expect(other.status).toBe(201);
    expect(other.body.exchange.a).toBe(sam.id);
    // The same kiosk reusing it for another pair is a mistake, said as such, and records nothing.
    const reused = await send(app, 'POST', '/api/exchanges', { a: sam.badgeUrl, b: aisha.badgeUrl, key }, left.headers);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('key_reused');
    expect((await send(app, 'GET', '/api/exchanges')).body.total).toBe(2);
    // A true retry (the pair in either order) is still a 200 repeat.
    const retry = await send(app, 'POST', '/api/exchanges', { a: dana.badgeUrl, b: aisha.badgeUrl, key }, left.headers);
    expect(retry.status).toBe(200);
    expect(retry.body.exchange.count).toBe(1);
  });

  it('introduces, at the next meeting, someone met earlier who offers what the other needs', async () => {
    const { app } = makeApp();
    const { aisha, dana } = await aishaAndDana(app);
    const { body: sam } = await send(app, 'POST', '/api/attendees', profile({ name: 'Sam Okafor', email: 'sam@example.org', offering: 'I audit cloud bills', needs: ['A lawyer'] }));
    const kiosk = await pairedKiosk(app);
    await send(app, 'POST', '/api/exchanges', { a: sam.badgeUrl, b: aisha.badgeUrl }, kiosk.headers);
    const { body } = await send(app, 'POST', '/api/exchanges', { a: sam.badgeUrl, b: dana.badgeUrl }, kiosk.headers);
    expect(body.talkingPoints.forA.find((p: { kind: string }) => p.kind === 'intro')).toMatchObject({ via: aisha.id });
  });

  it('refuses bad scans with the contract statuses and records nothing', async () => {
    const { app } = makeApp();
    const { aisha, dana } = await aishaAndDana(app);
    const kiosk = await pairedKiosk(app);
    const token = aisha.badgeUrl.split('/B/')[1];
    const forged = aisha.badgeUrl.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'));
    await send(app, 'POST', `/api/attendees/${dana.id}/badge/reissue`);
    const cases: [unknown, unknown, number, string][] = [
      [aisha.badgeUrl, aisha.badgeUrl, 400, 'same_badge'],
      ['hello', aisha.badgeUrl, 400, 'invalid_badge'],
      ['', aisha.badgeUrl, 400, 'invalid_badge'],
      [forged, aisha.badgeUrl, 404, 'unknown_badge'],
      [`${token}X`.replace(/X$/, 'Z'), dana.badgeUrl, 404, 'unknown_badge'],
      [aisha.badgeUrl, dana.badgeUrl, 410, 'revoked_badge'],
      [42, aisha.badgeUrl, 400, 'invalid_input'],
    ];
    for (const [a, b, status, code] of cases) {
      const res = await send(app, 'POST', '/api/exchanges', { a, b }, kiosk.headers);
      expect(res.status, `${String(a)} ${code}`).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect((await send(app, 'GET', '/api/exchanges')).body.total).toBe(0);
  });

  it('forgets an erased attendee\'s exchanges', async () => {
    const { app } = makeApp();
    const { aisha, dana } = await aishaAndDana(app);
    const kiosk = await pairedKiosk(app);
    await send(app, 'POST', '/api/exchanges', { a: aisha.badgeUrl, b: dana.badgeUrl }, kiosk.headers);
    await send(app, 'DELETE', `/api/attendees/${aisha.id}`);
    expect((await send(app, 'GET', '/api/exchanges')).body.total).toBe(0);
    expect((await send(app, 'GET', `/api/exchanges?attendee=${dana.id}`)).body.exchanges).toEqual([]);
  });
});
