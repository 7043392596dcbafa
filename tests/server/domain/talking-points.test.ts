import { describe, expect, it } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import { createAttendee, type Attendee, type AttendeeFields } from '../../../server/domain/attendee.ts';
import { ProfileIndex } from '../../../server/domain/matching/profile-index.ts';
import { callName, talkingPointsFor } from '../../../server/domain/talking-points.ts';

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
