import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileStore, makeApp, profile, send, tempDataDir } from '../../helpers.ts';

// Words alone do not link these two ("books", "numbers"); the two people can say what they are about.
const bookkeeper = profile({ name: 'Bea Kovacs', email: 'bea@example.org', offering: 'We make the books of small firms balance every month', needs: ['A designer'] });
const founder = profile({ name: 'Femi Ade', email: 'femi@example.org', offering: 'Tours of our city by bike', needs: ['Nobody here understands our numbers'] });

const claimsOf = (points: { kind: string; need?: string }[]) => points.filter((p) => p.kind === 'need-match').map((p) => p.need);

describe('topics people confirm', () => {
  it('lists the topics and proposes some for what a person types, without signing in', async () => {
    const { app } = makeApp();
    const list = await send(app, 'GET', '/api/topics', undefined, {});
    expect(list.status).toBe(200);
    expect(list.body.topics).toContainEqual({ id: 'hiring', label: 'hiring', source: 'shipped' });
    const proposed = await send(app, 'POST', '/api/topics/propose', { text: 'Hiring two backend developers', side: 'need' }, {});
    expect(proposed.status).toBe(200);
    expect(proposed.body.topics.map((t: { id: string }) => t.id)).toEqual(['hiring', 'engineering']);
    const none = await send(app, 'POST', '/api/topics/propose', { text: 'Seeds for our community garden', side: 'need' }, {});
    expect(none.body.topics).toEqual([]);
    const bad = await send(app, 'POST', '/api/topics/propose', { text: 'x', side: 'wish' }, {});
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('side');
  });

  it('claims a match with certainty when both people confirmed the same topic, and not before', async () => {
    const { app } = makeApp();
    const { body: a } = await send(app, 'POST', '/api/attendees', bookkeeper);
    const { body: b } = await send(app, 'POST', '/api/attendees', founder);
    const before = await send(app, 'GET', `/api/talking-points?a=${a.id}&b=${b.id}`);
    expect(claimsOf(before.body.forA)).toEqual([]);
    // One side confirmed is evidence only: the bookkeeper's words do not name finance.
    await send(app, 'PATCH', `/api/attendees/${b.id}`, { needTopics: [['finance']] });
    expect(claimsOf((await send(app, 'GET', `/api/talking-points?a=${a.id}&b=${b.id}`)).body.forA)).toEqual([]);
    const edited = await send(app, 'PATCH', `/api/attendees/${a.id}`, { offeringTopics: ['finance'] });
    expect(edited.body.offeringTopics).toEqual(['finance']);
    const after = await send(app, 'GET', `/api/talking-points?a=${a.id}&b=${b.id}`);
    expect(after.body.forA[0]).toMatchObject({ kind: 'need-match', need: 'Nobody here understands our numbers', score: 1 });
    expect(after.body.forA[0].matched[0]).toBe('finance and accounting');
  });

  it('proposes what other people confirmed for the same text: the event labels its own examples', async () => {
    const { app } = makeApp();
    const ask = async () => (await send(app, 'POST', '/api/topics/propose', { text: 'nobody here understands our NUMBERS!', side: 'need' }, {})).body.topics.map((t: { id: string }) => t.id);
    const byWords = await ask();
    expect(byWords).not.toContain('finance');
    const { body: b } = await send(app, 'POST', '/api/attendees', { ...founder, needTopics: [['finance']] });
    expect(await ask()).toEqual(['finance', ...byWords]);
    // Only what people confirmed counts: removed again, it is no longer proposed.
    await send(app, 'PATCH', `/api/attendees/${b.id}`, { needTopics: [[]] });
    expect(await ask()).toEqual(byWords);
  });

  it('refuses a topic the event does not know, and keeps the profile as it was', async () => {
    const { app } = makeApp();
    const { body: a } = await send(app, 'POST', '/api/attendees', bookkeeper);
    const res = await send(app, 'PATCH', `/api/attendees/${a.id}`, { offeringTopics: ['finance', 'unicorns'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'unknown_topic' });
    expect(res.body.error.message).toContain('unicorns');
    expect((await send(app, 'GET', `/api/attendees/${a.id}`)).body.offeringTopics).toEqual([]);
    const tooMany = await send(app, 'POST', '/api/attendees', { ...founder, email: 'x@example.org', needTopics: [['finance'], ['legal']] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('one list per need');
    const four = await send(app, 'PATCH', `/api/attendees/${a.id}`, { offeringTopics: ['finance', 'legal', 'sales', 'hiring'] });
    expect(four.status).toBe(400);
    expect(four.body.error.message).toContain('at most 3');
  });

  it('keeps each need’s topics with its text when the needs are edited without them', async () => {
    const { app } = makeApp();
    const { body: a } = await send(app, 'POST', '/api/attendees', { ...founder, needs: ['Funding', 'A lawyer'], needTopics: [['fundraising'], ['legal']] });
    expect(a.needTopics).toEqual([['fundraising'], ['legal']]);
    const moved = await send(app, 'PATCH', `/api/attendees/${a.id}`, { needs: ['A lawyer', 'An office', 'Funding'] });
    expect(moved.body.needTopics).toEqual([['legal'], [], ['fundraising']]);
    const reworded = await send(app, 'PATCH', `/api/attendees/${a.id}`, { needs: ['A good lawyer'] });
    expect(reworded.body.needTopics).toEqual([[]]);
  });

  it('lets attendees confirm topics when they register and through their personal link', async () => {
    const { app } = makeApp();
    const reg = await send(app, 'POST', '/api/register', { ...founder, needTopics: [['finance']] }, {});
    expect(reg.status).toBe(201);
    const key = reg.body.profileUrl.split('/me/')[1];
    const own = await send(app, 'GET', `/api/profile/${key}`, undefined, {});
    expect(own.body).toMatchObject({ offeringTopics: [], needTopics: [['finance']] });
    const changed = await send(app, 'PATCH', `/api/profile/${key}`, { offeringTopics: ['events'] }, {});
    expect(changed.body.offeringTopics).toEqual(['events']);
    const refused = await send(app, 'PATCH', `/api/profile/${key}`, { offeringTopics: ['nope'] }, {});
    expect(refused.status).toBe(400);
  });
});

describe('the event’s own topics', () => {
  let cleanup = async () => {};
  afterEach(() => cleanup());

  it('staff add a topic that people can confirm and the matcher reads at once, and it survives a restart', async () => {
    const tmp = await tempDataDir();
    cleanup = tmp.cleanup;
    const { app, store } = makeApp(await fileStore(tmp.dir));
    const vet = await send(app, 'POST', '/api/attendees', profile({ name: 'Vera', email: 'vera@example.org', offering: 'Practice software for vets', needs: ['A designer'] }));
    const clinic = await send(app, 'POST', '/api/attendees', profile({ name: 'Cal', email: 'cal@example.org', offering: 'Dog grooming', needs: ['Something to run bookings at our clinic'] }));
    const added = await send(app, 'POST', '/api/topics', { label: 'Veterinary practices', terms: ['vets', 'veterinary', 'animal clinic'], offers: ['Practice software for vets'], needs: ['Bookings for our animal clinic'] });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: 'veterinary-practices', label: 'Veterinary practices' });
    expect((await send(app, 'POST', '/api/topics', { label: 'veterinary practices' })).status).toBe(409);
    expect((await send(app, 'POST', '/api/topics', { label: 'x' })).body.error.message).toContain('name');
    // Proposed for a text that names it; listed for everyone.
    const proposed = await send(app, 'POST', '/api/topics/propose', { text: 'Practice software for vets', side: 'offering' }, {});
    expect(proposed.body.topics[0]).toEqual({ id: 'veterinary-practices', label: 'Veterinary practices', source: 'event' });
    await send(app, 'PATCH', `/api/attendees/${vet.body.id}`, { offeringTopics: ['veterinary-practices'] });
    await send(app, 'PATCH', `/api/attendees/${clinic.body.id}`, { needTopics: [['veterinary-practices']] });
    const points = await send(app, 'GET', `/api/talking-points?a=${vet.body.id}&b=${clinic.body.id}`);
    expect(points.body.forA[0]).toMatchObject({ kind: 'need-match', matched: ['Veterinary practices'] });
    // The console's page: terms, examples and how many people each topic reaches.
    const detail = await send(app, 'GET', '/api/topics/detail');
    const vets = detail.body.topics.find((t: { id: string }) => t.id === 'veterinary-practices');
    expect(vets).toMatchObject({ source: 'event', reach: { found: 2, confirmed: 2 }, examples: { offers: ['Practice software for vets'] } });
    expect((await send(app, 'GET', '/api/topics/detail', undefined, {})).status).toBe(401);
    await store.flush();
    expect(JSON.parse(await readFile(join(tmp.dir, 'db.json'), 'utf8')).topics[0].id).toBe('veterinary-practices');

    // A restart (a new app over the same folder) knows the topic and the confirmations.
    const again = makeApp(await fileStore(tmp.dir));
    const list = await send(again.app, 'GET', '/api/topics', undefined, {});
    expect(list.body.topics.map((t: { id: string }) => t.id)).toContain('veterinary-practices');
    expect((await send(again.app, 'GET', `/api/talking-points?a=${vet.body.id}&b=${clinic.body.id}`)).body.forA[0].kind).toBe('need-match');

    // Removed: confirmations of it say nothing any more; shipped topics cannot be removed.
    expect((await send(again.app, 'DELETE', '/api/topics/hiring')).body.error.code).toBe('shipped_topic');
    expect((await send(again.app, 'DELETE', '/api/topics/veterinary-practices')).status).toBe(204);
    expect(claimsOf((await send(again.app, 'GET', `/api/talking-points?a=${vet.body.id}&b=${clinic.body.id}`)).body.forA)).toEqual([]);
  });

  it('imports confirmed topics from CSV columns, by id or name, and refuses a row that names an unknown one', async () => {
    const { app } = makeApp();
    const csv = [
      'Name,Email,Offering,Topics,Need 1,Need 1 topics,Need 2,Need 2 topics',
      'Ana,ana@example.org,Bookkeeping for studios,Finance and accounting,Investors,fundraising,Two developers,"hiring; engineering capacity"',
      'Bo,bo@example.org,Coffee roasting,coffee,A van,vans and trucks,,',
    ].join('\n');
    const res = await app.request('/api/attendees/import', { method: 'POST', headers: { authorization: `Bearer ${(await import('../../helpers.ts')).ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: csv });
    const body = await res.json();
    expect(body.created).toBe(1);
    expect(body.errors).toEqual([{ row: 3, message: expect.stringContaining('"vans and trucks" is not a topic') }]);
    const { body: list } = await send(app, 'GET', '/api/attendees?q=ana');
    expect(list.attendees[0]).toMatchObject({ offeringTopics: ['finance'], needTopics: [['fundraising'], ['hiring', 'engineering']] });
  });
});
