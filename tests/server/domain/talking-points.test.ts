import { describe, expect, it } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import { createAttendee, type Attendee, type AttendeeFields } from '../../../server/domain/attendee.ts';
import { needKind, type NeedKind } from '../../../server/domain/matching/need-kind.ts';
import { ProfileIndex } from '../../../server/domain/matching/profile-index.ts';
import { callName, talkingPointsFor } from '../../../server/domain/talking-points.ts';
import { FSI, PDI } from '../../../server/domain/user-text.ts';

const now = new Date('2026-12-03T09:00:00Z');
const person = (fields: Partial<AttendeeFields> & { name: string }): Attendee =>
  createAttendee({ email: `${fields.name.replace(/\W/g, '').toLowerCase()}@example.org`, ...fields }, 'staff', now);

const recruiter = person({ name: 'Aisha Mbeki', offering: 'Recruiting agency placing software engineers in startups', needs: ['A designer for our website'] });
const founder = person({ name: 'Dana Whitfield', offering: 'Bookkeeping software for small firms', needs: ['Hiring two backend developers', 'hiring!!'], goal: 'Reach 500 paying firms' });
const auditor = person({ name: 'Sam Okafor', offering: 'I audit AWS and GCP bills and usually find 30% to cut', needs: ['A good contract lawyer'] });
const cafe = person({ name: 'Lucas Moreau', offering: 'Catering for office events', needs: ['A new coffee supplier for our café'] });
const javaDev = person({ name: 'Matteo Bianchi', offering: 'Java developer modernising legacy Spring applications', needs: ['Contract work'] });
const ticketHolder = person({ name: 'Noor Haddad' });
const everyone = [recruiter, founder, auditor, cafe, javaDev, ticketHolder];
const index = new ProfileIndex(concepts, everyone);

describe('talkingPointsFor', () => {
  it('puts a real need-match first, quoting the need exactly and giving the evidence', () => {
    const points = talkingPointsFor(recruiter, founder, index, []);
    expect(points[0]).toMatchObject({ kind: 'need-match', need: 'Hiring two backend developers' });
    expect(points[0]!.matched).toContain('hiring');
    expect(points[0]!.score).toBeGreaterThan(0);
    expect(points[0]!.text).toContain('“Hiring two backend developers”');
  });

  it('says a match is sure when both people confirmed its topic, and names the topic', () => {
    const books = person({ name: 'Bea Kovacs', offering: 'We make the books of small firms balance every month', offeringTopics: ['finance'] });
    const numbers = person({ name: 'Femi Ade', offering: 'Bike tours', needs: ['Nobody here understands our numbers'], needTopics: [['finance']] });
    const unsure = person({ name: 'Femi Ade', offering: 'Bike tours', needs: ['Nobody here understands our numbers'] });
    const idx = new ProfileIndex(concepts, [books, numbers, unsure]);
    const [first] = talkingPointsFor(books, numbers, idx, []);
    expect(first).toMatchObject({ kind: 'need-match', need: 'Nobody here understands our numbers', score: 1, matched: ['finance and accounting'] });
    expect(first!.text).toMatch(/chose .*finance and accounting|as .*finance and accounting/);
    expect(first!.text.length).toBeLessThanOrEqual(160);
    // Confirmed on one side only, the words decide: here they link nothing.
    expect(talkingPointsFor(books, unsure, idx, []).filter((p) => p.kind === 'need-match')).toEqual([]);
    // Marked wrong by staff: a question instead.
    const wrong = talkingPointsFor(books, numbers, idx, [], (by, of, need) => by === books.id && of === numbers.id && need === 'Nobody here understands our numbers');
    expect(wrong.map((p) => p.kind)).not.toContain('need-match');
    expect(wrong).toContainEqual(expect.objectContaining({ kind: 'need', need: 'Nobody here understands our numbers' }));
  });

  it('reads naturally when a need is a fragment', () => {
    const fragment = talkingPointsFor(recruiter, founder, index, []).find((p) => p.need === 'hiring!!')!;
    expect(fragment.kind).toBe('need-match');
    expect(fragment.text).toContain('“hiring”');
    expect(fragment.text).not.toContain('!!”');
  });

  it('makes no need-match between profiles that have nothing to do with each other, look-alikes included', () => {
    expect(talkingPointsFor(javaDev, cafe, index, []).filter((p) => p.kind === 'need-match')).toEqual([]);
    expect(talkingPointsFor(auditor, cafe, index, []).filter((p) => p.kind === 'need-match')).toEqual([]);
  });

  it('asks about the needs, the goal and the offering when nothing matches', () => {
    const points = talkingPointsFor(cafe, founder, index, []);
    expect(points.map((p) => p.kind)).toEqual(['need', 'need', 'goal', 'comment']);
    expect(points[2]!.text).toContain('“Reach 500 paying firms”');
  });

  it('suggests introducing someone A met who offers what B needs', () => {
    const points = talkingPointsFor(auditor, founder, index, [recruiter, cafe]);
    const intro = points.find((p) => p.kind === 'intro')!;
    expect(intro).toMatchObject({ via: recruiter.id, need: 'Hiring two backend developers' });
    expect(intro.text).toMatch(/Aisha Mbeki/);
    // Nobody is introduced to themselves.
    expect(talkingPointsFor(auditor, recruiter, index, [recruiter]).some((p) => p.kind === 'intro')).toBe(false);
  });

  it('claims for an offering that names its field only when the other card is in that field, and asks otherwise', () => {
    const angel = person({ name: 'Priya Raghunathan', offering: 'Angel investor writing first cheques of €25–100k in climate tech', needs: ['Co-investors'] });
    const climate = person({ name: 'Ines Costa', offering: 'Climate tech: we turn old EV batteries into home storage', needs: ['Raising a seed round'] });
    const telehealth = person({ name: 'Kwame Mensah', offering: 'Telehealth platform for rural clinics', needs: ['raising a seed round'] });
    const idx = new ProfileIndex(concepts, [angel, climate, telehealth, founder]);
    // Her field is on the founder's own card, not in the need: the kiosk reads both.
    expect(talkingPointsFor(angel, climate, idx, [])[0]).toMatchObject({ kind: 'need-match', need: 'Raising a seed round' });
    const outside = talkingPointsFor(angel, telehealth, idx, []);
    expect(outside.map((p) => p.kind)).not.toContain('need-match');
    expect(outside).toContainEqual(expect.objectContaining({ kind: 'need', need: 'raising a seed round' }));
    // The same rule for an introduction by someone who met her.
    expect(talkingPointsFor(founder, climate, idx, [angel]).find((p) => p.kind === 'intro')).toMatchObject({ via: angel.id });
    expect(talkingPointsFor(founder, telehealth, idx, [angel]).some((p) => p.kind === 'intro')).toBe(false);
  });

  it('falls back to open questions when the profile says little', () => {
    const points = talkingPointsFor(founder, ticketHolder, index, []);
    expect(points.map((p) => p.kind)).toEqual(['open', 'open', 'open']);
    expect(new Set(points.map((p) => p.text)).size).toBe(3);
    expect(points[0]!.text).toMatch(/^Ask Noor /);
  });

  it('keeps every point to 160 characters, however long the words it quotes', () => {
    const wordy = person({ name: 'Wordy', offering: 'x'.repeat(120), needs: ['y'.repeat(160), 'z'.repeat(160), 'w'.repeat(160)], goal: 'g'.repeat(200) });
    const idx = new ProfileIndex(concepts, [...everyone, wordy]);
    for (const p of talkingPointsFor(founder, wordy, idx, [])) expect(p.text.length).toBeLessThanOrEqual(160);
  });

  it('varies its phrasing between pairs, and keeps it for the same pair', () => {
    // Fixed ids: the choice of phrasing is a function of the pair, so the test is too.
    const askers = Array.from({ length: 30 }, (_, i) => ({ ...person({ name: `Asker ${i}` }), id: `asker${String(i).padStart(5, '0')}` }));
    const texts = new Set(askers.map((a) => talkingPointsFor(a, founder, index, []).find((p) => p.kind === 'goal')!.text));
    expect(texts.size).toBeGreaterThan(1);
    expect(talkingPointsFor(cafe, founder, index, [])).toEqual(talkingPointsFor(cafe, founder, index, []));
  });

  it('follows profile changes: a new need is matched without rebuilding', () => {
    const idx = new ProfileIndex(concepts, everyone);
    const changed = { ...cafe, needs: ['Cutting our cloud bill'] };
    idx.upsert(changed);
    expect(talkingPointsFor(auditor, changed, idx, [])[0]!.kind).toBe('need-match');
    idx.remove(changed.id);
    expect(idx.get(changed.id)).toBeUndefined();
  });

  it.each([['Dana Whitfield', 'Dana'], ['李小龍', '李小龍'], ['  Zoë  Ångström ', 'Zoë']])('calls %s "%s"', (name, call) => {
    expect(callName(name)).toBe(call);
  });
});

describe('questions that fit the kind of need', () => {
  // Askers with nothing to offer, so every need of B becomes a question; fixed ids, so the
  // phrasings each pair gets are fixed too, and sixty of them reach every phrasing of a kind.
  const askers = Array.from({ length: 60 }, (_, i) => ({ ...person({ name: `Asker ${i}` }), id: `kind${String(i).padStart(5, '0')}` }));
  const questionsAbout = (need: string) => {
    const b = person({ name: 'Marcus Lindqvist', offering: 'Fractional CFO for startups', needs: [need] });
    const idx = new ProfileIndex(concepts, [b]);
    return askers.map((a) => talkingPointsFor(a, b, idx, []).find((p) => p.need === need)!);
  };
  // What each kind is asked, and what it must never be asked: customers and people are not
  // obstacles ("what isn't working smoothly with 'Startups whose …'" misreads them).
  const fits: Record<NeedKind, { asks: RegExp; never: RegExp }> = {
    person: { asks: /do you know someone|whom you know/i, never: /smoothly|tried|money|backer/i },
    customers: { asks: /do you know someone/i, never: /smoothly|tried|money|backer|right person/i },
    money: { asks: /money|backer|next step/i, never: /smoothly|tried|right person|ideal customer/i },
    advice: { asks: /like to know|hard part|found out/i, never: /smoothly|money|ideal customer|right person/i },
    problem: { asks: /tried|smoothly|solved/i, never: /do you know someone|money|ideal customer|right person/i },
    other: { asks: /easier|matters most|where do they stand/i, never: /smoothly|money|ideal customer|right person/i },
  };
  it.each<[NeedKind, string[]]>([
    ['person', ['A designer for our new website', 'two backend developers', 'hiring!!']],
    ['customers', ['Startups whose cash flow forecasting is a mess', 'Distributors in Asia', 'More diners']],
    ['money', ['funding', 'Raising a seed round', 'Investors who understand food']],
    ['advice', ['Are we GDPR compliant?', 'Help becoming a better manager', 'Tips on negotiating with landlords']],
    ['problem', ['Our cloud bill doubled', 'Better invoicing', 'Passing our first SOC 2 audit']],
    ['other', ['A new logo', 'Office space', 'A new tractor']],
  ])('asks %s needs their own way, quoting them as typed, in 160 characters', (kind, needs) => {
    for (const need of needs) {
      expect(needKind(need)).toBe(kind);
      const points = questionsAbout(need);
      const quoted = `“${need.trim().replace(/[\s.!?]+$/u, '')}”`;
      for (const p of points) {
        expect(p.kind).toBe('need');
        expect(p.text.length).toBeLessThanOrEqual(160);
        expect(p.text).toContain(quoted);
        expect(p.text).toMatch(fits[kind].asks);
        expect(p.text).not.toMatch(fits[kind].never);
      }
      expect(new Set(points.map((p) => p.text)).size).toBeGreaterThan(1);
    }
  });

  it('shortens a long need of any kind inside its quote, never the question around it', () => {
    const long = `Startups whose ${'cash flow forecasting and '.repeat(8)}month-end close are a mess`;
    expect(needKind(long)).toBe('customers');
    for (const p of questionsAbout(long)) {
      expect(p.text.length).toBeLessThanOrEqual(160);
      expect(p.text).toMatch(/“Startups whose cash flow [^”]*…”/);
      expect(p.text).toMatch(fits.customers.asks);
    }
  });

  it('keeps a right-to-left need isolated in every kind of question', () => {
    for (const p of questionsAbout('تمويل للشركة')) expect(p.text).toContain(`“${FSI}تمويل للشركة${PDI}”`);
  });
});
