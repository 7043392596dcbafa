import { setImmediate as afterPendingIo } from 'node:timers/promises';
import type { Turn } from '../domain/csv-import.ts';

/**
 * Returns a `turn()` to await between small steps of long synchronous work (parsing a big CSV,
 * planning thousands of rows). Once `sliceMs` of work has run since the last turn it waits for
 * `setImmediate`, so sockets, timers and other requests (a kiosk tap, `/health`) are served
 * before the work goes on; otherwise it returns at once. Promises and `process.nextTick` would
 * not do: both run before the loop gets to I/O.
 *
 * @example
 * const turn = takeTurns();
 * for (const row of rows) { work(row); await turn(); }
 */
export function takeTurns(sliceMs = 10): Turn {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return;
    return afterPendingIo().then(() => {
      since = performance.now();
    });
  };
}
