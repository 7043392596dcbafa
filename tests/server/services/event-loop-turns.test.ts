import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeTurns } from '../../../server/services/event-loop-turns.ts';

afterEach(() => vi.restoreAllMocks());

describe('takeTurns', () => {
  it('gives all long work one budget per turn of the loop, to one piece of work after another', async () => {
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
    const turns = [...byTurn.values()];
    // One piece of work per turn of the loop, its whole budget (3 steps) and no more...
    for (const inTurn of turns) {
      expect(new Set(inTurn.map((s) => s.job)).size).toBe(1);
      expect(inTurn.length).toBeLessThanOrEqual(3);
    }
    // ...and each in rotation, none waiting more than two turns for its next.
    const jobs = turns.map((inTurn) => inTurn[0]!.job);
    for (let t = 3; t < jobs.length - 3; t++) expect(jobs.slice(t, t + 3).sort()).toEqual(['dashboard', 'import', 'index']);
  });
});
