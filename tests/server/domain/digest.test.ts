import { describe, expect, it } from 'vitest';
import { createAttendee } from '../../../server/domain/attendee.ts';
import { buildDigest } from '../../../server/domain/digest.ts';
import type { TalkingPoint } from '../../../server/domain/talking-points.ts';

const now = new Date('2026-12-03T09:00:00Z');
const me = createAttendee({ name: 'Dana Whitfield', email: 'dana@example.org', offering: 'Bookkeeping software for small firms' }, 'staff', now);
const marcus = createAttendee({ name: 'Marcus Lindqvist', email: 'marcus@example.org', offering: 'Fractional CFO for startups' }, 'staff', now);
const followUp = (points: TalkingPoint[]) =>
  buildDigest(me, [{ person: marcus, count: 1, firstAt: now.toISOString() }], () => points, 'Demo Day').contacts[0]!.followUp;
const asked = (need: string): TalkingPoint => ({ kind: 'need', need, text: `Ask Marcus about “${need}”.` });

describe('the follow-up line of a digest', () => {
  it.each([
    // Customers wanted: someone who fits, not how it "is going".
    [[asked('Startups whose cash flow forecasting is a mess')], 'Write to Marcus if you think of someone who fits “Startups whose cash flow forecasting is a mess”.'],
    [[asked('Distributors in Asia')], 'Write to Marcus if you think of someone who fits “Distributors in Asia”.'],
    [[asked('Our cloud bill doubled')], 'Ask Marcus how “Our cloud bill doubled” is going.'],
    [[asked('A designer for our new website')], 'Ask Marcus how “A designer for our new website” is going.'],
    [[{ kind: 'need-match', need: 'Better invoicing', text: '…' }, asked('Distributors in Asia')], 'Write to Marcus about “Better invoicing” — your offering may help.'],
    [[], 'Drop Marcus a line: it was good to meet.'],
  ] as [TalkingPoint[], string][])('%j → %s', (points, line) => {
    expect(followUp(points)).toBe(line);
  });
});
