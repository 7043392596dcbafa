import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { jsonBody } from '../middleware/json-body.ts';
import type { Attendee } from '../domain/attendee.ts';
import type { AppDeps } from '../app.ts';

const markSchema = z.strictObject({
  offeredBy: z.string({ error: 'offeredBy is the id of the person whose offering was claimed to help.' }).trim().toLowerCase().max(40),
  neededBy: z.string({ error: 'neededBy is the id of the person whose need it was.' }).trim().toLowerCase().max(40),
  need: z.string({ error: 'need is the need as its owner wrote it.' }).max(200),
});

// A page of the claims list looks at this many meetings (both directions each): ~0.4 ms a meeting.
const MEETINGS_PER_PAGE = 300;

const who = (a: Attendee) => ({ id: a.id, name: a.name, company: a.company, offering: a.offering });

/**
 * `/api/claims` (staff): the "your offering may help" claims made at the kiosks, newest meeting
 * first, and the ones staff marked wrong, which are never made again for that pair (nor for the
 * same offering and need, whoever wrote them): the event's labelled negative examples.
 */
export function claimRoutes(deps: AppDeps) {
  const { store, talkingPoints, now } = deps;
  const person = (id: string, role: string) => {
    const a = store.attendee(id);
    if (!a) throw new AppError(404, 'not_found', `No attendee has the id ${id} (${role}).`);
    return a;
  };
  const sameMark = (m: z.infer<typeof markSchema>) => (x: { offeredBy: string; neededBy: string; need: string }) =>
    x.offeredBy === m.offeredBy && x.neededBy === m.neededBy && x.need === m.need;

  return new Hono()
    .get('/', (c) => {
      const before = c.req.query('before');
      // Meetings are kept in the order they first happened: walk back from the newest, or from
      // the meeting before the one the last page ended with (an id: times of two meetings can tie).
      const meetings = store.exchanges.all();
      let i = meetings.length - 1;
      if (before !== undefined) {
        i = meetings.findIndex((e) => e.id === before) - 1;
        if (i < -1) throw new AppError(400, 'invalid_input', 'before is the next value the last page gave; that meeting is gone (erased?), so start again without it.');
      }
      const claims = [];
      let scanned = 0;
      for (; i >= 0 && scanned < MEETINGS_PER_PAGE; i--, scanned++) {
        const e = meetings[i]!;
        for (const [x, y] of [[e.a, e.b], [e.b, e.a]] as const) {
          for (const p of talkingPoints.pointsNow(x, y)) {
            if (p.kind !== 'need-match') continue;
            claims.push({ exchangeId: e.id, at: e.firstAt, offeredBy: who(person(x, 'offeredBy')), neededBy: who(person(y, 'neededBy')), need: p.need!, matched: p.matched ?? [], score: p.score ?? 0, text: p.text });
          }
        }
      }
      const next = i >= 0 ? meetings[i + 1]!.id : null;
      return c.json({ claims, meetingsScanned: scanned, meetings: meetings.length, next });
    })
    .get('/wrong', (c) =>
      c.json({
        wrong: [...store.wrongClaims()].reverse().map((m) => ({ ...m, offeredByName: store.attendee(m.offeredBy)?.name ?? '', neededByName: store.attendee(m.neededBy)?.name ?? '' })),
      }),
    )
    .post('/wrong', ...jsonBody(markSchema), async (c) => {
      const mark = c.req.valid('json');
      const offeredBy = person(mark.offeredBy, 'offeredBy');
      const neededBy = person(mark.neededBy, 'neededBy');
      if (!neededBy.needs.includes(mark.need)) throw new AppError(400, 'invalid_input', `${neededBy.name} has no need "${mark.need}" (any more).`);
      const marks = store.wrongClaims();
      const known = marks.find(sameMark(mark));
      if (known) return c.json(known, 200);
      const added = { ...mark, offering: offeredBy.offering, markedAt: now().toISOString() };
      await store.saveWrongClaims([...marks, added]);
      return c.json(added, 201);
    })
    .delete('/wrong', ...jsonBody(markSchema), async (c) => {
      const mark = c.req.valid('json');
      const marks = store.wrongClaims();
      if (!marks.some(sameMark(mark))) throw new AppError(404, 'not_found', 'That claim is not marked wrong.');
      await store.saveWrongClaims(marks.filter((m) => !sameMark(mark)(m)));
      return c.body(null, 204);
    });
}
