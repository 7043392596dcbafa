import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { memoryStore } from '../../../server/store/store.ts';
import { ASSETS_DIR } from '../../../server/ui-build.ts';
import { ADMIN_TOKEN, fileStore, makeApp, pairedKiosk, profile, PUBLIC_URL, SECRET, send, tempDataDir } from '../../helpers.ts';

describe('claims staff can correct', () => {
  let cleanup = async () => {};
  afterEach(() => cleanup());

  it('lists the claims of the meetings, newest first; one marked wrong is never made again, and goes with the person', async () => {
    const tmp = await tempDataDir();
    cleanup = tmp.cleanup;
    const { app, store } = makeApp(await fileStore(tmp.dir));
    const kiosk = (await pairedKiosk(app, 'Hall A')).headers;
    const { body: aisha } = await send(app, 'POST', '/api/attendees', profile({ name: 'Aisha Mbeki', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['A designer for our website'] }));
    const { body: dana } = await send(app, 'POST', '/api/attendees', profile());
    const { body: omar } = await send(app, 'POST', '/api/attendees', profile({ name: 'Omar Haddad', email: 'omar@example.org', offering: 'Sourdough bakery', needs: ['Hiring a backend developer'] }));

    expect((await send(app, 'GET', '/api/claims')).body).toMatchObject({ claims: [], meetings: 0, next: null });
    const first = await send(app, 'POST', '/api/exchanges', { a: aisha.badgeUrl, b: dana.badgeUrl }, kiosk);
    expect(first.body.talkingPoints.forA[0]).toMatchObject({ kind: 'need-match', need: 'Hiring two backend developers' });
    await send(app, 'POST', '/api/exchanges', { a: omar.badgeUrl, b: aisha.badgeUrl }, kiosk);

    const { body } = await send(app, 'GET', '/api/claims');
    expect(body.meetings).toBe(2);
    // Newest meeting first: Aisha's offering and Omar's need, then Dana's.
    expect(body.claims.map((c: { offeredBy: { name: string }; neededBy: { name: string } }) => `${c.offeredBy.name} → ${c.neededBy.name}`)).toEqual(['Aisha Mbeki → Omar Haddad', 'Aisha Mbeki → Dana Whitfield']);
    expect(body.claims[1]).toMatchObject({ need: 'Hiring two backend developers', offeredBy: { offering: 'Recruiting agency placing software engineers' } });
    expect(body.claims[1].matched).toContain('hiring');

    // Staff mark Dana's claim wrong: gone from the kiosk's next answer and from the list.
    const mark = { offeredBy: aisha.id, neededBy: dana.id, need: 'Hiring two backend developers' };
    expect((await send(app, 'POST', '/api/claims/wrong', mark)).status).toBe(201);
    expect((await send(app, 'POST', '/api/claims/wrong', mark)).status).toBe(200);
    const again = await send(app, 'POST', '/api/exchanges', { a: aisha.badgeUrl, b: dana.badgeUrl }, kiosk);
    expect(again.body.talkingPoints.forA.filter((p: { kind: string }) => p.kind === 'need-match')).toEqual([]);
    expect(again.body.talkingPoints.forA).toContainEqual(expect.objectContaining({ kind: 'need', need: 'Hiring two backend developers' }));
    // Omar's claim, another pair and another need, stands.
    expect((await send(app, 'GET', '/api/claims')).body.claims.map((c: { neededBy: { name: string } }) => c.neededBy.name)).toEqual(['Omar Haddad']);
    // Aisha's digest no longer says so either: it asks.
    const digest = (await send(app, 'GET', `/api/digests/${aisha.id}/preview?format=text`)).body as string;
    const aboutDana = digest.split(/^== /m).find((section) => section.startsWith('Dana Whitfield'))!;
    expect(aboutDana).toContain('Hiring two backend developers');
    expect(aboutDana).not.toMatch(/may help|what you offer/);
    const wrong = await send(app, 'GET', '/api/claims/wrong');
    expect(wrong.body.wrong[0]).toMatchObject({ ...mark, offering: 'Recruiting agency placing software engineers', offeredByName: 'Aisha Mbeki', neededByName: 'Dana Whitfield' });

    // Refused: a need the person does not have, an unknown person; staff only.
    expect((await send(app, 'POST', '/api/claims/wrong', { ...mark, need: 'Coffee' })).status).toBe(400);
    expect((await send(app, 'POST', '/api/claims/wrong', { ...mark, offeredBy: 'nobody' })).status).toBe(404);
    expect((await send(app, 'GET', '/api/claims', undefined, {})).status).toBe(401);

    // Undone: the claim is back.
    expect((await send(app, 'DELETE', '/api/claims/wrong', mark)).status).toBe(204);
    expect((await send(app, 'GET', '/api/claims')).body.claims).toHaveLength(2);
    await send(app, 'POST', '/api/claims/wrong', mark);

    // Erasing Dana removes the mark, which quotes her need, from the file too.
    await store.flush();
    expect(await readFile(join(tmp.dir, 'db.json'), 'utf8')).toContain('wrongClaims');
    expect((await send(app, 'DELETE', `/api/attendees/${dana.id}`)).status).toBe(204);
    await store.flush();
    const db = JSON.parse(await readFile(join(tmp.dir, 'db.json'), 'utf8'));
    expect(db.wrongClaims).toEqual([]);
    expect(JSON.stringify(db)).not.toContain(dana.id);
  });

  // The same claim comes out by two other roads: "Aisha, whom you met, works on that" to someone
  // Dana meets, and Aisha among the people Dana's own page suggests she meet.
  it('once marked wrong, is neither introduced by someone else nor suggested on the person’s own page', async () => {
    const { app } = makeApp();
    const kiosk = (await pairedKiosk(app, 'Hall A')).headers;
    const { body: aisha } = await send(app, 'POST', '/api/attendees', profile({ name: 'Aisha Mbeki', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['A designer for our website'], suggest: true }));
    const { body: dana } = await send(app, 'POST', '/api/attendees', profile());
    const { body: omar } = await send(app, 'POST', '/api/attendees', profile({ name: 'Omar Haddad', email: 'omar@example.org', offering: 'Sourdough bakery', needs: ['A van for deliveries'] }));
    const danaKey = dana.profileUrl.split('/me/')[1];
    const suggested = async () => (await send(app, 'GET', `/api/profile/${danaKey}/suggestions`, undefined, {})).body.suggestions.map((s: { person: { name: string } }) => s.person.name);
    const introsForOmar = async () => (await send(app, 'POST', '/api/exchanges', { a: omar.badgeUrl, b: dana.badgeUrl }, kiosk)).body.talkingPoints.forA.filter((p: { kind: string }) => p.kind === 'intro');

    await send(app, 'POST', '/api/exchanges', { a: omar.badgeUrl, b: aisha.badgeUrl }, kiosk);
    // Before the mark, both roads make the claim (so the test below can fail).
    expect(await suggested()).toEqual(['Aisha Mbeki']);
    expect(await introsForOmar()).toEqual([expect.objectContaining({ via: aisha.id, need: 'Hiring two backend developers' })]);

    expect((await send(app, 'POST', '/api/claims/wrong', { offeredBy: aisha.id, neededBy: dana.id, need: 'Hiring two backend developers' })).status).toBe(201);
    expect(await suggested()).toEqual([]);
    expect(await introsForOmar()).toEqual([]);
  });

  it('pages back through the meetings with the cursor it gives', async () => {
    // One kiosk records 301 meetings here: past its runaway guard of 240 requests a minute.
    const app = createApp({ store: memoryStore(), adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR, kioskRequestsPerMinute: 1000 });
    const kiosk = (await pairedKiosk(app, 'Hall A')).headers;
    const recruiter = (await send(app, 'POST', '/api/attendees', profile({ name: 'Aisha', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['A designer'] }))).body;
    // 301 meetings (about 3 s): one page holds 300, the oldest comes on the next.
    for (let i = 0; i < 301; i++) {
      const p = (await send(app, 'POST', '/api/attendees', profile({ name: `P${i}`, email: `p${i}@example.org`, needs: ['Hiring two backend developers'] }))).body;
      await send(app, 'POST', '/api/exchanges', { a: recruiter.badgeUrl, b: p.badgeUrl }, kiosk);
    }
    const page1 = (await send(app, 'GET', '/api/claims')).body;
    expect(page1).toMatchObject({ meetingsScanned: 300, meetings: 301 });
    expect(page1.claims[0].neededBy.name).toBe('P300');
    expect(page1.next).toEqual(expect.any(String));
    const page2 = (await send(app, 'GET', `/api/claims?before=${encodeURIComponent(page1.next)}`)).body;
    expect(page2.claims.map((c: { neededBy: { name: string } }) => c.neededBy.name)).toEqual(['P0']);
    expect(page2.next).toBeNull();
    expect((await send(app, 'GET', '/api/claims?before=gone')).status).toBe(400);
  });
});
