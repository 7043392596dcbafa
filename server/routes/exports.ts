import { Hono } from 'hono';
import { byName, type Attendee } from '../domain/attendee.ts';
import { attendeesTable, csvPieces, meetingsTable, type MeetingRow } from '../domain/csv-export.ts';
import { sortInTurns } from '../domain/sort-in-turns.ts';
import { takeTurns } from '../services/event-loop-turns.ts';
import type { AppDeps } from '../app.ts';

/**
 * Staff exports: `GET /api/exports/attendees.csv` (everyone, with consents, badge printed and
 * meetings) and `GET /api/exports/meetings.csv` (who met whom; emails only where shared).
 */
export function exportRoutes({ store, now }: AppDeps) {
  // Streamed a piece at a time, so kiosks are answered while a big export is written.
  const file = (name: string, pieces: AsyncIterable<string>) =>
    new Response(streamOf(pieces), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}-${now().toISOString().slice(0, 10)}.csv"`,
        // Personal data: never kept by a cache on the way.
        'Cache-Control': 'no-store',
      },
    });

  // Someone erased while their export is written is left out of what is still to write.
  const stillHeld = (a: Attendee) => store.attendee(a.id) !== undefined;

  return new Hono()
    .get('/attendees.csv', () =>
      file('attendees', (async function* () {
        const turn = takeTurns();
        const people = await sortInTurns(store.attendees(), (a, b) => byName(a.name, b.name), turn);
        yield* csvPieces(attendeesTable(people, { timeZone: store.event.timeZone, meetings: (id) => store.exchanges.ofAttendee(id).length }), turn, stillHeld);
      })()),
    )
    .get('/meetings.csv', () =>
      file('meetings', (async function* () {
        const turn = takeTurns();
        const kiosks = new Map(store.kiosks().map((k) => [k.id, k.name]));
        const rows: MeetingRow[] = [];
        const meetings = store.exchanges.all();
        for (let i = 0; i < meetings.length; i++) {
          const e = meetings[i]!;
          const a = store.attendee(e.a);
          const b = store.attendee(e.b);
          // Someone erased since: their meetings went with them.
          if (a && b) rows.push({ a, b, count: e.count, firstAt: e.firstAt, lastAt: e.lastAt, where: e.kiosks.map((id) => kiosks.get(id) ?? id) });
          if (i % 250 === 249) await turn();
        }
        // Meetings come in the order they were first recorded, in time order but for a clock set
        // back: sorted only then (ISO times of the store's one form order as strings).
        const inOrder = rows.every((r, i) => i === 0 || rows[i - 1]!.firstAt <= r.firstAt);
        const sorted = inOrder ? rows : await sortInTurns(rows, (x, y) => (x.firstAt < y.firstAt ? -1 : x.firstAt > y.firstAt ? 1 : 0), turn);
        yield* csvPieces(meetingsTable(sorted, { timeZone: store.event.timeZone }), turn, (m) => stillHeld(m.a) && stillHeld(m.b));
      })()),
    );
}

/** The pieces as a response body, each asked for when the client takes the one before. */
function streamOf(pieces: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const utf8 = new TextEncoder();
  const next = pieces[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await next.next();
      if (done) controller.close();
      else controller.enqueue(utf8.encode(value));
    },
    async cancel() {
      await next.return?.();
    },
  });
}
