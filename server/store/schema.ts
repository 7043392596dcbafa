import type { Attendee } from '../domain/attendee.ts';
import type { EventTopic } from '../domain/topics.ts';
import type { Language } from '../i18n/languages.ts';

/** The event this server runs. */
export interface EventInfo {
  name: string;
  /** Sender and reply-to of digests unless MAIL_FROM says otherwise. */
  organizerEmail: string;
  /** ISO date (YYYY-MM-DD) of the event day, or empty. */
  date: string;
  /** The last day of an event of several days (YYYY-MM-DD); absent for a one-day event. */
  endDate?: string;
  /** IANA time zone the event's times are shown in ("Europe/Berlin"); absent means UTC. */
  timeZone?: string;
  /** Where it happens, as people would say it ("Harbour Hall, Pier 3"). */
  venue?: string;
  /** Who organizes it: the name digests come from, beside organizerEmail. */
  organizerName?: string;
  /** Whether attendees may sign themselves up at /register. */
  registrationOpen: boolean;
  /**
   * The hours, in `timeZone`, in which "Send digests" may go out (from 9 until 20 is 09:00 to
   * 19:59; from 20 until 2 spans midnight). Absent or null: any time.
   */
  digestWindow?: { from: number; until: number } | null;
  /**
   * The event's language: a kiosk's until staff set its own, the mails of people who chose none
   * (imported from a CSV), and what a page falls back to. Absent means English.
   */
  language?: Language;
}

/** A kiosk staff added: paired once with a code, then known by its token until unpaired. */
export interface Kiosk {
  id: string;
  name: string;
  createdAt: string;
  /** SHA-256 of the kiosk's token (the token itself is only ever sent to the kiosk). */
  tokenHash: string | null;
  pairedAt: string | null;
  /** Set when staff unpair it: its token stops working at once. */
  revokedAt: string | null;
  /** The single-use pairing code, while one is open. */
  pairingCode: string | null;
  pairingExpiresAt: string | null;
  /** False for a scanner-only kiosk: it shows no camera. Absent (older stores) means true. */
  camera?: boolean;
  /** The language its screens start in (people may switch for one meeting); absent: the event's. */
  language?: Language;
}

/**
 * The main document, `db.json`: the store as of its last compaction. Changes since then are
 * lines of `changes.jsonl` (server/store/change-journal.ts) and exchanges lines of
 * `exchanges.jsonl`, so that neither an attendee edit nor a meeting re-serializes 20,000 attendees.
 */
export interface DbV3 {
  schemaVersion: 3;
  /** The last line of `changes.jsonl` folded in here: a start applies only the lines after it. */
  journalSeq: number;
  event: EventInfo;
  attendees: Attendee[];
  kiosks: Kiosk[];
  /** Staff sessions ended before their cookie expires (absent until someone signs out). */
  staffSessions?: StaffSessionRevocations;
  /** Topics staff added for this event, beside the shipped concept list (absent until one is). */
  topics?: EventTopic[];
  /** "Your offering may help" claims staff marked wrong: never made again (absent until one is). */
  wrongClaims?: WrongClaim[];
}

/**
 * A claim staff marked wrong: the offering of `offeredBy` does not help with `need` of
 * `neededBy`. Personal data (a need as typed): erased with either person and by the purge.
 */
export interface WrongClaim {
  offeredBy: string;
  neededBy: string;
  need: string;
  /** The offering as it was when marked: with the need, a labelled negative example. */
  offering: string;
  markedAt: string;
}

/** Sign-outs, so a signed cookie stops working at once instead of at its expiry. */
export interface StaffSessionRevocations {
  /** Bumped by "sign out everywhere": a session of an older generation is over. */
  generation: number;
  /** Single sign-outs: session id → when its cookie would have expired (then it is forgotten). */
  ended: Record<string, string>;
}

export type Db = DbV3;
export const SCHEMA_VERSION = 3;

export const emptyDb = (): Db => ({
  schemaVersion: SCHEMA_VERSION,
  journalSeq: 0,
  event: { name: 'Our event', organizerEmail: 'organizer@example.org', date: '', registrationOpen: true },
  attendees: [],
  kiosks: [],
});

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * Step n turns a version-n document into version n+1. Add a step here, bump SCHEMA_VERSION and
 * the Db type together; files on disk are upgraded when the server opens them.
 */
const migrations: Record<number, Migration> = {
  // Version 0 is a file written before versions existed (or by hand): an attendee list and
  // perhaps an event. Fill in what version 1 requires.
  0: (old) => ({
    ...old,
    event: { ...emptyDb().event, ...(old.event as object | undefined) },
    attendees: Array.isArray(old.attendees) ? old.attendees : [],
    schemaVersion: 1,
  }),
  // Version 2 adds kiosks.
  1: (old) => ({ ...old, kiosks: [], schemaVersion: 2 }),
  // Version 3 keeps the attendees where they were, as the snapshot a change journal (none yet) follows.
  2: (old) => ({ ...old, journalSeq: 0, schemaVersion: 3 }),
};

/** Brings a document read from disk up to the current version; says whether it changed. */
export function migrate(raw: unknown): { db: Db; migrated: boolean } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('The store file does not hold a JSON object; restore it from a backup or move it away.');
  }
  let doc = raw as Record<string, unknown>;
  let version = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : 0;
  if (version > SCHEMA_VERSION) {
    throw new Error(`The store file has schema version ${version}, newer than this server (${SCHEMA_VERSION}). Upgrade Badge Exchange.`);
  }
  const start = version;
  while (version < SCHEMA_VERSION) {
    const step = migrations[version];
    if (!step) throw new Error(`No migration from schema version ${version}.`);
    doc = step(doc);
    version += 1;
  }
  return { db: doc as unknown as Db, migrated: version !== start };
}
