import { describe, expect, it } from 'vitest';
import { makeApp, profile, send } from '../../helpers.ts';

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
    expect(skip.body).toEqual({ recipients: 2, asked: 4, noEmail: 1, metNobody: 1, sentBefore: 0, senderProblem: expect.stringContaining('placeholder') });
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
});
