import { describe, expect, it } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import { createAttendee, type Attendee } from '../../../server/domain/attendee.ts';
import { ProfileIndex } from '../../../server/domain/matching/profile-index.ts';
import { talkingPointsFor } from '../../../server/domain/talking-points.ts';
import { TalkingPoints } from '../../../server/services/talking-points.ts';
import { memoryStore } from '../../../server/store/store.ts';

const now = new Date('2026-12-03T09:00:00Z');
const person = (i: number, fields: Partial<Attendee> = {}): Attendee =>
  createAttendee({ name: `Person ${i}`, email: `p${i}@example.org`, offering: `Recruiting agency placing software engineers ${i}`, needs: ['A designer for our website'], ...fields }, 'import', now);

describe('talking points while a big import is indexed', () => {
  it('answers a pair from the import at once, with the points a fresh index gives, and indexes everyone soon after', async () => {
    const store = memoryStore();
    const points = new TalkingPoints(store, () => []);
    await store.upsertAttendees([person(0)], []);
    expect(points.index.size).toBe(1);

    // 1,000 people in one write: more than are indexed before the write returns.
    const founder = person(1, { name: 'Dana Whitfield', offering: 'Bookkeeping software for small firms', needs: ['Hiring two backend developers'] });
    const imported = [founder, ...Array.from({ length: 999 }, (_, i) => person(i + 2))];
    await store.upsertAttendees(imported, []);
    const recruiter = imported[500]!;
    const pair = await points.forPair(recruiter.id, founder.id);
    const fresh = new ProfileIndex(concepts, store.attendees());
    expect(pair.forA).toEqual(talkingPointsFor(recruiter, founder, fresh, []));
    expect(pair.forA[0]!.kind).toBe('need-match');

    // An edit made meanwhile is not overwritten by the import's older copy.
    const edited = { ...imported[900]!, offering: 'Catering for office events', needs: ['A coffee supplier'] };
    await store.upsertAttendees([], [edited]);
    expect(points.index.size).toBe(1001);
    expect(points.index.get(edited.id)).toEqual(new ProfileIndex(concepts, [edited]).get(edited.id));
    expect(points.index.get(edited.id)).not.toEqual(new ProfileIndex(concepts, [imported[900]!]).get(edited.id));
  });
});

describe('talking points after a start', () => {
  it('answers a pair before the whole index is built, and builds the rest in the background', async () => {
    const store = memoryStore();
    const founder = person(1, { name: 'Dana Whitfield', offering: 'Bookkeeping software for small firms', needs: ['Hiring two backend developers'] });
    // Enough people that analysing them all takes many slices of the event loop.
    const everyone = [founder, ...Array.from({ length: 2_999 }, (_, i) => person(i + 2))];
    await store.upsertAttendees(everyone, []);
    const points = new TalkingPoints(store, () => []);

    let whole = false;
    const built = points.buildInBackground().then(() => (whole = true));
    const recruiter = everyone[2_500]!;
    const pair = await points.forPair(recruiter.id, founder.id);
    expect(whole).toBe(false);
    expect(pair.forA[0]).toMatchObject({ kind: 'need-match' });

    await built;
    expect(points.index.size).toBe(3_000);
    expect(await points.forPair(recruiter.id, founder.id)).toEqual(pair);
  });
});

describe('talking points of an event that starts empty', () => {
  it('still indexes a big import in the background, and settles only once it is whole', async () => {
    const store = memoryStore();
    const points = new TalkingPoints(store, () => []);
    await points.buildInBackground();

    // Their words propose nothing; what they confirmed is what the index learns from them.
    const confirmed = Array.from({ length: 300 }, (_, i) => person(i, { offering: 'Widgets and gadgets of all kinds', offeringTopics: ['legal'] }));
    await store.upsertAttendees(confirmed, []);
    await points.settled();
    expect(points.propose('Widgets and gadgets of all kinds', 'offering')).toContain('legal');
  });
});
