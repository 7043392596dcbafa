import { describe, expect, it } from 'vitest';
import { makeApp, send } from '../../helpers.ts';

describe('event settings', () => {
  it('starts with the placeholder organizer and says what to set before mail can go out', async () => {
    const { app } = makeApp();
    const { body } = await send(app, 'GET', '/api/event/settings');
    expect(body).toMatchObject({ name: 'Our event', organizerEmail: 'organizer@example.org', mailFrom: null, senderProblem: expect.stringMatching(/Set the organizer's name and email in Settings/) });
  });

  it('keeps date, last day, time zone, venue and organizer; the public part shows no organizer', async () => {
    const { app, store } = makeApp();
    const changes = { name: 'Harbour Meetup', date: '2026-12-03', endDate: '2026-12-04', timeZone: 'Europe/Berlin', venue: 'Harbour Hall, Pier 3', organizerName: 'Ines Ortiz', organizerEmail: ' Team@Harbour.example ' };
    const res = await send(app, 'PATCH', '/api/event', changes);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...changes, organizerEmail: 'Team@Harbour.example', senderProblem: null });
    expect(store.event.timeZone).toBe('Europe/Berlin');
    const pub = await send(app, 'GET', '/api/event', undefined, {});
    expect(pub.body).toEqual({ name: 'Harbour Meetup', date: '2026-12-03', endDate: '2026-12-04', timeZone: 'Europe/Berlin', venue: 'Harbour Hall, Pier 3', registrationOpen: true, language: 'en' });
    expect((await send(app, 'GET', '/api/event/settings', undefined, {})).status).toBe(401);
  });

  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /Time zone: give a name like Europe\/Berlin/],
    ['a date that is not one', { date: '03.12.2026' }, /Date must be YYYY-MM-DD/],
    ['a last day before the first', { date: '2026-12-03', endDate: '2026-12-01' }, /end date is before the start date/],
    ['an organizer email that is not one', { organizerEmail: 'team-at-harbour' }, /Organizer email does not look like an address/],
    ['a venue on two lines', { venue: 'Hall\nPier 3' }, /Venue must be one line/],
  ];
  it.each(refusals)('refuses %s, saying why', async (_label, body, message) => {
    const { app, store } = makeApp();
    const before = { ...store.event };
    const res = await send(app, 'PATCH', '/api/event', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(store.event).toEqual(before);
  });

  it('refuses a last day before the date already set', async () => {
    const { app } = makeApp();
    await send(app, 'PATCH', '/api/event', { date: '2026-12-03' });
    const res = await send(app, 'PATCH', '/api/event', { endDate: '2026-12-02' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ endDate: 'The end date is before the start date.' });
  });
});
