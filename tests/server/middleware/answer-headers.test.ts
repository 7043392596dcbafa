import { describe, expect, it } from 'vitest';
import { makeApp } from '../../helpers.ts';
import { realServer } from '../../real-server.ts';

// Over a real socket the headers go onto Node's response; through app.request onto the answer.
// Both must give every page and API answer the same security, referrer and caching headers.
const running = realServer();

const NAMES = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'cross-origin-opener-policy', 'permissions-policy', 'referrer-policy', 'cache-control'];
const pick = (headers: Headers) => Object.fromEntries(NAMES.map((n) => [n, headers.get(n)]));

describe('the headers of every answer', () => {
  it('are the same over a real socket as through app.request, for pages, API answers and errors', async () => {
    const { app } = makeApp();
    const paths = ['/staff', '/register', '/me/not-a-key', '/m/not-a-token', '/assets/qr-reader-worker.js', '/api/event', '/api/nowhere', '/nowhere'];
    for (const path of paths) {
      const real = await fetch(`${running.server.localUrl}${path}`);
      await real.arrayBuffer();
      const local = await app.request(path);
      expect(pick(real.headers), path).toEqual(pick(local.headers));
      expect(real.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(real.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
    }
  });

  it('keep personal links out of Referer, never cache an API answer, and let an answer keep its own caching', async () => {
    const get = (path: string) => fetch(`${running.server.localUrl}${path}`).then(async (r) => (await r.arrayBuffer(), r.headers));
    expect((await get('/me/not-a-key')).get('referrer-policy')).toBe('no-referrer');
    expect((await get('/m/not-a-token')).get('referrer-policy')).toBe('no-referrer');
    expect((await get('/register')).get('referrer-policy')).toBe('same-origin');
    expect((await get('/api/event')).get('cache-control')).toBe('no-store');
    expect((await get('/api/nowhere')).get('cache-control')).toBe('no-store');
    expect((await get('/api')).get('cache-control')).toBe('no-store');
    // The staff's live stream of who meets whom: its own answer, never kept by a cache either.
    const stream = new AbortController();
    const live = await fetch(`${running.server.localUrl}/api/stream`, { headers: { authorization: `Bearer ${running.server.adminToken}` }, signal: stream.signal });
    expect(live.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(live.headers.get('cache-control')).toBe('no-store');
    stream.abort();
    // A script sets no-cache itself: revalidated with its ETag, not never stored.
    expect((await get('/assets/station.js')).get('cache-control')).toBe('no-cache');
    expect((await get('/assets/qr-reader-worker.js')).get('content-security-policy')).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    expect((await get('/assets/station.js')).get('content-security-policy')).toMatch(/script-src 'self' ?;/);
  });
});
