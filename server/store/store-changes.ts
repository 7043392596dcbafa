import type { Attendee } from '../domain/attendee.ts';
import { SCHEMA_VERSION, type Db } from './schema.ts';

/** The parts of the document that are small and replaced whole (a few kilobytes at most). */
export type SmallPart = 'event' | 'kiosks' | 'topics' | 'wrongClaims' | 'staffSessions';

/** One change, as a line of `changes.jsonl` without its sequence number. */
export type ChangeBody =
  | { put: Attendee }
  | { erase: string }
  | { purge: true }
  | { set: SmallPart; to: Db[SmallPart] };

/** A journal line: `s` orders it against db.json's `journalSeq` (lines at or below it are folded in). */
export type Change = { s: number } & ChangeBody;

/** The store as a start rebuilds it: attendees by id in the order they came (a Map keeps it), and the rest. */
export interface StoreState {
  attendees: Map<string, Attendee>;
  small: Pick<Db, 'event' | 'kiosks'> & Partial<Pick<Db, 'topics' | 'wrongClaims' | 'staffSessions'>>;
}

export function stateOf(db: Db): StoreState {
  const { event, kiosks, topics, wrongClaims, staffSessions } = db;
  return {
    attendees: new Map(db.attendees.map((a) => [a.id, a])),
    small: { event, kiosks, ...(topics ? { topics } : {}), ...(wrongClaims ? { wrongClaims } : {}), ...(staffSessions ? { staffSessions } : {}) },
  };
}

/** The document db.json holds for a state folded up to `journalSeq`. */
export function documentOf(state: StoreState, journalSeq: number): Db {
  return { schemaVersion: SCHEMA_VERSION, journalSeq, ...state.small, attendees: [...state.attendees.values()] };
}

/**
 * Applies one change to a state; returns the ids it erased. Erasing a person also takes what
 * others hold about them (their notes about them, claims marked wrong that quote them), exactly
 * as the store does in memory, so a start rebuilds what memory held.
 */
export function applyChange(state: StoreState, change: ChangeBody): string[] {
  if ('put' in change) {
    state.attendees.set(change.put.id, change.put);
    return [];
  }
  if ('set' in change) {
    (state.small as Record<SmallPart, unknown>)[change.set] = change.to;
    return [];
  }
  const erased = 'erase' in change ? [change.erase] : [...state.attendees.keys()];
  const gone = new Set(erased);
  for (const id of erased) state.attendees.delete(id);
  if ('purge' in change) {
    state.small.wrongClaims = [];
    return erased;
  }
  for (const a of state.attendees.values()) {
    if (a.notes?.[change.erase] !== undefined) state.attendees.set(a.id, withoutNote(a, change.erase));
  }
  if (state.small.wrongClaims) state.small.wrongClaims = state.small.wrongClaims.filter((m) => !gone.has(m.offeredBy) && !gone.has(m.neededBy));
  return erased;
}

/** The attendee without their note about `id` (a new record: records are never changed in place). */
export function withoutNote(a: Attendee, id: string): Attendee {
  const { [id]: _gone, ...notes } = a.notes ?? {};
  return { ...a, notes };
}
