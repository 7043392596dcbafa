import { describe, expect, it } from 'vitest';
import { dashboard, type DashboardMeeting } from '../../../server/domain/dashboard.ts';

// Meetings per hour count new pairs by the hour of their first meeting, in the event's time zone.
const perHour = async (firstAts: string[], timeZone?: string) => {
  const meetings: DashboardMeeting[] = firstAts.map((at, i) => ({ a: `a${i}`, b: `b${i}`, count: 1, firstAt: at, lastAt: at, kiosks: [] }));
  return (await dashboard({ attendees: [], meetings, kiosks: [], topicLabel: () => undefined, timeZone })).meetings.perHour;
};

describe('meetings per hour', () => {
  it.each([
    // [first meetings (UTC), zone, hours]
    [['2026-12-03T13:10:00.000Z', '2026-12-03T13:59:59.999Z', '2026-12-03T14:00:00.000Z'], undefined, [['2026-12-03 13:00', 2], ['2026-12-03 14:00', 1]]],
    [['2026-12-03T13:10:00.000Z', '2026-12-03T13:40:00.000Z'], 'Europe/Berlin', [['2026-12-03 14:00', 2]]],
    // A quarter-hour zone (UTC+5:45): the same UTC hour falls in two local hours.
    [['2026-12-03T08:14:00.000Z', '2026-12-03T08:15:00.000Z', '2026-12-03T08:16:30.000Z'], 'Asia/Kathmandu', [['2026-12-03 13:00', 1], ['2026-12-03 14:00', 2]]],
    // Past midnight locally moves the day as well.
    [['2026-12-03T23:30:00.000Z'], 'Europe/Berlin', [['2026-12-04 00:00', 1]]],
    // Clocks go back (Berlin, 25 Oct 2026): 02:30 twice, one hour apart, in the same local hour.
    [['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'], 'Europe/Berlin', [['2026-10-25 02:00', 2]]],
    // A moment written another way than the store writes it is read all the same.
    [['2026-12-03T14:10:00+01:00', '2026-12-03T13:20:00.000Z'], 'UTC', [['2026-12-03 13:00', 2]]],
  ] as [string[], string | undefined, [string, number][]][])('%j in %s', async (firstAts, zone, hours) => {
    expect(await perHour(firstAts, zone)).toEqual(hours.map(([hour, count]) => ({ hour, count })));
  });

  it('keeps zones apart when one process answers for several', async () => {
    const at = ['2026-12-03T13:10:00.000Z'];
    expect(await perHour(at, 'Asia/Tokyo')).toEqual([{ hour: '2026-12-03 22:00', count: 1 }]);
    expect(await perHour(at, 'America/New_York')).toEqual([{ hour: '2026-12-03 08:00', count: 1 }]);
    expect(await perHour(at, 'Asia/Tokyo')).toEqual([{ hour: '2026-12-03 22:00', count: 1 }]);
  });
});

describe('the latest meetings', () => {
  it('are the twelve seen last, newest first, ties in the order recorded, whatever order the meetings come in', async () => {
    const minutes = [5, 42, 17, 42, 3, 59, 28, 11, 42, 36, 50, 8, 23, 47, 31, 14];
    const meetings: DashboardMeeting[] = minutes.map((m, i) => ({
      a: `a${i}`, b: `b${i}`, count: i + 1, firstAt: '2026-12-03T09:00:00.000Z', lastAt: `2026-12-03T10:${String(m).padStart(2, '0')}:00.000Z`, kiosks: [],
    }));
    const recent = (await dashboard({ attendees: [], meetings, kiosks: [], topicLabel: () => undefined })).recent;
    expect(recent.map((m) => m.at.slice(14, 16))).toEqual(['59', '50', '47', '42', '42', '42', '36', '31', '28', '23', '17', '14']);
    // The three at 10:42 in the order they were recorded (the 2nd, 4th and 9th; count tells them apart here).
    expect(recent.slice(3, 6).map((m) => m.count)).toEqual([2, 4, 9]);
    expect((await dashboard({ attendees: [], meetings: meetings.slice(0, 3), kiosks: [], topicLabel: () => undefined })).recent.map((m) => m.at.slice(14, 16))).toEqual(['42', '17', '05']);
  });
});
