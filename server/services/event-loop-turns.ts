import type { Turn } from '../domain/csv-import.ts';

/**
 * Returns a `turn()` to await between small steps of long synchronous work (parsing a big CSV,
 * planning thousands of rows). Once `sliceMs` of work has run in this turn of the event loop it
 * waits for `setImmediate`, so sockets, timers and other requests (a kiosk tap, `/health`) are
 * served before the work goes on; otherwise it returns at once. Promises and `process.nextTick`
 * would not do: both run before the loop gets to I/O.
 *
 * Every `turn()` shares one budget per turn of the loop: an import's parsing, the talking-points
 * index catching up with the import before it and the model's reads each taking their own 10 ms
 * of the same turn stalled the loop 40–80 ms. Work that waits goes on one piece per turn of the
 * loop, in the order it came to wait: each gets the whole budget in its turn, so a piece of work
 * made of cheap steps is not slowed to the pace of one made of dear ones. (The store's bulk change
 * and the sentence model's reads yield by a measure of their own, 1,000 people or one text, short
 * steps that do not draw on this budget.)
 *
 * @example
 * const turn = takeTurns();
 * for (const row of rows) { work(row); await turn(); }
 */
export function takeTurns(sliceMs = 10): Turn {
  return () => {
    if (performance.now() - turnStarted < sliceMs) return;
    return nextTurn();
  };
}

/** When the loop last let waiting work through. */
let turnStarted = performance.now();
const waiting: (() => void)[] = [];

function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (!waiting.length) setImmediate(letThrough);
    waiting.push(resolve);
  });
}

/** Lets the first piece of waiting work go on, and the next one at the next turn of the loop. */
function letThrough(): void {
  turnStarted = performance.now();
  const next = waiting.shift()!;
  if (waiting.length) setImmediate(letThrough);
  next();
}
