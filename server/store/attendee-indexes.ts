import { timingSafeEqual } from 'node:crypto';
import type { Attendee } from '../domain/attendee.ts';
import { AppError } from '../errors.ts';

// 48 of a key's 128 bits find it; all of them are compared in constant time.
const KEY_START = 8;

/**
 * The store's lookups of attendees: by id, by email and by personal key. One object, so a bulk
 * change can build the next one beside the one reads use and swap it in with one assignment.
 */
export class AttendeeIndexes {
  readonly #byId = new Map<string, Attendee>();
  readonly #byEmail = new Map<string, Attendee>();
  // By the personal key's first characters only, the whole key then compared in constant time: a
  // lookup's timing tells a guesser nothing of the rest (a map keyed by the whole key compares it).
  readonly #byKeyStart = new Map<string, Attendee[]>();

  byId(id: string): Attendee | undefined {
    return this.#byId.get(id);
  }

  /** The person with this (normalized) email; never anyone for "" (people without one). */
  byEmail(email: string): Attendee | undefined {
    return email ? this.#byEmail.get(email) : undefined;
  }

  byEditKey(key: string): Attendee | undefined {
    const given = Buffer.from(key);
    for (const a of this.#byKeyStart.get(key.slice(0, KEY_START)) ?? []) {
      const held = Buffer.from(a.editKey);
      if (held.length === given.length && timingSafeEqual(held, given)) return a;
    }
    return undefined;
  }

  /** Throws 409 `email_taken` when someone other than `ownerId` holds this email. */
  assertEmailFree(email: string, ownerId: string): void {
    // Any number of people may have no email (walk-ins); only a real address is one person's.
    if (!email) return;
    const holder = this.#byEmail.get(email);
    if (holder && holder.id !== ownerId) {
      throw new AppError(409, 'email_taken', `${email} is already registered (as ${holder.name}).`, { id: holder.id });
    }
  }

  add(a: Attendee): void {
    this.#byId.set(a.id, a);
    if (a.email) this.#byEmail.set(a.email, a);
    const start = a.editKey.slice(0, KEY_START);
    const same = this.#byKeyStart.get(start);
    if (same) same.push(a);
    else this.#byKeyStart.set(start, [a]);
  }

  remove(a: Attendee): void {
    if (this.#byId.get(a.id) === a) this.#byId.delete(a.id);
    if (this.#byEmail.get(a.email) === a) this.#byEmail.delete(a.email);
    const start = a.editKey.slice(0, KEY_START);
    const others = this.#byKeyStart.get(start)?.filter((x) => x !== a);
    if (others?.length) this.#byKeyStart.set(start, others);
    else this.#byKeyStart.delete(start);
  }

  /** Indexes of these people, built at once (a start, a rollback of a small change). */
  static of(attendees: Iterable<Attendee>): AttendeeIndexes {
    const indexes = new AttendeeIndexes();
    for (const a of attendees) indexes.add(a);
    return indexes;
  }
}
