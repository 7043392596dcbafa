import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeTurns } from '../../../server/services/event-loop-turns.ts';

afterEach(() => vi.restoreAllMocks());

describe('takeTurns', () => {
  it('gives all long work one budget per turn of the loop, shared so none stands still', async () => {
    // A clock the test moves: each step of work "takes" 4 ms, so 3 steps spend a 10 ms budget.
    let clock = 1e9;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    let loopTurn = 0;
    let counting = true;
    const count = () => {
      loopTurn++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const steps: { job: string; loopTurn: number }[] = [];
    const job = async (name: string) => {
      const turn = takeTurns(10);
      for (let i = 0; i < 9; i++) {
        await turn();
        clock += 4;
        steps.push({ job: name, loopTurn });
      }
    };
    await Promise.all([job('index'), job('import'), job('dashboard')]);
    counting = false;

    const byTurn = new Map<number, typeof steps>();
    for (const s of steps) byTurn.set(s.loopTurn, [...(byTurn.get(s.loopTurn) ?? []), s]);
    expect(steps).toHaveLength(27);
    for (const inTurn of byTurn.values()) {
      // The budget's 3 steps, and a step more for each other job at most.
      expect(inTurn.length).toBeLessThanOrEqual(3 + 2);
      // None stands still while the others go on.
      if (inTurn.length >= 3) expect(new Set(inTurn.map((s) => s.job)).size).toBe(3);
    }
  });
});
