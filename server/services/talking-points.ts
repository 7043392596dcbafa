import concepts from '../../matching/concepts.json' with { type: 'json' };
import type { Attendee } from '../domain/attendee.ts';
import { ProfileIndex } from '../domain/matching/profile-index.ts';
import { talkingPointsFor, type TalkingPoint } from '../domain/talking-points.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/store.ts';

/** Who an attendee has met, as ids (the exchanges supply it). */
export type Meetings = (attendeeId: string) => readonly string[];

/**
 * Talking points for pairs of attendees. The profile index is built on first use (a few seconds
 * for 20,000 people, so not at start-up) and then follows every change the store reports.
 */
export class TalkingPoints {
  readonly #store: Store;
  readonly #meetings: Meetings;
  #index: ProfileIndex | null = null;

  constructor(store: Store, meetings: Meetings) {
    this.#store = store;
    this.#meetings = meetings;
    store.onAttendeesChanged((changed, erased) => {
      if (!this.#index) return;
      for (const a of changed) this.#index.upsert(a);
      for (const id of erased) this.#index.remove(id);
    });
  }

  get index(): ProfileIndex {
    this.#index ??= new ProfileIndex(concepts, this.#store.attendees());
    return this.#index;
  }

  /** `forA`: what A could raise with B; `forB`: the reverse. */
  forPair(aId: string, bId: string): { forA: TalkingPoint[]; forB: TalkingPoint[] } {
    const a = this.#attendee(aId);
    const b = this.#attendee(bId);
    if (a.id === b.id) throw new AppError(400, 'same_attendee', 'Talking points need two different people.');
    return {
      forA: talkingPointsFor(a, b, this.index, this.#met(a.id)),
      forB: talkingPointsFor(b, a, this.index, this.#met(b.id)),
    };
  }

  #met(id: string): Attendee[] {
    return this.#meetings(id).flatMap((other) => this.#store.attendee(other) ?? []);
  }

  #attendee(id: string): Attendee {
    const a = this.#store.attendee(id.toLowerCase());
    if (!a) throw new AppError(404, 'not_found', `No attendee has the id ${id}.`);
    return a;
  }
}
