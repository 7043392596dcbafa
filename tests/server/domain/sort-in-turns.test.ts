import { describe, expect, it } from 'vitest';
import { byName } from '../../../server/domain/attendee.ts';
import { sortInTurns } from '../../../server/domain/sort-in-turns.ts';

let seed = 11;
const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) % n);

describe('sorting a long list between turns of the event loop', () => {
  it('gives what Array.prototype.sort gives, equals in their first order, for every length around a run', async () => {
    for (const length of [0, 1, 2, 255, 256, 257, 1000, 5000]) {
      const items = Array.from({ length }, (_, i) => ({ key: rand(50), i }));
      const sorted = await sortInTurns(items, (a, b) => a.key - b.key, () => {});
      expect(sorted, `length ${length}`).toEqual(items.toSorted((a, b) => a.key - b.key));
    }
  });

  it('sorts names as people expect and takes turns on the way, leaving the list it was given as it was', async () => {
    const names = Array.from({ length: 5000 }, (_, i) => ['Zoë Ångström', 'zoe Angstrom', 'Émile', 'emile', 'Ana', 'Åsa', 'Björn'][rand(7)]! + ` ${i % 10}`);
    const given = [...names];
    let turns = 0;
    const sorted = await sortInTurns(names, byName, () => {
      turns++;
    });
    expect(sorted).toEqual(names.toSorted(byName));
    expect(names).toEqual(given);
    // One turn a run of 256 and more while merging: never the whole list in one go.
    expect(turns).toBeGreaterThanOrEqual(20);
  });
});
