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
 * of the same turn stalled the loop 40–80 ms. Work that waits is let through together and
 * takes steps in turn, so none of it stands still behind the others.
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

/** When the loop last let the waiting work through. */
let turnStarted = performance.now();
let waiting: (() => void)[] = [];

function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (!waiting.length) setImmediate(letThrough);
    waiting.push(resolve);
  });
}

function letThrough(): void {
  turnStarted = performance.now();
  const now = waiting;
  waiting = [];
  // They take steps in turn (each step ends in a turn() call, a microtask apart) until the budget
  // is spent; the one whose step spent it waits first, so the next turn starts after it: the
  // extra step goes round.
  for (const resolve of now) resolve();
}
