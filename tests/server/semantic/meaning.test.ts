import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import { loadConfig } from '../../../server/env.ts';
import { NEED_MATCH_THRESHOLD, NeedMatcher } from '../../../server/domain/matching/need-matcher.ts';
import { startSemanticIndex } from '../../../server/semantic/start.ts';
import { SentenceEncoder } from '../../../server/semantic/sentence-encoder.ts';
import { startServer } from '../../../server/serve.ts';
import { Digests } from '../../../server/services/digests.ts';
import { createMailer } from '../../../server/mail/mailer.ts';
import { TalkingPoints } from '../../../server/services/talking-points.ts';
import { memoryStore } from '../../../server/store/store.ts';
import { ADMIN_TOKEN, PUBLIC_URL, SECRET, profile, send, tempDataDir } from '../../helpers.ts';
import { createApp } from '../../../server/app.ts';
import { ASSETS_DIR } from '../../../server/ui-build.ts';

// The real sentence model (Universal Sentence Encoder lite, shipped in an npm package) on texts
// that are in neither concepts.json's terms nor its examples.
describe('matching by meaning', () => {
  let semantic: Awaited<ReturnType<typeof startSemanticIndex>>;
  beforeAll(async () => {
    semantic = await startSemanticIndex(() => {});
  });
  afterAll(() => semantic.close());

  async function scores(offering: string, need: string) {
    await semantic.index.prepare([{ text: offering, side: 'offers' }, { text: need, side: 'needs' }]);
    const withModel = new NeedMatcher(concepts);
    withModel.semantic = semantic.index;
    const wordsOnly = new NeedMatcher(concepts);
    return {
      withModel: withModel.match(withModel.offering(offering), withModel.need(need)),
      wordsOnly: wordsOnly.match(wordsOnly.offering(offering), wordsOnly.need(need)),
    };
  }

  it.each([
    ['Freelance accountant', 'Someone to sort out our tax return', 'finance and accounting'],
    ['Video production for startups', 'A short film about our product', 'photography and video'],
    ['Corporate photographer', 'Nice pictures of our team for the website', 'photography and video'],
  ])('links “%s” to “%s”, which share no word', async (offering, need, concept) => {
    const { withModel, wordsOnly } = await scores(offering, need);
    expect(wordsOnly.score).toBeLessThan(NEED_MATCH_THRESHOLD);
    expect(withModel.score).toBeGreaterThanOrEqual(NEED_MATCH_THRESHOLD);
    expect(withModel.matched[0]).toBe(concept);
  });

  it.each([
    ['Java developer', 'A new coffee supplier for our café'],
    ['Recruiting agency placing software engineers', 'Recruiting volunteers for our charity run'],
    ['Seed investor in B2B software', 'Seeds for our community garden'],
  ])('refuses the look-alike “%s” ↔ “%s”', async (offering, need) => {
    expect((await scores(offering, need)).withModel.score).toBeLessThan(NEED_MATCH_THRESHOLD);
  });

  it('answers a pair while a backlog of profiles is still being read', async () => {
    const encoder = new SentenceEncoder();
    try {
      const order: string[] = [];
      const backlog = encoder.encode(Array.from({ length: 160 }, (_, i) => `Background profile number ${i}`)).then(() => order.push('backlog'));
      const pair = encoder.encode(['Hiring two backend developers'], { urgent: true }).then((v) => {
        order.push('pair');
        return v;
      });
      const [vector] = await pair;
      await backlog;
      expect(order).toEqual(['pair', 'backlog']);
      expect(vector).toHaveLength(512);
    } finally {
      await encoder.close();
    }
  });

  it('lets the model sleep when there is nothing to read, and wakes it for the next text', async () => {
    const encoder = new SentenceEncoder({ idleMs: 50 });
    try {
      const [first] = await encoder.encode(['Hiring two backend developers']);
      for (let i = 0; i < 100 && encoder.awake; i++) await new Promise((r) => setTimeout(r, 20));
      expect(encoder.awake).toBe(false);
      const [again] = await encoder.encode(['Hiring two backend developers']);
      expect(first!.reduce((s, x, i) => s + x * again![i]!, 0)).toBeCloseTo(1, 5);
    } finally {
      await encoder.close();
    }
  });

  it('forgets what it read of a person who is erased', async () => {
    const store = memoryStore();
    const points = new TalkingPoints(store, () => [], semantic.index);
    const app = createApp({ store, adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR, talkingPoints: points });
    const { body: a } = await send(app, 'POST', '/api/attendees', profile({ name: 'Aisha', email: 'aisha@example.org', offering: 'Hand-made leather bags', needs: ['A stall at the Christmas market'] }));
    const { body: b } = await send(app, 'POST', '/api/attendees', profile({ needs: ['A stall at the Christmas market'] }));
    await send(app, 'GET', `/api/talking-points?a=${a.id}&b=${b.id}`);
    expect(semantic.index.offering('Hand-made leather bags')).toBeDefined();
    expect((await send(app, 'DELETE', `/api/attendees/${a.id}`)).status).toBe(204);
    expect(semantic.index.offering('Hand-made leather bags')).toBeUndefined();
    // A need someone else still has stays read.
    expect(semantic.index.need('A stall at the Christmas market')).toBeDefined();
  });

  it('falls back to words and concepts when the model is gone, and says why', async () => {
    const gone = await startSemanticIndex(() => {});
    await gone.close();
    const store = memoryStore();
    const points = new TalkingPoints(store, () => [], gone.index);
    const app = createApp({ store, adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR, talkingPoints: points });
    const { body: a } = await send(app, 'POST', '/api/attendees', profile({ name: 'Aisha', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['A designer'] }));
    const { body: b } = await send(app, 'POST', '/api/attendees', profile());
    const { body: { forA } } = await send(app, 'GET', `/api/talking-points?a=${a.id}&b=${b.id}`);
    expect(forA[0]).toMatchObject({ kind: 'need-match', need: 'Hiring two backend developers' });
    expect(points.modelFailure).toMatch(/closed/);
  });
});

describe('the digest', () => {
  // The sentence model alone made 46 wrong claims of 49 on the demo event: it may raise a question, never a claim.
  it('asks about a need that only the meaning links to your offering, rather than claiming it may help', async () => {
    const semantic = await startSemanticIndex(() => {});
    try {
      const store = memoryStore();
      const points = new TalkingPoints(store, (id) => store.exchanges.met(id), semantic.index);
      const app = createApp({ store, adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR, talkingPoints: points });
      const { body: chris } = await send(app, 'POST', '/api/attendees', profile({ name: 'Chris', email: 'chris@example.org', offering: 'Freelance accountant', needs: ['Customers in retail'] }));
      const { body: dana } = await send(app, 'POST', '/api/attendees', profile({ name: 'Dana', email: 'dana@example.org', needs: ['Someone to sort out our tax return'] }));
      await store.exchanges.record({ a: chris.id, b: dana.id, kiosk: 'k1', at: new Date(), key: 'meeting-1' });
      // Content only: nothing is sent, so the outbox stays unwritten.
      const digests = new Digests(store, points, createMailer({ outboxDir: '/nonexistent/outbox' }));
      const { contacts } = await digests.content(store.attendee(chris.id)!);
      expect(contacts[0]!.points.some((p) => p.kind === 'need-match')).toBe(false);
      expect(contacts[0]!.points[0]).toMatchObject({ kind: 'need', need: 'Someone to sort out our tax return' });
      expect(contacts[0]!.followUp).toBe('Ask Dana how “Someone to sort out our tax return” is going.');
    } finally {
      await semantic.close();
    }
  });
});

describe('the server', () => {
  it('reads meaning with the sentence model, and claims only what a concept named in words backs', async () => {
    const { dir, cleanup } = await tempDataDir();
    const server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dir, demo: '0' }, {}));
    try {
      const staff = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
      const create = async (body: object) => (await (await fetch(`${server.localUrl}/api/attendees`, { method: 'POST', headers: staff, body: JSON.stringify(body) })).json()) as { id: string };
      const cfo = await create(profile({ name: 'Chris', email: 'chris@example.org', offering: 'Freelance accountant', needs: ['Customers in retail'] }));
      const dana = await create(profile({ name: 'Dana', email: 'dana@example.org', offering: 'Shop-floor software', needs: ['Someone to sort out our tax return'] }));
      const res = await fetch(`${server.localUrl}/api/talking-points?a=${cfo.id}&b=${dana.id}`, { headers: staff });
      const { forA } = (await res.json()) as { forA: { kind: string; need?: string; matched?: string[] }[] };
      expect(forA[0]).toMatchObject({ kind: 'need', need: 'Someone to sort out our tax return' });
      const lawyer = await create(profile({ name: 'Hannah', email: 'hannah@example.org', offering: 'Employment lawyer for small businesses', needs: ['Customers in retail'] }));
      const founder = await create(profile({ name: 'Sam', email: 'sam@example.org', offering: 'Shop-floor software', needs: ['A good contract lawyer'] }));
      const both = (await (await fetch(`${server.localUrl}/api/talking-points?a=${lawyer.id}&b=${founder.id}`, { headers: staff })).json()) as { forA: { kind: string; need?: string }[] };
      expect(both.forA[0]).toMatchObject({ kind: 'need-match', need: 'A good contract lawyer' });
    } finally {
      await server.close();
      await cleanup();
    }
  });
});
