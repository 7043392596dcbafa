/**
 * Which attendee field a CSV column feeds, matched on a folded header (lower case, no accents,
 * punctuation as spaces): "E-Mail", "email address" and "Attendee email" all mean email. Covers
 * our own template and the exports of common ticketing systems (pretix, Eventbrite, Tito).
 */
export type CsvField =
  | 'name' | 'firstName' | 'lastName' | 'email' | 'company' | 'title'
  | 'offering' | 'need1' | 'need2' | 'need3' | 'needs' | 'goal' | 'shareEmail' | 'digest'
  | 'offeringTopics' | 'need1Topics' | 'need2Topics' | 'need3Topics' | 'language';

const HEADERS: Record<CsvField, string[]> = {
  name: ['name', 'full name', 'attendee name', 'participant name', 'your name', 'ticket full name'],
  firstName: [
    'first name', 'firstname', 'given name', 'forename', 'attendee first name', 'attendee name first name',
    'attendee name given name', 'ticket first name', 'vorname', 'prenom',
  ],
  lastName: [
    'last name', 'lastname', 'surname', 'family name', 'attendee last name', 'attendee name last name',
    'attendee name family name', 'attendee name surname', 'ticket last name', 'nachname', 'nom',
  ],
  email: [
    'email', 'e mail', 'email address', 'e mail address', 'attendee email', 'attendee e mail', 'mail',
    'ticket email', 'buyer email', 'order email',
  ],
  company: [
    'company', 'company name', 'organization', 'organisation', 'organization name', 'organisation name',
    'employer', 'attendee company', 'firma', 'unternehmen', 'entreprise',
  ],
  title: ['title', 'job title', 'jobtitle', 'position', 'role', 'job', 'job position', 'attendee job title', 'function'],
  offering: ['offering', 'one line offering', 'your offering', 'what i offer', 'what you offer', 'offer'],
  need1: ['need 1', 'need1', 'first need'],
  need2: ['need 2', 'need2', 'second need'],
  need3: ['need 3', 'need3', 'third need'],
  needs: ['needs', 'need', 'looking for'],
  goal: ['goal', 'goal for the year', 'goal this year', 'yearly goal'],
  shareEmail: ['share email', 'shareemail', 'share my email', 'email sharing', 'share email with people i meet'],
  digest: ['digest', 'send digest', 'send me the digest', 'email digest', 'receive digest'],
  // Confirmed topics: ids or names from the event's topic list, separated by ; or | or ,
  offeringTopics: ['topics', 'offering topics', 'topics of offering', 'offering topic'],
  need1Topics: ['need 1 topics', 'need1 topics', 'need 1 topic', 'first need topics'],
  need2Topics: ['need 2 topics', 'need2 topics', 'need 2 topic', 'second need topics'],
  need3Topics: ['need 3 topics', 'need3 topics', 'need 3 topic', 'third need topics'],
  // The language the person's mails are written in: a code (de) or a name (German, Deutsch).
  language: ['language', 'lang', 'preferred language', 'locale', 'sprache', 'langue', 'idioma'],
};

const LOOKUP = new Map<string, CsvField>();
for (const [field, names] of Object.entries(HEADERS) as [CsvField, string[]][]) {
  for (const n of names) LOOKUP.set(n, field);
}

/** Folds a header for matching: "Attendee name: First name" → "attendee name first name". */
export function foldHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The field a header feeds, or null for columns we do not use (order numbers, prices...). */
export function fieldForHeader(header: string): CsvField | null {
  const folded = foldHeader(header);
  return LOOKUP.get(folded) ?? LOOKUP.get(folded.replace(/ /g, '')) ?? null;
}

const YES = new Set(['yes', 'y', 'true', '1', 'x', 'ja', 'oui', 'si', 'sí', 'on', 'agreed', 'opt in', 'opted in']);
const NO = new Set(['no', 'n', 'false', '0', 'nein', 'non', 'off', 'opt out', 'opted out', '-']);

/** Reads a consent cell; null when it is neither a yes nor a no. */
export function parseConsent(cell: string): boolean | null {
  const v = cell.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

/** Splits a topics cell ("Hiring; engineering capacity") into its names. */
export function splitTopics(cell: string): string[] {
  return cell.split(/[;|,\n]/).map((t) => t.trim()).filter(Boolean);
}
