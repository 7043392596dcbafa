import { z } from 'zod';
import { dropUnpairedBidi } from './user-text.ts';
import { LANGUAGES } from '../i18n/languages.ts';
import { LIMITS } from './field-limits.ts';

/**
 * The rules every attendee field obeys, wherever it comes from: the staff console, the
 * registration page, a CSV row or the API. One place, so a CSV row is refused for exactly the
 * reasons a form would be.
 */

export { LIMITS };

// Control characters (newlines, tabs, escape codes) have no place in a one-line field: they
// break badge layout and the plain-text digest.
const CONTROL = /\p{Cc}/u;

/**
 * A trimmed single-line text field of at most `max` characters. A bidi control that is never
 * closed (or closes nothing) is dropped rather than refused: pasted text often carries one
 * unseen, and left in it would reverse the app's words wherever the field is quoted.
 */
function line(label: string, max: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${label} is required.` : `${label} must be text.`) })
    .transform((s) => dropUnpairedBidi(s.trim()).trim())
    .refine((s) => !/[\r\n]/.test(s), { error: `${label} must be one line.` })
    .refine((s) => !CONTROL.test(s), { error: `${label} holds control characters.` })
    .refine((s) => s.length <= max, { error: `${label} must be at most ${max} characters.` });
}

const name = line('Name', LIMITS.name).refine((s) => s.length > 0, { error: 'Name is required.' });

const email = z
  .string({ error: 'Email is required.' })
  .transform((s) => s.trim())
  .pipe(
    z
      .email({ error: 'Email does not look like an address (name@example.com).' })
      .max(LIMITS.email, { error: `Email must be at most ${LIMITS.email} characters.` }),
  );

/**
 * An email staff may leave out: a walk-in or a speaker without one still gets a badge and meets
 * people, and gets no digest. Missing, null or blank all mean "none" (stored as ""); anything
 * else must be an address.
 */
const optionalEmail = z
  .string({ error: 'Email must be text.' })
  .nullish()
  .transform((s) => (s ?? '').trim())
  .pipe(
    z.union([
      z.literal(''),
      z
        .email({ error: 'Email does not look like an address (name@example.com); leave it empty if the person has none.' })
        .max(LIMITS.email, { error: `Email must be at most ${LIMITS.email} characters.` }),
    ]),
  );

const offering = line('Offering', LIMITS.offering);

// Blank needs (an empty third box) are dropped before counting, so a half-filled form works.
const needs = z
  .array(line('Each need', LIMITS.need), {
    error: (issue) => (issue.input === undefined ? 'Give at least one need: what are you looking for?' : 'Needs must be a list of short texts.'),
  })
  .transform((list) => list.filter((n) => n.length > 0))
  .refine((list) => list.length <= LIMITS.needs, { error: 'At most three needs, please: pick the ones that matter most.' });

// A topic is named by its id in the concept list (matching/concepts.json or the event's own):
// lower case, digits and dashes. Whether it exists is checked against the event's list.
const topicId = z
  .string({ error: 'A topic is given by its id, as text.' })
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, { error: 'A topic id is lower case letters, digits and dashes (like "hiring").' });
const topicList = (label: string) =>
  z
    .array(topicId, { error: `${label} must be a list of topic ids.` })
    .max(LIMITS.topics, { error: `${label}: at most ${LIMITS.topics} topics, the ones it is most about.` })
    .transform((list) => [...new Set(list)]);
const offeringTopics = topicList('Offering topics');
// One list per need, in the order of the needs.
const needTopics = z
  .array(topicList('Each need\'s topics'), { error: 'Need topics must be a list with one list of topic ids per need.' })
  .max(LIMITS.needs, { error: 'Need topics: one list per need, at most three.' });

const language = z.enum(LANGUAGES, { error: `Language must be one of ${LANGUAGES.join(', ')}.` });

const consent = (label: string) => z.boolean({ error: `${label} must be true or false.` });

/** Fields that may arrive in any write; all optional here, required ones are enforced below. */
const fieldShape = {
  name,
  email,
  company: line('Company', LIMITS.company),
  title: line('Title', LIMITS.title),
  offering,
  needs,
  goal: line('Goal', LIMITS.goal),
  shareEmail: consent('shareEmail'),
  digest: consent('digest'),
  suggest: consent('suggest'),
  offeringTopics,
  needTopics,
  language,
};

/** A complete profile: what the staff console, the API and self-registration create. */
export const newAttendeeSchema = z
  .strictObject(
    {
      ...fieldShape,
      offering: offering.refine((s) => s.length > 0, { error: 'Offering is required: one line on what you offer.' }),
      needs: needs.refine((l) => l.length >= 1, { error: 'Give at least one need: what are you looking for?' }),
      company: fieldShape.company.optional(),
      title: fieldShape.title.optional(),
      goal: fieldShape.goal.optional(),
      shareEmail: fieldShape.shareEmail.optional(),
      digest: fieldShape.digest.optional(),
      suggest: fieldShape.suggest.optional(),
      offeringTopics: offeringTopics.optional(),
      needTopics: needTopics.optional(),
      language: language.optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : 'Expected a JSON object.') },
  )
  .refine((o) => (o.needTopics?.length ?? 0) <= o.needs.length, { error: 'Need topics: one list per need, no more lists than needs.', path: ['needTopics'] });

/**
 * What staff create (the console, the desk, the API): a complete profile whose email may be
 * left out. Self-registration keeps `newAttendeeSchema`: there the email is how the person
 * gets their personal link.
 */
export const staffAttendeeSchema = z
  .strictObject(
    { ...newAttendeeSchema.shape, email: optionalEmail },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : 'Expected a JSON object.') },
  )
  .refine((o) => (o.needTopics?.length ?? 0) <= o.needs.length, { error: 'Need topics: one list per need, no more lists than needs.', path: ['needTopics'] });

/** A ticket holder from a CSV: a name suffices (an email when there is one); the rest may come later. */
export const importedAttendeeSchema = z.strictObject({
  name,
  email: optionalEmail,
  company: fieldShape.company.optional(),
  title: fieldShape.title.optional(),
  offering: offering.optional(),
  needs: needs.optional(),
  goal: fieldShape.goal.optional(),
  shareEmail: consent('Share email').optional(),
  digest: consent('Digest').optional(),
  suggest: consent('Suggest').optional(),
  offeringTopics: offeringTopics.optional(),
  needTopics: needTopics.optional(),
  language: language.optional(),
});

/** An edit: any subset of fields. An edit may not empty a complete profile's offering or needs. */
export const attendeeChangesSchema = z
  .strictObject(
    {
      name: name.optional(),
      email: email.optional(),
      company: fieldShape.company.optional(),
      title: fieldShape.title.optional(),
      offering: offering.optional(),
      needs: needs.optional(),
      goal: fieldShape.goal.optional(),
      shareEmail: fieldShape.shareEmail.optional(),
      digest: fieldShape.digest.optional(),
      suggest: fieldShape.suggest.optional(),
      offeringTopics: offeringTopics.optional(),
      needTopics: needTopics.optional(),
      language: language.optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : 'Expected a JSON object.') },
  )
  .refine((o) => Object.keys(o).length > 0, { error: 'Nothing to change: send at least one field.' });

/** A staff edit: as an attendee's own, except that staff may remove an email (send ""). */
export const staffChangesSchema = z
  .strictObject(
    { ...attendeeChangesSchema.shape, email: optionalEmail.optional() },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : 'Expected a JSON object.') },
  )
  .refine((o) => Object.keys(o).length > 0, { error: 'Nothing to change: send at least one field.' });

export type NewAttendee = z.infer<typeof newAttendeeSchema>;
export type ImportedAttendee = z.infer<typeof importedAttendeeSchema>;
export type AttendeeChanges = z.infer<typeof attendeeChangesSchema>;

/** One sentence for a person plus a per-field map for forms. */
export function describeIssues(error: { issues: readonly z.core.$ZodIssue[] }): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    fields[key] ??= issue.message;
  }
  return { message: Object.values(fields).join(' '), fields };
}
