import { describe, expect, it } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import evalSet from '../../../matching/eval-set.json' with { type: 'json' };
import { seedDemoIfEmpty } from '../../../server/demo/seed-demo.ts';
import { asksForCustomers } from '../../../server/domain/matching/need-kind.ts';
import { earnsClaim, NeedMatcher } from '../../../server/domain/matching/need-matcher.ts';
import { talkingPointsFor } from '../../../server/domain/talking-points.ts';
import { profileTexts } from '../../../server/semantic/semantic-index.ts';
import { startSemanticIndex } from '../../../server/semantic/start.ts';
import { TalkingPoints } from '../../../server/services/talking-points.ts';
import { memoryStore } from '../../../server/store/store.ts';

const matcher = new NeedMatcher(concepts);
const claims = (offering: string, need: string) => earnsClaim(matcher.match(matcher.offering(offering), matcher.need(need)), need, offering);

describe('a claim is earned', () => {
  it.each([
    ['Recruiting agency placing software engineers in startups, paid on success', 'Hiring two backend developers', true],
    ['Contracts, term sheets and employment law for startups, fixed fees', 'A good contract lawyer', true],
    ['I audit AWS and GCP bills and usually find 30% to cut within two weeks', 'Cutting our cloud bill, it doubled this year', true],
    // Customers are found among people, not in an offering that shares their topic.
    ['Fractional CFO for startups from seed to Series A', 'Startups whose cash flow forecasting is a mess', false],
    // A product asked for, a service offered.
    ['Fractional CFO for startups from seed to Series A', 'Software that imports bank statements properly', false],
    // The generic hiring concept, and a role the offering does not fill.
    ['Coding bootcamps for career changers, with job placement', 'Sales hires with climate background', false],
    ['Coding bootcamps for career changers, with job placement', 'hiring!! a paralegal', false],
    // "Engineer" alone is no longer software: a structural engineer is not what a software recruiter places.
    ['Recruiting agency placing software engineers in startups, paid on success', 'A structural engineer to partner with', false],
  ])('%s → %s: %s', (offering, need, expected) => {
    expect(claims(offering, need)).toBe(expected);
  });

  it.each([
    ['Startups whose cash flow forecasting is a mess', true],
    ['SaaS teams with confusing onboarding', true],
    ['Clients in healthcare or fintech', true],
    ['E-commerce brands expanding to Africa', true],
    ['Hiring two backend developers', false],
    ['A designer for our new website', false],
    ['Investors who understand hardware', false],
    ['Mentors for our students', false],
    ['funding', false],
  ])('"%s" asks for customers: %s', (need, expected) => {
    expect(asksForCustomers(need)).toBe(expected);
  });
});

describe('the demo event', () => {
  // A few seconds: the sentence model reads the demo's 41 profiles first, as a server has after a minute.
  it('claims nothing a reader judged wrong, in any of its 820 pairs', { timeout: 60_000 }, async () => {
    const labels = new Map(evalSet.demo.pairs.map((p) => [`${p.offering}\n${p.need}`, p.match]));
    const store = memoryStore();
    await seedDemoIfEmpty(store, new Date());
    const semantic = await startSemanticIndex(() => {});
    try {
      const points = new TalkingPoints(store, () => [], semantic.index);
      const people = store.attendees();
      await semantic.index.prepare(people.flatMap(profileTexts));
      const made: string[] = [];
      for (const a of people) {
        for (const b of people) {
          if (a.id === b.id) continue;
          for (const p of talkingPointsFor(a, b, points.index, [])) if (p.kind === 'need-match') made.push(`${a.offering}\n${p.need}`);
        }
      }
      // Every claim made is one a reader labelled right (a new claim must be read and labelled in matching/eval-set.json).
      expect(made.filter((k) => labels.get(k) !== true)).toEqual([]);
      expect(made.length).toBeGreaterThanOrEqual(15);
      // The demo's first pair: Dana's bookkeeping software is no answer to Aisha's website designer.
      const dana = people.find((p) => p.name === 'Dana Whitfield')!;
      const aisha = people.find((p) => p.name === 'Aisha Mbeki')!;
      expect(talkingPointsFor(dana, aisha, points.index, []).filter((p) => p.kind === 'need-match')).toEqual([]);
      expect(talkingPointsFor(aisha, dana, points.index, [])[0]).toMatchObject({ kind: 'need-match', need: 'Hiring two backend developers' });
    } finally {
      await semantic.close();
    }
  });
});
