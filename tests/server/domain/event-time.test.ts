import { describe, expect, it } from 'vitest';
import { eventClock, eventDayTime } from '../../../server/domain/event-time.ts';

describe('eventClock', () => {
  it.each([
    // [moment, zone, shown]
    ['2026-12-05T13:19:00Z', undefined, '13:19'],
    ['2026-12-05T13:19:00Z', '', '13:19'],
    ['2026-12-05T13:19:00Z', 'UTC', '13:19'],
    ['2026-12-05T13:19:00Z', 'Europe/Berlin', '14:19'], // winter: UTC+1
    ['2026-07-05T13:19:00Z', 'Europe/Berlin', '15:19'], // summer: UTC+2
    ['2026-03-29T00:59:00Z', 'Europe/Berlin', '01:59'], // the last minute before clocks go forward
    ['2026-03-29T01:00:00Z', 'Europe/Berlin', '03:00'], // and the first after: 02:xx never shows
    ['2026-11-01T05:30:00Z', 'America/New_York', '01:30'], // 01:30 EDT
    ['2026-11-01T06:30:00Z', 'America/New_York', '01:30'], // 01:30 again, EST
    ['2026-12-05T23:05:00Z', 'Asia/Kolkata', '04:35'], // a half-hour zone, past midnight
    ['2026-12-05T00:00:00Z', 'UTC', '00:00'], // midnight is 00, not 24
  ])('%s in %s is %s', (iso, zone, shown) => {
    expect(eventClock(iso, zone)).toBe(shown);
  });
});

describe('eventDayTime', () => {
  it.each([
    ['2026-12-05T13:19:00Z', undefined, 'Sat 5 Dec, 13:19'],
    ['2026-12-05T13:19:00Z', 'Europe/Berlin', 'Sat 5 Dec, 14:19'],
    ['2026-12-05T23:30:00Z', 'Europe/Berlin', 'Sun 6 Dec, 00:30'], // the zone moves the day too
    ['2026-12-06T03:00:00Z', 'America/Los_Angeles', 'Sat 5 Dec, 19:00'],
    ['2026-07-04T16:00:00Z', 'America/New_York', 'Sat 4 Jul, 12:00'], // EDT
  ])('%s in %s is %s', (iso, zone, shown) => {
    expect(eventDayTime(iso, zone)).toBe(shown);
  });

  it('takes a Date as well as an ISO string', () => {
    expect(eventDayTime(new Date('2026-12-05T13:19:00Z'), 'Europe/Berlin')).toBe('Sat 5 Dec, 14:19');
  });
});
