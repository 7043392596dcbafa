import { Hono } from 'hono';
import { z } from 'zod';
import QRCode from 'qrcode';
import { applyChanges, createAttendee, isComplete, normalizeEmail } from '../domain/attendee.ts';
import { attendeeChangesSchema, newAttendeeSchema } from '../domain/attendee-rules.ts';
import { ownProfile, profileUrl } from '../domain/attendee-view.ts';
import { AppError, notFound } from '../errors.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { fixedWindow, rateLimit } from '../middleware/rate-limit.ts';
import { assertKnownTopics } from '../services/topics.ts';
import { eraseAttendee } from '../services/erasure.ts';
import { contactsOf, mailLink, meetingsOf, meetingUrl, suggestionsFor, takeAlong } from '../services/own-page.ts';
import { verifyMeeting } from '../domain/meeting-token.ts';
import { dropUnpairedBidi } from '../domain/user-text.ts';
import type { AppDeps } from '../app.ts';
import { languageOf, type Language } from '../i18n/languages.ts';
import { queryLanguage } from '../i18n/query-language.ts';

/**
 * What attendees do themselves, without staff: register (`POST /api/register`, when staff have
 * opened it; the personal link goes out by mail) and, through their personal link
 * (`/api/profile/:key`), see the people they met with the talking points, keep notes, see whom
 * to meet next, fix their profile and erase themselves; and open one meeting's take-along page
 * (`/api/meetings/:token`). Nothing here reveals what its holder may not see.
 */
const noteSchema = z.strictObject({
  note: z
    .string({ error: 'Send the note as text.' })
    .max(1000, { error: 'A note is at most 1,000 characters.' })
    .transform((s) => dropUnpairedBidi(s.trim()).trim()),
});
// Erasing oneself is for good: the page asks, and the request says it was asked.
const eraseSchema = z.strictObject({
  confirm: z.literal('delete everything about me', { error: 'To erase yourself, send {"confirm": "delete everything about me"}.' }),
});

export function selfServiceRoutes(deps: AppDeps) {
  const { store, now, publicUrl } = deps;
  // Registering and changing a profile: a person does it a few times, a script many.
  const limited = rateLimit({ limit: 30, windowMs: 60_000 });
  // The own page polls its profile and meetings while open: a few reads a minute per phone, notes
  // as typed. A guess at a 128-bit key costs one of these too.
  const ownPage = rateLimit({ limit: 120, windowMs: 60_000 });
  // Anyone may type a registered email: the link goes to that inbox, but not without end, from
  // however many phones (per address limits do not stop a room of them).
  const linkAgain = fixedWindow({ limit: 3, windowMs: 3_600_000 });
  // The own page shows times in the event's zone, not the phone's: '' is UTC.
  const eventOfPage = () => ({ event: store.event.name, timeZone: store.event.timeZone ?? '' });
  // The page asks in the language it is read in (?lang=de); without it, the reader's own, else the event's.
  const readIn = (asked: string | undefined, reader?: { language?: Language }) => queryLanguage(asked, languageOf(reader, store.event));
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
      // Registered before: the link goes to that address, never to this screen (anyone may type an email).
      const known = fields.email ? store.attendeeByEmail(normalizeEmail(fields.email)) : undefined;
      if (known) {
        const retry = linkAgain(known.id);
        if (retry !== null) {
          c.header('Retry-After', String(retry));
          throw new AppError(429, 'link_sent_recently', 'The personal link for this email was sent there a few times in the last hour. Look for it in that inbox (and its spam folder), or ask at the registration desk.');
        }
        const mailed = await mailLink(deps, known, 'again').then(() => true, () => false);
        if (!mailed) emailTaken(new AppError(409, 'email_taken', ''));
        return c.json({ mailed: true, email: known.email, message: `This email is already registered. We have sent the personal link to ${known.email}: open it there to see or change your profile.` }, 202);
      }
      assertKnownTopics(deps, fields, fields.needs.length);
      const attendee = createAttendee(fields, 'register', now());
      await store.insertAttendee(attendee).catch(emailTaken);
      // The link by mail too, so it is not lost with this screen; a mail that fails costs only the mail.
      const mailed = await mailLink(deps, attendee, 'registered').then(() => true, () => false);
      return c.json({ id: attendee.id, name: attendee.name, profileUrl: profileUrl(publicUrl, attendee.editKey), mailed }, 201);
    })
    .get('/profile/:key', ownPage, (c) => {
      const me = byKey(c.req.param('key'));
      return c.json({ ...ownProfile(me), ...eventOfPage() });
    })
    .patch('/profile/:key', limited, ...jsonBody(attendeeChangesSchema), async (c) => {
      const changes = c.req.valid('json');
      const next = await store
        .updateAttendee(byKey(c.req.param('key')).id, (current) => {
          assertKnownTopics(deps, changes, (changes.needs ?? current.needs).length);
          const next = applyChanges(current, changes, now());
          if (!isComplete(next)) {
            throw new AppError(400, 'invalid_input', 'Fill in your offering and at least one need: they are what people will talk to you about.');
          }
          return next;
        })
        .catch(emailTaken);
      return c.json({ ...ownProfile(next), ...eventOfPage() });
    })
    .get('/profile/:key/meetings', ownPage, (c) => {
      const me = byKey(c.req.param('key'));
      return c.json({ meetings: meetingsOf(deps, me, readIn(c.req.query('lang'), me)) });
    })
    .put('/profile/:key/notes/:id', ownPage, ...jsonBody(noteSchema), async (c) => {
      const me = byKey(c.req.param('key'));
      const other = c.req.param('id').toLowerCase();
      // A note is about someone met: not a place to keep text about anyone else.
      if (!store.exchanges.met(me.id).includes(other)) throw new AppError(404, 'not_found', 'You have not met that person (yet): notes are for people you met.');
      const { note } = c.req.valid('json');
      await store.updateAttendee(me.id, (current) => {
        const { [other]: _old, ...notes } = current.notes ?? {};
        return { ...current, notes: note ? { ...notes, [other]: note } : notes, updatedAt: now().toISOString() };
      });
      return c.json({ note });
    })
    .get('/profile/:key/suggestions', ownPage, async (c) => {
      const me = byKey(c.req.param('key'));
      // Whole-index reads wait for the index a start builds in the background (seconds at 20,000).
      await deps.talkingPoints.settled();
      return c.json({ suggestions: suggestionsFor(deps, me) });
    })
    .get('/profile/:key/contacts.vcf', ownPage, (c) =>
      c.body(contactsOf(deps, byKey(c.req.param('key'))), 200, { 'Content-Type': 'text/vcard; charset=utf-8', 'Content-Disposition': 'attachment; filename="people-i-met.vcf"' }),
    )
    .delete('/profile/:key', limited, ...jsonBody(eraseSchema), async (c) => {
      const me = byKey(c.req.param('key'));
      await eraseAttendee(deps, me.id);
      return c.body(null, 204);
    })
    .get('/meetings/:token', ownPage, (c) => c.json(takeAlong(deps, c.req.param('token'), readIn(c.req.query('lang')))))
    .get('/meetings/:token/qr.svg', ownPage, async (c) => {
      const token = c.req.param('token');
      const id = verifyMeeting(deps.secret, token);
      if (!id || !store.exchanges.byId(id)) throw new AppError(404, 'not_found', 'No such meeting.');
      const svg = await QRCode.toString(meetingUrl(deps, id), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return c.body(svg, 200, { 'Content-Type': 'image/svg+xml' });
    });
}
