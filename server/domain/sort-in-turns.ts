import type { Turn } from './csv-import.ts';

// Sorted by the engine a run at a time, then merged: a collator compares 20,000 names in about
// 300,000 steps of a few microseconds each, so a step between turns is a few hundred of them.
const RUN = 256;

/**
 * `items` sorted by `compare` (stably, as Array.prototype.sort) into a new array, awaiting `turn`
 * between runs and every few hundred merged items: sorting 20,000 names with a collator in one go
 * held the server for over 100 ms, kiosks and all.
 *
 * @example
 * const people = await sortInTurns(store.attendees(), (a, b) => byName(a.name, b.name), takeTurns());
 */
export async function sortInTurns<T>(items: readonly T[], compare: (a: T, b: T) => number, turn: Turn): Promise<T[]> {
  let from = items.slice();
  for (let start = 0; start < from.length; start += RUN) {
    const run = from.slice(start, start + RUN).sort(compare);
    for (let i = 0; i < run.length; i++) from[start + i] = run[i]!;
    await turn();
  }
  let to = new Array<T>(from.length);
  for (let width = RUN; width < from.length; width *= 2) {
    for (let low = 0; low < from.length; low += 2 * width) {
      const middle = Math.min(low + width, from.length);
      const high = Math.min(low + 2 * width, from.length);
      let left = low;
      let right = middle;
      let out = low;
      while (left < middle && right < high) {
        // The left item first when equal: the merge keeps the order of equals, as each run did.
        to[out++] = compare(from[right]!, from[left]!) < 0 ? from[right++]! : from[left++]!;
        if (out % RUN === 0) await turn();
      }
      while (left < middle) to[out++] = from[left++]!;
      while (right < high) to[out++] = from[right++]!;
    }
    [from, to] = [to, from];
    await turn();
  }
  return from;
}
