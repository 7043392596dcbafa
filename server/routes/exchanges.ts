import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { publicCard } from '../domain/attendee-view.ts';
import { AppError } from '../errors.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { requireKiosk, type KioskEnv } from '../middleware/kiosk-auth.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { attendeeForScan } from '../services/badge-scan.ts';
import { ErasedMeanwhileError, KeyReusedError } from '../store/exchanges.ts';
import { meetingUrl } from '../services/own-page.ts';
import type { AppDeps } from '../app.ts';
import { LANGUAGES, languageOf } from '../i18n/languages.ts';

const exchangeSchema = z.strictObject({
  a: z.string({ error: 'Send both scanned badges as a and b.' }).max(500, { error: 'A scanned badge is at most 500 characters.' }),
  b: z.string({ error: 'Send both scanned badges as a and b.' }).max(500, { error: 'A scanned badge is at most 500 characters.' }),
  key: z.string().trim().min(8, { error: 'An idempotency key has 8 to 100 characters.' }).max(100, { error: 'An idempotency key has 8 to 100 characters.' }).optional(),
  // The language the kiosk shows now (staff set one; people may switch it for their meeting).
  language: z.enum(LANGUAGES, { error: `language must be one of ${LANGUAGES.join(', ')}.` }).optional(),
});

/**
 * What kiosks do (`GET /api/scan`, `POST /api/exchanges`, with the kiosk's token) and what staff
 * read (`GET /api/exchanges`, the live `GET /api/stream`).
 */
export function exchangeRoutes(deps: AppDeps) {
  const { store, secret, now, talkingPoints, live, staffOnly } = deps;
  // Two scans and one exchange a meeting: a busy kiosk does a few a minute; this stops a runaway.
  const perKiosk = rateLimit({ limit: deps.kioskRequestsPerMinute, windowMs: 60_000, key: (c) => `kiosk:${(c.get('kiosk') as { id: string }).id}` });

  const kioskAuth = requireKiosk(store, { presence: deps.kioskPresence, now });
  return new Hono<KioskEnv>()
    .get('/scan', kioskAuth, perKiosk, (c) => c.json(publicCard(attendeeForScan(store, secret, c.req.query('badge') ?? ''))))
    .post('/exchanges', kioskAuth, perKiosk, ...jsonBody(exchangeSchema), async (c) => {
      const body = c.req.valid('json');
      const a = attendeeForScan(store, secret, body.a);
      const b = attendeeForScan(store, secret, body.b);
      if (a.id === b.id) throw new AppError(400, 'same_badge', 'That is the same badge twice. Scan the other person’s badge.');
      const { exchange, created } = await store.exchanges.record({ a: a.id, b: b.id, kiosk: c.get('kiosk').id, at: now(), key: body.key }).catch((err: unknown) => {
        if (err instanceof KeyReusedError) throw new AppError(409, 'key_reused', 'This kiosk already used that idempotency key for another pair. Send a new key for each meeting.');
        if (err instanceof ErasedMeanwhileError) throw new AppError(410, 'erased', 'One of the two people asked to be erased just now, so this meeting was not recorded.');
        throw err;
      });
      const response = { exchange, people: { a: publicCard(a), b: publicCard(b) }, talkingPoints: await talkingPoints.forPair(a.id, b.id, body.language ?? languageOf(c.get('kiosk'), store.event)), takeAlongUrl: meetingUrl(deps, exchange.id) };
      live.publish({ type: 'exchange', data: { exchange, people: response.people, kiosk: c.get('kiosk').name } });
      return c.json(response, created ? 201 : 200);
    })
    .get('/exchanges', staffOnly, (c) => {
      const attendee = c.req.query('attendee')?.toLowerCase();
      if (attendee && !store.attendee(attendee)) throw new AppError(404, 'not_found', `No attendee has the id ${attendee}.`);
      const list = (attendee ? store.exchanges.ofAttendee(attendee) : store.exchanges.all()).sort((x, y) => y.lastAt.localeCompare(x.lastAt));
      return c.json({ exchanges: list, total: list.length });
    })
    .get('/stream', staffOnly, (c) => {
      const res = streamSSE(c, async (stream) => {
        const unsubscribe = live.subscribe((e) => void stream.writeSSE({ event: e.type, data: JSON.stringify(e.data) }));
        stream.onAbort(unsubscribe);
        // Keep the connection open (and proxies awake) until the browser goes away.
        while (!stream.aborted) {
          await stream.writeSSE({ event: 'ping', data: '' });
          await stream.sleep(20_000);
        }
        unsubscribe();
      });
      // Names and cards of people meeting: streamSSE's no-cache would let a cache keep them.
      res.headers.set('Cache-Control', 'no-store');
      return res;
    });
}
