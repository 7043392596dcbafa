import { describe, expect, it } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import demo from '../../../server/demo/demo-event.json' with { type: 'json' };
import evalSet from '../../../matching/eval-set.json' with { type: 'json' };
import { earnsClaim, mayEarnClaim, NeedMatcher } from '../../../server/domain/matching/need-matcher.ts';

const matcher = new NeedMatcher(concepts);

describe('mayEarnClaim', () => {
  // The introductions skip a match mayEarnClaim rules out, so it must never rule out a claim.
  it('never rules out a match that earns a claim: every offering and need of the demo event and the labelled sets', () => {
    // `theirs`: the offering of the person whose need it is, when known (the demo's people).
    type Pair = { offering: string; need: string; theirs?: string };
    const sets = evalSet as unknown as Record<string, unknown>;
    // Every labelled pair, and every pair of the demo event's offerings and needs.
    const pairs: Pair[] = [...(sets.pairs as Pair[]), ...Object.values(sets).flatMap((v) => ((v as { pairs?: Pair[] }).pairs ?? []))];
    for (const a of demo.attendees) for (const b of demo.attendees) for (const need of b.needs) pairs.push({ offering: a.offering, need, theirs: b.offering });
    let claims = 0;
    for (const p of pairs) {
      const offering = matcher.offering(p.offering);
      const need = matcher.need(p.need);
      const theirs = p.theirs === undefined ? undefined : matcher.offering(p.theirs);
      if (!earnsClaim(matcher.match(offering, need), need, offering, theirs)) continue;
      claims++;
      expect(mayEarnClaim(offering, need, theirs), `${p.offering} → ${p.need}`).toBe(true);
    }
    expect(claims).toBeGreaterThan(20);
  });
});
