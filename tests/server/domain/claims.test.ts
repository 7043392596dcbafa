import { describe, expect, it } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import evalSet from '../../../matching/eval-set.json' with { type: 'json' };
import { seedDemoIfEmpty } from '../../../server/demo/seed-demo.ts';
import { asksForCustomers } from '../../../server/domain/matching/need-kind.ts';
import { earnsClaim, NeedMatcher } from '../../../server/domain/matching/need-matcher.ts';
import { scopePhrases } from '../../../server/domain/matching/offering-scope.ts';
import { talkingPointsFor } from '../../../server/domain/talking-points.ts';
import { profileTexts } from '../../../server/semantic/semantic-index.ts';
import { startSemanticIndex } from '../../../server/semantic/start.ts';
import { TalkingPoints } from '../../../server/services/talking-points.ts';
import { memoryStore } from '../../../server/store/store.ts';

const matcher = new NeedMatcher(concepts);
// `theirs`: the offering of the person whose need it is, as a kiosk knows it.
function claims(offering: string, need: string, theirs?: string): boolean {
  const o = matcher.offering(offering);
  const n = matcher.need(need);
  return earnsClaim(matcher.match(o, n), n, o, theirs === undefined ? undefined : matcher.offering(theirs));
}

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

describe('an offering that names its field or market', () => {
  it.each([
    ['Seed investor in B2B software across the Nordics and Benelux', ['b2b software', 'the nordics and benelux']],
    ['Payment integrations for companies selling into West Africa', ['west africa']],
    ['Angel investor writing first cheques of €25–100k in climate tech', ['climate tech']],
    // Generic words name no field ("startup" is on the concepts' ignore list); "for" names whom it is usually for.
    ['Recruiting agency placing software engineers in startups, paid on success', ['startups']],
    ['Contracts, term sheets and employment law for startups, fixed fees', []],
    // A phrase ends at a modal, a preposition or punctuation.
    ['Product design sprints that turn a messy prototype into something people can use', ['something people']],
    // A measure or a time names no field.
    ["Bookkeeping software that closes a small firm's month in one afternoon", []],
    ['Translation and localization of apps into 30 languages', []],
    ['Business angel investing in B2B SaaS at pre-seed', ['b2b saas']],
  ])('%s names %j', (offering, phrases) => {
    expect(scopePhrases(offering)).toEqual(phrases);
  });

  // The demo's five claims that were wrong once both cards were read, and what would make each right.
  const angel = 'Angel investor writing first cheques of €25–100k in climate tech';
  const seed = 'Seed investor in B2B software across the Nordics and Benelux';
  const payments = 'Payment integrations for companies selling into West Africa';
  it.each([
    [angel, 'raising a seed round', 'Telehealth platform for rural clinics', false],
    [angel, 'Raising a seed round', 'Warehouse picking robots you can rent by the month', false],
    [angel, 'funding', 'Coding bootcamps for career changers, with job placement', false],
    [seed, 'funding', 'Coding bootcamps for career changers, with job placement', false],
    [payments, 'better invoicing, I chase payments for weeks', 'Sonic branding and sound design for apps, games and spaces', false],
    // Inside the field by the other person's own offering, or by the need itself.
    [angel, 'raising a seed round', 'Climate tech: we turn old EV batteries into home storage', true],
    [seed, 'funding', 'B2B software for Dutch logistics firms', true],
    [angel, 'Raising a pre-seed round for our climate tech startup', '', true],
    [payments, 'Taking mobile money payments in West Africa', '', true],
    // A field the words do not name is not seen: regenerative farming is climate tech to a reader.
    [angel, 'Raising a pre-seed round', 'Regenerative farming data platform for mid-size farms', false],
    // An offering that names no field claims for anyone, as before.
    ['Recruiting agency placing software engineers in startups, paid on success', 'Hiring two backend developers', 'Bookkeeping software that closes a small firm\'s month in one afternoon', true],
  ])('%s → %s (their offering: %s): %s', (offering, need, theirs, expected) => {
    expect(claims(offering, need, theirs)).toBe(expected);
  });

  it('counts a topic the other person confirmed for their offering as their field', () => {
    const fund = matcher.offering('Pre-seed fund backing first-time founders in health tech');
    const need = matcher.need('investment');
    const theirs = (topics: string[]) => matcher.offering('An app that gets people back on their feet after knee surgery', topics);
    expect(earnsClaim(matcher.match(fund, need), need, fund, theirs([]))).toBe(false);
    expect(earnsClaim(matcher.match(fund, need), need, fund, theirs(['health']))).toBe(true);
  });

  it('judges by the need alone when the other person\'s offering is not known', () => {
    expect(claims(angel, 'raising a seed round')).toBe(false);
    expect(claims(angel, 'Raising a pre-seed round for our climate tech startup')).toBe(true);
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
      // A rule that claims nothing would pass the line above. 11 since an offering's field counts
      // (the investors' claims became questions: no founder's card here names their field); 21 before.
      expect(made.length).toBeGreaterThanOrEqual(10);
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
