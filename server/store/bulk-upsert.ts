import { setImmediate as afterPendingIo } from 'node:timers/promises';
import type { Attendee } from '../domain/attendee.ts';
import { AppError } from '../errors.ts';
import { AttendeeIndexes } from './attendee-indexes.ts';

/**
 * Records a bulk change handles between two turns of the event loop: each piece is a few ms, and
 * a change no bigger than this is applied in place at once (badges of a few people marked printed
 * must not cost a pass over the whole event).
 */
export const BULK_SLICE = 1000;

/** The attendee list with its indexes: what a bulk change swaps in whole. */
export interface AttendeesState {
  list: Attendee[];
  indexes: AttendeeIndexes;
}

/**
 * The state after adding `created` and replacing `updated`, built beside `now` a slice at a time
 * between turns of the event loop: `now` is not touched, so reads meanwhile see it whole, and the
 * caller swaps the result in at once. The caller must keep `now` from changing meanwhile.
 * Throws like the store's single writes: 409 for an email someone else holds, 404 for a person
 * to update who is not there (erased since the import was planned).
 */
export async function upsertBeside(now: AttendeesState, created: readonly Attendee[], updated: readonly Attendee[]): Promise<AttendeesState> {
  const replacing = new Map<string, Attendee>();
  await inSlices(updated, (a) => {
    if (!now.indexes.byId(a.id)) throw new AppError(404, 'not_found', 'An attendee to update was not found.');
    now.indexes.assertEmailFree(a.email, a.id);
    replacing.set(a.id, a);
  });
  await inSlices(created, (a) => now.indexes.assertEmailFree(a.email, a.id));
  const list: Attendee[] = [];
  await inSlices(now.list, (a) => list.push(replacing.get(a.id) ?? a));
  list.push(...created);
  const indexes = new AttendeeIndexes();
  await inSlices(list, (a) => indexes.add(a));
  return { list, indexes };
}

/**
 * Applies a change of at most BULK_SLICE people to `now` in place, at once; returns the undo.
 * Everything is checked before anything changes, so a refusal leaves `now` as it was.
 */
export function upsertInPlace(now: AttendeesState, created: readonly Attendee[], updated: readonly Attendee[]): () => AttendeesState {
  const { list, indexes } = now;
  for (const a of updated) if (!indexes.byId(a.id)) throw new AppError(404, 'not_found', 'An attendee to update was not found.');
  for (const a of [...created, ...updated]) indexes.assertEmailFree(a.email, a.id);
  const before = [...list];
  // Positions looked up once: a findIndex per person made a change of many updates O(n²).
  const positions = updated.length ? new Map(list.map((x, i) => [x.id, i])) : new Map<string, number>();
  for (const a of updated) {
    const i = positions.get(a.id)!;
    indexes.remove(list[i]!);
    list[i] = a;
    indexes.add(a);
  }
  for (const a of created) {
    list.push(a);
    indexes.add(a);
  }
  return () => ({ list: before, indexes: AttendeeIndexes.of(before) });
}

async function inSlices<T>(items: readonly T[], step: (item: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    if (i && i % BULK_SLICE === 0) await afterPendingIo();
    step(items[i]!);
  }
}
