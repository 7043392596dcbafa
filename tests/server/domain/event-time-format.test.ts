import { describe, expect, it } from 'vitest';
import { eventTimeFormat } from '../../../server/domain/event-settings.ts';

// The exports' time: "2026-12-03 14:19" in the event's zone, each minute formatted once per export.
describe('eventTimeFormat', () => {
  it.each([
    // [moment, zone, shown]
    ['2026-12-03T13:19:00.000Z', undefined, '2026-12-03 13:19'],
    ['2026-12-03T13:19:59.999Z', 'Europe/Berlin', '2026-12-03 14:19'],
    ['2026-12-03T23:30:00.000Z', 'Europe/Berlin', '2026-12-04 00:30'], // the zone moves the day
    ['2026-12-03T08:14:00.000Z', 'Asia/Kathmandu', '2026-12-03 13:59'], // UTC+5:45
    ['2026-10-25T00:30:00.000Z', 'Europe/Berlin', '2026-10-25 02:30'], // 02:30 summer time
    ['2026-10-25T01:30:00.000Z', 'Europe/Berlin', '2026-10-25 02:30'], // and again, winter time
    ['2026-12-03T14:19:00+01:00', 'UTC', '2026-12-03 13:19'], // another ISO form, read as a date
  ] as [string, string | undefined, string][])('%s in %s is %s', (iso, zone, shown) => {
    expect(eventTimeFormat(zone)(iso)).toBe(shown);
  });

  it('gives each minute of one format the same text, and keeps zones apart', () => {
    const berlin = eventTimeFormat('Europe/Berlin');
    const tokyo = eventTimeFormat('Asia/Tokyo');
    expect([berlin('2026-12-03T13:19:05.000Z'), berlin('2026-12-03T13:19:55.000Z'), berlin('2026-12-03T13:20:00.000Z')]).toEqual(['2026-12-03 14:19', '2026-12-03 14:19', '2026-12-03 14:20']);
    expect(tokyo('2026-12-03T13:19:05.000Z')).toBe('2026-12-03 22:19');
    expect(berlin('2026-12-03T13:19:05.000Z')).toBe('2026-12-03 14:19');
  });
});
