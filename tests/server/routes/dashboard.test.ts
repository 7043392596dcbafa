import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { memoryStore } from '../../../server/store/store.ts';
import { ASSETS_DIR } from '../../../server/ui-build.ts';
import { ADMIN_TOKEN, pairedKiosk, profile, PUBLIC_URL, SECRET, send } from '../../helpers.ts';

describe('GET /api/dashboard', () => {
  it('reports what was recorded: registered, checked in, meetings per hour, busiest kiosks, who met no one, topics, kiosks last seen', async () => {
    // A clock the test moves: meetings at 13:10, 13:40 and 14:05 UTC (14:10, 14:40, 15:05 in Berlin).
    let clock = new Date('2026-12-03T13:00:00Z');
    const app = createApp({ store: memoryStore(), adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR, now: () => clock });
    await send(app, 'PATCH', '/api/event', { timeZone: 'Europe/Berlin' });
    const add = async (fields: Record<string, unknown>) => (await send(app, 'POST', '/api/attendees', profile(fields))).body;
    const dana = await add({ offeringTopics: ['finance'], needTopics: [['hiring'], ['hiring']] });
    const sam = await add({ name: 'Sam Okafor', email: 'sam@example.org', offeringTopics: ['finance'], needTopics: [['fundraising']] });
    const lee = await add({ name: 'Lee Park', email: 'lee@example.org', needTopics: [['hiring']] });
    await add({ name: 'Wen Walkin', email: '' });
    await send(app, 'POST', `/api/badges.pdf?template=a6-4-a4&ids=${dana.id},${sam.id}`);
    const hallA = await pairedKiosk(app, 'Hall A');
    const hallB = await pairedKiosk(app, 'Hall B');
    await send(app, 'POST', '/api/kiosks', { name: 'Never paired' });

    const meet = async (kiosk: { headers: Record<string, string> }, x: { badgeUrl: string }, y: { badgeUrl: string }, at: string) => {
      clock = new Date(at);
      expect((await send(app, 'POST', '/api/exchanges', { a: x.badgeUrl, b: y.badgeUrl }, kiosk.headers)).status).toBeLessThan(300);
    };
    await meet(hallA, dana, sam, '2026-12-03T13:10:00Z');
    await meet(hallA, dana, lee, '2026-12-03T13:40:00Z');
    await meet(hallB, sam, dana, '2026-12-03T14:05:00Z');
    clock = new Date('2026-12-03T14:05:30Z');

    const { status, body } = await send(app, 'GET', '/api/dashboard');
    expect(status).toBe(200);
    expect(body.attendees).toEqual({ registered: 4, checkedIn: 2, incomplete: 0, withoutEmail: 1 });
    expect(body.meetings).toEqual({
      total: 2, taps: 3, peopleWhoMet: 3,
      perHour: [{ hour: '2026-12-03 14:00', count: 2 }],
    });
    expect(body.kiosks.map((k: { name: string; meetings: number; online: boolean }) => [k.name, k.meetings, k.online])).toEqual([
      ['Hall A', 2, false], ['Hall B', 1, true], ['Never paired', 0, false],
    ]);
    expect(body.kiosks[1].lastSeenAt).toBe('2026-12-03T14:05:00.000Z');
    expect(body.kiosks[2]).toMatchObject({ paired: false, lastSeenAt: null });
    expect(body.metNobody).toEqual({ count: 1, people: [{ id: expect.any(String), name: 'Wen Walkin', company: 'LedgerLight', offering: expect.any(String) }] });
    expect(body.topics.asked).toEqual([{ id: 'hiring', label: expect.any(String), count: 2 }, { id: 'fundraising', label: expect.any(String), count: 1 }]);
    expect(body.topics.offered).toEqual([{ id: 'finance', label: expect.any(String), count: 2 }]);
    expect(body.recent[0]).toMatchObject({ names: ['Dana Whitfield', 'Sam Okafor'], count: 2, kiosk: 'Hall B', at: '2026-12-03T14:05:00.000Z' });
    expect((await send(app, 'GET', '/api/dashboard', undefined, {})).status).toBe(401);
  });

  it('shows the meetings each kiosk says it still holds from when the server was away', async () => {
    const app = createApp({ store: memoryStore(), adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR });
    const hallA = await pairedKiosk(app, 'Hall A');
    const hallB = await pairedKiosk(app, 'Hall B');
    const queued = async () => Object.fromEntries((await send(app, 'GET', '/api/dashboard')).body.kiosks.map((k: { name: string; queued: number | null }) => [k.name, k.queued]));
    // Never said: null, not 0 (an older kiosk page, or not heard from since the server started).
    expect(await queued()).toEqual({ 'Hall A': null, 'Hall B': null });

    expect((await send(app, 'GET', '/api/kiosk/settings?queued=3', undefined, hallA.headers)).status).toBe(200);
    expect((await send(app, 'GET', '/api/kiosk/settings?queued=0', undefined, hallB.headers)).status).toBe(200);
    expect(await queued()).toEqual({ 'Hall A': 3, 'Hall B': 0 });

    // Asking without a count keeps the last one; the next count replaces it.
    await send(app, 'GET', '/api/kiosk/settings', undefined, hallA.headers);
    expect(await queued()).toEqual({ 'Hall A': 3, 'Hall B': 0 });
    await send(app, 'GET', '/api/kiosk/settings?queued=0', undefined, hallA.headers);
    expect((await queued())['Hall A']).toBe(0);

    for (const bad of ['-1', 'lots', '1.5', '99999999']) {
      const res = await send(app, 'GET', `/api/kiosk/settings?queued=${bad}`, undefined, hallA.headers);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
    expect((await queued())['Hall A']).toBe(0);
    // Only the kiosk itself reports: no token, no count.
    expect((await send(app, 'GET', '/api/kiosk/settings?queued=5', undefined, {})).status).toBe(401);
  });
});
