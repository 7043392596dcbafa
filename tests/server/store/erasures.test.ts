import { describe, expect, it } from 'vitest';
import { Erasures } from '../../../server/store/erasures.ts';

describe('who went while a journal line of theirs was being written', () => {
  it('names those erased since, and everyone once a purge came since', () => {
    const erasures = new Erasures();
    const before = erasures.mark();
    erasures.erase('dana');
    expect(erasures.goneSince(before, ['dana', 'sam'])).toEqual(['dana']);
    const later = erasures.mark();
    expect(erasures.goneSince(later, ['sam'])).toEqual([]);
    erasures.purge();
    expect(erasures.goneSince(later, ['sam', 'zoe'])).toEqual(['sam', 'zoe']);
    expect(erasures.goneSince(erasures.mark(), ['sam'])).toEqual([]);
  });
});
