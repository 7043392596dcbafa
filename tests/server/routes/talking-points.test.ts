import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { memoryStore } from '../../../server/store/store.ts';
import { ASSETS_DIR } from '../../../server/ui-build.ts';
import { ADMIN_TOKEN, makeApp, profile, send } from '../../helpers.ts';

describe('GET /api/talking-points', () => {
  it('answers {forA, forB} in the contract shape', async () => {
    const { app } = makeApp();
    const { body: a } = await send(app, 'POST', '/api/attendees', profile({ name: 'Aisha Mbeki', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['A designer'] }));
    const { body: b } = await send(app, 'POST', '/api/attendees', profile());
    const res = await send(app, 'GET', `/api/talking-points?a=${a.id}&b=${b.id}`);
    expect(res.status).toBe(200);
    expect(res.body.forA[0]).toMatchObject({ kind: 'need-match', need: 'Hiring two backend developers' });
    for (const point of [...res.body.forA, ...res.body.forB]) {
      expect(['need-match', 'need', 'goal', 'comment', 'intro', 'open']).toContain(point.kind);
      expect(typeof point.text).toBe('string');
    }
    // B's view is drawn from A's profile.
    expect(res.body.forB.some((p: { need?: string }) => p.need === 'A designer')).toBe(true);
  });

  it('follows an edit made after the index was built', async () => {
    const { app } = makeApp();
    const { body: a } = await send(app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@example.org', offering: 'I audit cloud bills and cut them', needs: ['A lawyer'] }));
    const { body: b } = await send(app, 'POST', '/api/attendees', profile({ needs: ['Coffee beans'] }));
    expect((await send(app, 'GET', `/api/talking-points?a=${a.id}&b=${b.id}`)).body.forA[0].kind).not.toBe('need-match');
    await send(app, 'PATCH', `/api/attendees/${b.id}`, { needs: ['Our cloud bill doubled'] });
    expect((await send(app, 'GET', `/api/talking-points?a=${a.id}&b=${b.id}`)).body.forA[0].kind).toBe('need-match');
  });

  it('introduces people met earlier, from the meetings the app is given', async () => {
    const store = memoryStore();
    const met = new Map<string, string[]>();
    const app = createApp({ store, adminToken: ADMIN_TOKEN, secret: 's', publicUrl: 'http://10.0.0.1', assetsDir: ASSETS_DIR, meetings: (id) => met.get(id) ?? [] });
    const { body: recruiter } = await send(app, 'POST', '/api/attendees', profile({ name: 'Aisha', email: 'aisha@example.org', offering: 'Recruiting agency for engineers', needs: ['A designer'] }));
    const { body: sam } = await send(app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@example.org', offering: 'Cloud bill audits', needs: ['A lawyer'] }));
    const { body: dana } = await send(app, 'POST', '/api/attendees', profile());
    met.set(sam.id, [recruiter.id]);
    const { body } = await send(app, 'GET', `/api/talking-points?a=${sam.id}&b=${dana.id}`);
    expect(body.forA.find((p: { kind: string }) => p.kind === 'intro')).toMatchObject({ via: recruiter.id });
  });

  const refusals: [string, string, number, string][] = [
    ['no ids', '', 400, 'invalid_input'],
    ['one id', '?a=abc', 400, 'invalid_input'],
    ['unknown ids', '?a=zzzzzzzzzz&b=yyyyyyyyyy', 404, 'not_found'],
  ];
  it.each(refusals)('refuses %s', async (_label, query, status, code) => {
    const { app } = makeApp();
    const res = await send(app, 'GET', `/api/talking-points${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('refuses the same person twice, and needs staff', async () => {
    const { app } = makeApp();
    const { body: a } = await send(app, 'POST', '/api/attendees', profile());
    expect((await send(app, 'GET', `/api/talking-points?a=${a.id}&b=${a.id}`)).body.error.code).toBe('same_attendee');
    expect((await app.request(`/api/talking-points?a=${a.id}&b=${a.id}`)).status).toBe(401);
  });
});
