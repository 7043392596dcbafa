import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/env.ts';
import { startServer, type RunningServer } from '../../../server/serve.ts';
import { tempDataDir } from '../../helpers.ts';

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops) await stop();
  stops = [];
});

async function serverWith(env: Record<string, string> = {}): Promise<RunningServer> {
  const { dir, cleanup } = await tempDataDir();
  const server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dir, demo: '0' }, env));
  stops.push(async () => {
    await server.close();
    await cleanup();
  });
  return server;
}

/** POSTs JSON from a given loopback address (127.0.0.x are all this machine), as another device would. */
function postFrom(from: string, server: RunningServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const url = new URL(path, server.localUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** GETs a path from a given loopback address. */
function getFrom(from: string, server: RunningServer, path: string): Promise<number> {
  const url = new URL(path, server.localUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, localAddress: from }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const tenTimes = async (f: () => Promise<number>) => {
  const out: number[] = [];
  for (let i = 0; i < 10; i++) out.push(await f());
  return out;
};

describe('rate limits count each device on its own', () => {
  it('locks out the tablet that guesses pairing codes and the laptop that guesses the admin token, not their neighbours', async () => {
    const server = await serverWith();
    const guessCode = (from: string) => postFrom(from, server, '/api/kiosk/pair', { code: 'ZZZZ-ZZZZ' });
    const guessToken = (from: string) => postFrom(from, server, '/api/session', { token: 'not-the-admin-token' });

    expect(await tenTimes(() => guessCode('127.0.0.2'))).toEqual(Array(10).fill(404));
    expect(await guessCode('127.0.0.2')).toBe(429);
    // Another tablet pairing at the same time is still answered.
    expect(await guessCode('127.0.0.3')).toBe(404);

    expect(await tenTimes(() => guessToken('127.0.0.4'))).toEqual(Array(10).fill(401));
    expect(await guessToken('127.0.0.4')).toBe(429);
    expect(await guessToken('127.0.0.5')).toBe(401);
    expect(await postFrom('127.0.0.5', server, '/api/session', { token: server.adminToken })).toBe(200);
  });

  it('lets a phone read its own page 120 times a minute, and stops a device guessing personal links there', async () => {
    const server = await serverWith();
    // The own page asks for the profile and the meetings on each refresh: both are reads of the same budget.
    const guess = (from: string, i: number) => getFrom(from, server, `/api/profile/${i % 2 ? 'AAAAAAAAAAAAAAAAAAAAAA' : 'BBBBBBBBBBBBBBBBBBBBBB'}${i % 2 ? '' : '/meetings'}`);
    const answers: number[] = [];
    for (let i = 0; i < 120; i++) answers.push(await guess('127.0.0.6', i));
    expect(answers).toEqual(Array(120).fill(404));
    expect(await guess('127.0.0.6', 0)).toBe(429);
    expect(await guess('127.0.0.6', 1)).toBe(429);
    expect(await guess('127.0.0.7', 1)).toBe(404);
  });

  it('believes X-Forwarded-For only from a proxy named in TRUST_PROXY', async () => {
    const behindProxy = await serverWith({ TRUST_PROXY: '127.0.0.1' });
    const viaProxy = (client: string) => postFrom('127.0.0.1', behindProxy, '/api/session', { token: 'wrong-token-123' }, { 'x-forwarded-for': client });
    expect(await tenTimes(() => viaProxy('10.0.0.7'))).toEqual(Array(10).fill(401));
    expect(await viaProxy('10.0.0.7')).toBe(429);
    expect(await viaProxy('10.0.0.8')).toBe(401);

    // A client that is not the proxy cannot pick a new address for each guess.
    let n = 0;
    const spoofing = () => postFrom('127.0.0.9', behindProxy, '/api/session', { token: 'wrong-token-123' }, { 'x-forwarded-for': `10.1.0.${++n}` });
    expect(await tenTimes(spoofing)).toEqual(Array(10).fill(401));
    expect(await spoofing()).toBe(429);
  });
});
