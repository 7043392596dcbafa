import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { applyChanges, byName, createAttendee, isComplete, newEditKey, queryMatcher } from '../domain/attendee.ts';
import { staffAttendeeSchema, staffChangesSchema } from '../domain/attendee-rules.ts';
import { staffView } from '../domain/attendee-view.ts';
import { refusedRowsCsv } from '../domain/csv-export.ts';
import { AppError, notFound } from '../errors.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { IMPORT_PAGE, MAX_IMPORT_PAGE, importAttendeeCsv } from '../services/attendee-import.ts';
import { eraseAttendee } from '../services/erasure.ts';
import { assertKnownTopics } from '../services/topics.ts';
import { mailLink } from '../services/own-page.ts';
import type { AppDeps } from '../app.ts';

// A ticketing export of 20,000 people is about 3 MB; anything much larger is a wrong file.
const CSV_LIMIT = 8 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

/** Staff routes over the attendee registry: `/api/attendees`. */
export function attendeeRoutes(deps: AppDeps) {
  const { store, now } = deps;
  const view = (a: Parameters<typeof staffView>[0]) => staffView(a, deps);
  const found = (id: string) => {
    const a = store.attendee(id.toLowerCase());
    if (!a) throw notFound('That attendee');
    return a;
  };

  return new Hono()
    .get('/', (c) => {
      const q = c.req.query('q') ?? '';
      const incomplete = c.req.query('incomplete');
      const printed = c.req.query('printed');
      const digest = c.req.query('digest');
      const limit = clampInt(c.req.query('limit'), 500, 1, 5000);
      const offset = clampInt(c.req.query('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
      const matchesQuery = queryMatcher(q);
      const matches = store
        .attendees()
        .filter(
          (a) =>
            matchesQuery(a) &&
            (incomplete === undefined || isComplete(a) === (incomplete === '0')) &&
            (printed === undefined || Boolean(a.printedAt) === (printed === '1')) &&
            (digest === undefined || a.digest === (digest === '1')),
        )
        .sort((a, b) => byName(a.name, b.name));
      return c.json({ attendees: matches.slice(offset, offset + limit).map(view), total: matches.length, limit, offset });
    })
    .post('/', ...jsonBody(staffAttendeeSchema), async (c) => {
      const fields = c.req.valid('json');
      assertKnownTopics(deps, fields, fields.needs.length);
      const attendee = createAttendee(fields, 'staff', now());
      await store.insertAttendee(attendee);
      return c.json(view(attendee), 201);
    })
    .post(
      '/import',
      bodyLimit({
        maxSize: CSV_LIMIT,
        onError: () => {
          throw new AppError(413, 'body_too_large', `The CSV is larger than ${CSV_LIMIT / 1024 / 1024} MB. Split it and import the parts.`);
        },
      }),
      async (c) => {
        const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (!CSV_TYPES.includes(type)) {
          throw new AppError(415, 'unsupported_media_type', 'Send the CSV file itself as the body, with Content-Type: text/csv.');
        }
        const dryRun = ['1', 'true', 'yes'].includes(c.req.query('dryRun') ?? '');
        // The preview and the refused rows come a page at a time (send the file again for the next).
        const page = {
          offset: clampInt(c.req.query('offset'), 0, 0, Number.MAX_SAFE_INTEGER),
          limit: clampInt(c.req.query('limit'), IMPORT_PAGE, 1, MAX_IMPORT_PAGE),
        };
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        // `refused=csv`: every refused row of the file as a CSV to download (nothing is written).
        if (c.req.query('refused') === 'csv') {
          const all = await importAttendeeCsv(store, bytes, { dryRun: true, now: now(), page: { offset: 0, limit: Number.MAX_SAFE_INTEGER } });
          return c.body(refusedRowsCsv(all.errors), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="refused-rows.csv"' });
        }
        return c.json(await importAttendeeCsv(store, bytes, { dryRun, now: now(), page}));
      },
    )
    .get('/:id', (c) => c.json(view(found(c.req.param('id')))))
    .patch('/:id', ...jsonBody(staffChangesSchema), async (c) => {
      const changes = c.req.valid('json');
      const next = await store.updateAttendee(found(c.req.param('id')).id, (current) => {
        assertKnownTopics(deps, changes, (changes.needs ?? current.needs).length);
        const next = applyChanges(current, changes, now());
        // An edit may leave an incomplete profile incomplete, but not take a complete one apart.
        if (isComplete(current) && !isComplete(next)) {
          throw new AppError(400, 'invalid_input', 'A complete profile keeps its offering and at least one need.');
        }
        return next;
      });
      return c.json(view(next));
    })
    .delete('/:id', async (c) => {
      if (!(await eraseAttendee(deps, c.req.param('id').toLowerCase()))) throw notFound('That attendee');
      return c.body(null, 204);
    })
    // The personal link, mailed again (the attendee lost it), or replaced (it leaked): the old one stops.
    .post('/:id/link/mail', async (c) => {
      const a = found(c.req.param('id'));
      if (!a.email) throw new AppError(400, 'no_email', `${a.name} has no email to send the link to; show them the link instead.`);
      await mailLink(deps, a, 'staff');
      return c.json({ mailed: true, to: a.email }, 202);
    })
    .post('/:id/link/rotate', async (c) => {
      const next = await store.updateAttendee(found(c.req.param('id')).id, (current) => ({ ...current, editKey: newEditKey(), updatedAt: now().toISOString() }));
      return c.json(view(next));
    })
    .post('/:id/badge/reissue', async (c) => {
      const next = await store.updateAttendee(found(c.req.param('id')).id, (current) => {
        // The new badge has not been printed yet.
        const { printedAt: _printed, ...rest } = current;
        return { ...rest, badgeVersion: current.badgeVersion + 1, updatedAt: now().toISOString() };
      });
      return c.json(view(next));
    });
}

function clampInt(text: string | undefined, fallback: number, min: number, max: number): number {
  const n = Number.parseInt(text ?? '', 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
