import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { jsonBody } from '../middleware/json-body.ts';
import type { AppDeps } from '../app.ts';

const purgeSchema = z.strictObject({ confirm: z.string({ error: 'Type the event name to confirm.' }) });

/**
 * `POST /api/purge` (staff): after the event, erase all personal data — attendees, exchanges,
 * digest records, mail kept in the outbox. Staff type the event's name to confirm, as for any
 * step that cannot be undone.
 */
export function purgeRoutes({ store, mailer, digests, afterErasure }: AppDeps) {
  return new Hono().post('/', ...jsonBody(purgeSchema), async (c) => {
    if (c.req.valid('json').confirm.trim() !== store.event.name) {
      throw new AppError(400, 'not_confirmed', `To erase everyone, type the event name exactly: ${store.event.name}`);
    }
    if (digests.progress().running) throw new AppError(409, 'digests_running', 'Digests are being sent; purge once they are done.');
    const erased = await store.purgePersonalData();
    await mailer.discardKept();
    await afterErasure();
    return c.json({ erased });
  });
}
