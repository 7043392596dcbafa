import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { jsonBody } from '../middleware/json-body.ts';

const eventChangesSchema = z
  .strictObject({
    name: z.string().trim().min(1, { error: 'The event needs a name.' }).max(120, { error: 'Event name: at most 120 characters.' }),
    organizerEmail: z.email({ error: 'Organizer email does not look like an address.' }),
    date: z.iso.date({ error: 'Date must be YYYY-MM-DD.' }).or(z.literal('')),
    registrationOpen: z.boolean({ error: 'registrationOpen must be true or false.' }),
  })
  .partial();

/**
 * `/api/event`: anyone reads the public facts (the registration page needs them); staff change
 * the event and its settings, such as whether self-registration is open.
 */
export function eventRoutes({ store, staffOnly }: AppDeps) {
  return new Hono()
    .get('/', (c) => {
      const { name, date, registrationOpen } = store.event;
      return c.json({ name, date, registrationOpen });
    })
    .patch('/', staffOnly, ...jsonBody(eventChangesSchema), async (c) => c.json(await store.updateEvent(c.req.valid('json'))));
}
