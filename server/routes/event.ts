import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { isTimeZone, mailSenderProblem } from '../domain/event-settings.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../i18n/languages.ts';

const isoDate = (label: string) => z.iso.date({ error: `${label} must be YYYY-MM-DD.` }).or(z.literal(''));
const text = (label: string, max: number) =>
  z.string({ error: `${label} must be text.` }).trim().max(max, { error: `${label}: at most ${max} characters.` }).refine((s) => !/\p{Cc}/u.test(s), { error: `${label} must be one line.` });

// Whole hours in the event's time zone: 0 is midnight, 23 is 23:00.
const hour = (which: string) =>
  z.number({ error: `Send window: ${which} is an hour, 0 to 23.` }).int({ error: `Send window: ${which} is a whole hour, 0 to 23.` })
    .min(0, { error: `Send window: ${which} is an hour, 0 to 23.` }).max(23, { error: `Send window: ${which} is an hour, 0 to 23.` });

const eventChangesSchema = z
  .strictObject({
    name: z.string().trim().min(1, { error: 'The event needs a name.' }).max(120, { error: 'Event name: at most 120 characters.' }),
    organizerEmail: z.string().trim().pipe(z.email({ error: 'Organizer email does not look like an address (name@example.com).' })),
    organizerName: text('Organizer name', 100),
    date: isoDate('Date'),
    endDate: isoDate('End date'),
    timeZone: z.string({ error: 'Time zone must be text.' }).trim().refine((tz) => tz === '' || isTimeZone(tz), { error: 'Time zone: give a name like Europe/Berlin, America/New_York or UTC.' }),
    venue: text('Venue', 200),
    registrationOpen: z.boolean({ error: 'registrationOpen must be true or false.' }),
    language: z.enum(LANGUAGES, { error: `Language must be one of ${LANGUAGES.join(', ')}.` }),
    digestWindow: z
      .strictObject({ from: hour('from'), until: hour('until') }, { error: 'Send window: give the hours it opens and closes, {from, until}, or null for any time.' })
      .refine((w) => w.from !== w.until, { error: 'Send window: it opens and closes at the same hour; leave both empty for any time.' })
      .nullable(),
  })
  .partial()
  .refine((e) => !e.endDate || !e.date || e.endDate >= e.date, { error: 'The end date is before the start date.', path: ['endDate'] });

/**
 * `/api/event`: anyone reads the public facts (the registration page needs them); staff read
 * and change the event and its settings (`GET /api/event/settings`, `PATCH /api/event`).
 */
export function eventRoutes({ store, staffOnly, mailFrom }: AppDeps) {
  const settings = () => ({ ...store.event, mailFrom: mailFrom || null, senderProblem: mailSenderProblem(store.event, mailFrom) });
  return new Hono()
    .get('/', (c) => {
      const { name, date, registrationOpen, endDate = '', timeZone = '', venue = '', language = DEFAULT_LANGUAGE } = store.event;
      return c.json({ name, date, endDate, timeZone, venue, registrationOpen, language });
    })
    .get('/settings', staffOnly, (c) => c.json(settings()))
    .patch('/', staffOnly, ...jsonBody(eventChangesSchema), async (c) => {
      const changes = c.req.valid('json');
      if (changes.endDate !== undefined && changes.date === undefined && changes.endDate && store.event.date > changes.endDate) {
        throw new AppError(400, 'invalid_input', 'The end date is before the start date.', { fields: { endDate: 'The end date is before the start date.' } });
      }
      await store.updateEvent(changes);
      return c.json(settings());
    });
}
