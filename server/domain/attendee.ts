import { randomBytes } from 'node:crypto';
import type { Language } from '../i18n/languages.ts';

/** One person at the event, as the store keeps them. */
export interface Attendee {
  id: string;
  name: string;
  /** Lower-cased; "" for a person without one (a walk-in): they get a badge but no digest. */
  email: string;
  company: string;
  title: string;
  /** One line, at most 120 characters; empty while the profile is incomplete. */
  offering: string;
  /** One to three; empty while the profile is incomplete. */
  needs: string[];
  goal: string;
  shareEmail: boolean;
  digest: boolean;
  /** May be suggested to people here whose needs the offering meets ("who to meet next"); off until ticked. */
  suggest?: boolean;
  /** The person's private notes about people they met, by the other's id; only they see them. */
  notes?: Record<string, string>;
  /**
   * Topics the person confirmed for their offering (concept ids, at most three): what it is
   * about, in the event's vocabulary. Absent or empty when they confirmed none.
   */
  offeringTopics?: string[];
  /** Confirmed topics per need, in the order of `needs` (at most three each). */
  needTopics?: string[][];
  /**
   * The language the person reads: their pages, their mails and the talking points in them.
   * Absent: the event's language (people imported from a CSV without one).
   */
  language?: Language;
  /** Bumped when a badge is reissued, so tokens signed for an older version stop working. */
  badgeVersion: number;
  /** When the current badge was last printed (ISO), absent when never. */
  printedAt?: string;
  /** Lets the attendee complete or correct their own profile through a personal link. */
  editKey: string;
  source: AttendeeSource;
  createdAt: string;
  updatedAt: string;
}

export type AttendeeSource = 'staff' | 'import' | 'register' | 'demo';

/** What a client may set; everything else belongs to the server. */
export interface AttendeeFields {
  name: string;
  /** Absent or "" for a person without an email. */
  email?: string;
  company?: string;
  title?: string;
  offering?: string;
  needs?: string[];
  goal?: string;
  shareEmail?: boolean;
  digest?: boolean;
  suggest?: boolean;
  offeringTopics?: string[];
  needTopics?: string[][];
  language?: Language;
}

// Crockford base32: no I, L, O, U, so ids survive being read aloud or typed from a badge,
// and every character is valid in QR alphanumeric mode once upper-cased.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

// Every first meeting draws an id: random bytes are fetched a few kilobytes at a time (as
// crypto.randomUUID does) instead of by a call into OpenSSL per id. Each byte is used once.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/** A short random id: 10 base32 characters, 50 bits. */
export function newId(length = 10): string {
  if (used + length > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, length));
    used = 0;
  }
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[pool[used + i]! & 31];
  used += length;
  return id;
}

/** A long random secret for personal links (128 bits, URL-safe). */
export function newEditKey(): string {
  return randomBytes(16).toString('base64url');
}

/** Emails compare case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A profile is complete once it has an offering and at least one need: then it is worth a badge line and talking points. */
export function isComplete(a: Pick<Attendee, 'offering' | 'needs'>): boolean {
  return a.offering.length > 0 && a.needs.length > 0;
}

/** Builds a new attendee from validated fields. */
export function createAttendee(fields: AttendeeFields, source: AttendeeSource, now: Date): Attendee {
  const at = now.toISOString();
  return {
    id: newId(),
    name: fields.name,
    email: normalizeEmail(fields.email ?? ''),
    company: fields.company ?? '',
    title: fields.title ?? '',
    offering: fields.offering ?? '',
    needs: fields.needs ?? [],
    goal: fields.goal ?? '',
    // Privacy by default: an email travels only when its owner says so.
    shareEmail: fields.shareEmail ?? false,
    digest: fields.digest ?? true,
    suggest: fields.suggest ?? false,
    ...topicFields(fields.offeringTopics, fields.needTopics, fields.needs ?? []),
    ...(fields.language ? { language: fields.language } : {}),
    badgeVersion: 1,
    editKey: newEditKey(),
    source,
    createdAt: at,
    updatedAt: at,
  };
}

/** Applies validated changes; fields left out stay as they were. */
export function applyChanges(a: Attendee, changes: Partial<AttendeeFields>, now: Date): Attendee {
  const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<AttendeeFields>;
  const { offeringTopics: _o, needTopics: _n, ...rest } = a;
  const next: Attendee = { ...rest, ...given, updatedAt: now.toISOString() };
  if (given.email !== undefined) next.email = normalizeEmail(given.email);
  // Topics confirmed for a need stay with that need's text when the list is edited without them
  // (a need reworded or removed loses its topics; one moved keeps them).
  const needTopics = given.needTopics ?? next.needs.map((n) => a.needTopics?.[a.needs.indexOf(n)] ?? []);
  return { ...next, ...topicFields(given.offeringTopics ?? a.offeringTopics, needTopics, next.needs) };
}

/** The topic fields as stored: left out when nothing is confirmed, one list per need otherwise. */
function topicFields(offering: string[] | undefined, needs: string[][] | undefined, needTexts: readonly string[]): Pick<Attendee, 'offeringTopics' | 'needTopics'> {
  const perNeed = needTexts.map((_, i) => needs?.[i] ?? []);
  return {
    ...(offering?.length ? { offeringTopics: offering } : {}),
    ...(perNeed.some((t) => t.length) ? { needTopics: perNeed } : {}),
  };
}

/** Sorts by name the way people expect (accents and case aside); one collator for all: localeCompare makes one per call, slow over 20,000 names. */
export const byName = new Intl.Collator(undefined, { sensitivity: 'base' }).compare;

/** Folds case and accents so "zoe angstrom" finds "Zoë Ångström". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\x00-\x7f]/g, (c) => PLAIN_LETTERS[c] ?? c);
}

// Letters that are not a base letter plus an accent, so NFKD leaves them: "Đặng" is typed "dang".
const PLAIN_LETTERS: Record<string, string> = { 'đ': 'd', 'ð': 'd', 'ł': 'l', 'ø': 'o', 'ħ': 'h', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'þ': 'th' };

// Records are replaced, never mutated, on every change, so a text cached per object stays true
// for as long as that object lives.
const searchText = new WeakMap<Attendee, { folded: string; exact: string }>();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A word starts where a letter or digit follows anything else (or the text begins).
const WORD_START = '(?<![\\p{L}\\p{N}])';

/**
 * A test for a search as people type it: every word of the query must begin a word of the
 * attendee's name, email, company, title, offering, needs or goal. Accents are optional one
 * way: "lea" finds Léa (and "lease"), but "Léa" finds only Léa, as phones' contact search does.
 * Case never matters. "ClearView" is one word: "view" does not find it.
 *
 * @example
 * const match = queryMatcher('léa mar')
 * attendees.filter(match)
 */
export function queryMatcher(query: string): (a: Attendee) => boolean {
  const words = query.normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return () => true;
  const tests = words.map((w) => {
    const folded = foldForSearch(w);
    // A word typed with accents is matched as typed; one typed without is matched against folded text.
    const accented = folded !== w;
    const re = new RegExp(WORD_START + escapeRegExp(accented ? w : folded), 'u');
    return { re, accented };
  });
  return (a) => {
    let text = searchText.get(a);
    if (text === undefined) {
      const exact = [a.name, a.email, a.company, a.title, a.offering, ...a.needs, a.goal].join(' \n ').normalize('NFC').toLowerCase();
      text = { exact, folded: foldForSearch(exact) };
      searchText.set(a, text);
    }
    return tests.every(({ re, accented }) => re.test(accented ? text.exact : text.folded));
  };
}

/** Whether every word of the query begins a word of the attendee's searchable text (see `queryMatcher`). */
export function matchesQuery(a: Attendee, query: string): boolean {
  return queryMatcher(query)(a);
}
