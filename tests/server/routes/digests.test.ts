import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { memoryStore } from '../../../server/store/store.ts';
import { ASSETS_DIR } from '../../../server/ui-build.ts';
import { ADMIN_TOKEN, PUBLIC_URL, SECRET, makeApp, profile, send } from '../../helpers.ts';

describe('sending digests is deliberate', () => {
  it('counts who a run would mail, and why the others would get nothing', async () => {
    const { app, store } = makeApp();
    const add = async (fields: Record<string, unknown>) => (await send(app, 'POST', '/api/attendees', profile(fields))).body;
    const dana = await add({});
    const sam = await add({ name: 'Sam', email: 'sam@example.org' });
    const walkIn = await add({ name: 'Wen', email: '' });
    await add({ name: 'Lee', email: 'lee@example.org' });
    await add({ name: 'Noor', email: 'noor@example.org', digest: false });
    const at = new Date('2026-12-03T10:00:00Z');
    await store.exchanges.record({ a: dana.id, b: sam.id, kiosk: 'k', at });
    await store.exchanges.record({ a: walkIn.id, b: sam.id, kiosk: 'k', at });

    const skip = await send(app, 'GET', '/api/digests/recipients');
    expect(skip.body).toEqual({ recipients: 2, asked: 4, noEmail: 1, metNobody: 1, sentBefore: 0, senderProblem: expect.stringContaining('placeholder'), windowProblem: null });
    const note = await send(app, 'GET', '/api/digests/recipients?noMeetings=note');
    expect(note.body).toMatchObject({ recipients: 3, metNobody: 0, noEmail: 1 });
  });

  it('refuses to mail from a fresh event\'s placeholder organizer, saying what to set; counting still works', async () => {
    const { app, store } = makeApp();
    await send(app, 'POST', '/api/attendees', profile());
    for (const [path, body] of [['/api/digests/send', {}], ['/api/digests/test', { attendee: 'x', email: 'me@example.org' }]] as const) {
      const res = await send(app, 'POST', path, body);
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'organizer_email_missing', message: expect.stringMatching(/placeholder organizer@example\.org.*Set the organizer's name and email in Settings/) });
    }
    expect(store.digests.all()).toEqual([]);
    expect((await send(app, 'POST', '/api/digests/send', { dryRun: true })).status).toBe(202);

    await send(app, 'PATCH', '/api/event', { organizerEmail: 'team@harbour.example' });
    expect((await send(app, 'GET', '/api/digests/recipients')).body.senderProblem).toBeNull();
  });

  it('refuses "Send digests" outside the send window, saying when it opens; a dry run and a test copy go at any time', async () => {
    // 05:00 UTC is 06:00 in Berlin, before a 9-to-20 window.
    let clock = new Date('2026-12-06T05:00:00Z');
    const store = memoryStore();
    const app = createApp({ store, adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR, now: () => clock });
    const a = (await send(app, 'POST', '/api/attendees', profile())).body;
    expect((await send(app, 'PATCH', '/api/event', { organizerEmail: 'team@harbour.example', timeZone: 'Europe/Berlin', digestWindow: { from: 9, until: 20 } })).status).toBe(200);
    expect((await send(app, 'GET', '/api/event/settings')).body.digestWindow).toEqual({ from: 9, until: 20 });

    const message = 'Digests go out between 09:00 and 20:00 (Europe/Berlin). Sending opens Sun 6 Dec, 09:00. A dry run and a test copy work at any time.';
    const refused = await send(app, 'POST', '/api/digests/send', {});
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({ code: 'outside_send_window', message });
    expect((await send(app, 'GET', '/api/digests/recipients')).body.windowProblem).toBe(message);
    expect(store.digests.all()).toEqual([]);
    expect((await send(app, 'POST', '/api/digests/send', { dryRun: true })).status).toBe(202);
    // A test copy passes the window: it gets as far as the mailer, which this app has none of.
    const test = await send(app, 'POST', '/api/digests/test', { attendee: a.id, email: 'me@example.org' });
    expect(test.body.error).toMatchObject({ code: 'no_mailer' });

    // 08:00 UTC is 09:00 in Berlin: open.
    clock = new Date('2026-12-06T08:00:00Z');
    expect((await send(app, 'GET', '/api/digests/recipients')).body.windowProblem).toBeNull();
    expect((await send(app, 'POST', '/api/digests/send', {})).status).toBe(202);

    // 19:00 UTC is 20:00 in Berlin: closed until tomorrow.
    clock = new Date('2026-12-06T19:00:00Z');
    expect((await send(app, 'POST', '/api/digests/send', {})).body.error.message).toContain('Sending opens Mon 7 Dec, 09:00.');

    // Without a window, any time.
    expect((await send(app, 'PATCH', '/api/event', { digestWindow: null })).status).toBe(200);
    expect((await send(app, 'GET', '/api/digests/recipients')).body.windowProblem).toBeNull();
  });

  it('takes a send window of whole hours 0 to 23 that opens and closes at different hours', async () => {
    const { app } = makeApp();
    for (const digestWindow of [{ from: 9, until: 9 }, { from: -1, until: 20 }, { from: 9, until: 24 }, { from: 9.5, until: 20 }, { from: 9 }, 'nine to eight']) {
      const res = await send(app, 'PATCH', '/api/event', { digestWindow });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toHaveProperty('digestWindow');
    }
    // Across midnight is fine: from 20 until 2.
    expect((await send(app, 'PATCH', '/api/event', { digestWindow: { from: 20, until: 2 } })).body.digestWindow).toEqual({ from: 20, until: 2 });
  });
});
