import { Hono } from 'hono';
import { applyChanges, createAttendee, isComplete } from '../domain/attendee.ts';
import { attendeeChangesSchema, newAttendeeSchema } from '../domain/attendee-rules.ts';
import { ownProfile, profileUrl } from '../domain/attendee-view.ts';
import { AppError, notFound } from '../errors.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { assertKnownTopics } from '../services/topics.ts';
import type { AppDeps } from '../app.ts';

/**
 * What attendees do themselves, without staff: register (`POST /api/register`, when staff have
 * opened it) and complete or correct their profile through their personal link
 * (`/api/profile/:key`). Nothing here reveals anyone else's data.
 */
export function selfServiceRoutes(deps: AppDeps) {
  const { store, now, publicUrl } = deps;
  const limited = rateLimit({ limit: 30, windowMs: 60_000 });
  const byKey = (key: string) => {
    const a = store.attendeeByEditKey(key);
    if (!a) throw notFound('That personal link');
    return a;
  };
  // The store names who holds a taken email; a public page must not.
  const emailTaken = (err: unknown) => {
    if (err instanceof AppError && err.code === 'email_taken') {
      throw new AppError(409, 'email_taken', 'This email is already registered. Ask at the registration desk for your personal link.');
    }
    throw err;
  };

  return new Hono()
    .post('/register', limited, ...jsonBody(newAttendeeSchema), async (c) => {
      if (!store.event.registrationOpen) {
        throw new AppError(403, 'registration_closed', 'Self-registration is closed. Please ask at the registration desk.');
      }
      const fields = c.req.valid('json');
      assertKnownTopics(deps, fields, fields.needs.length);
      const attendee = createAttendee(fields, 'register', now());
      await store.insertAttendee(attendee).catch(emailTaken);
      return c.json({ id: attendee.id, name: attendee.name, profileUrl: profileUrl(publicUrl, attendee.editKey) }, 201);
    })
    .get('/profile/:key', limited, (c) => c.json({ ...ownProfile(byKey(c.req.param('key'))), event: store.event.name }))
    .patch('/profile/:key', limited, ...jsonBody(attendeeChangesSchema), async (c) => {
      const current = byKey(c.req.param('key'));
      const changes = c.req.valid('json');
      assertKnownTopics(deps, changes, (changes.needs ?? current.needs).length);
      const next = applyChanges(current, changes, now());
      if (!isComplete(next)) {
        throw new AppError(400, 'invalid_input', 'Fill in your offering and at least one need: they are what people will talk to you about.');
      }
      await store.replaceAttendee(next).catch(emailTaken);
      return c.json({ ...ownProfile(next), event: store.event.name });
    });
}
