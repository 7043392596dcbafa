import { Hono } from 'hono';
import { byName } from '../domain/attendee.ts';
import { attendeesCsv, meetingsCsv, type MeetingRow } from '../domain/csv-export.ts';
import type { AppDeps } from '../app.ts';

/**
 * Staff exports: `GET /api/exports/attendees.csv` (everyone, with consents, badge printed and
 * meetings) and `GET /api/exports/meetings.csv` (who met whom; emails only where shared).
 */
export function exportRoutes({ store, now }: AppDeps) {
  const file = (name: string, body: string) =>
    new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}-${now().toISOString().slice(0, 10)}.csv"`,
        // Personal data: never kept by a cache on the way.
        'Cache-Control': 'no-store',
      },
    });

  return new Hono()
    .get('/attendees.csv', () => {
      const people = [...store.attendees()].sort((a, b) => byName(a.name, b.name));
      return file('attendees', attendeesCsv(people, { timeZone: store.event.timeZone, meetings: (id) => store.exchanges.ofAttendee(id).length }));
    })
    .get('/meetings.csv', () => {
      const kiosks = new Map(store.kiosks().map((k) => [k.id, k.name]));
      const rows: MeetingRow[] = store.exchanges.all().flatMap((e) => {
        const a = store.attendee(e.a);
        const b = store.attendee(e.b);
        // Someone erased since: their meetings went with them.
        if (!a || !b) return [];
        return [{ a, b, count: e.count, firstAt: e.firstAt, lastAt: e.lastAt, where: e.kiosks.map((id) => kiosks.get(id) ?? id) }];
      });
      rows.sort((x, y) => x.firstAt.localeCompare(y.firstAt));
      return file('meetings', meetingsCsv(rows, { timeZone: store.event.timeZone }));
    });
}
