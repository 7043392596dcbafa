import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { badgeUrl, signBadge } from '../server/domain/badge-token.ts';
import { createKiosk, hashToken } from '../server/domain/kiosk.ts';
import { openStore } from '../server/store/store.ts';
import { LoadConnection } from './http-load.ts';
import { percentile } from './stats.ts';
import { demoCopies, randomTapLines, seededRandom } from './demo-copies.ts';

/**
 * The exchange bar: at least 500 exchanges a second, p99 at most 100 ms, with the store holding
 * 20,000 attendees and 200,000 exchanges, over real HTTP on loopback, each answer carrying the
 * pair's talking points, each tap fsync'd before its 201. The load comes from this process
 * and the server runs in its own process (they still share the machine's two cores).
 */
const ATTENDEES = 20_000;
const EXCHANGES = 200_000;
const SECONDS = 10;
const IN_FLIGHT = 64;

const FLOOR_SECONDS = 5;

const children: ChildProcess[] = [];
const killAll = () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};
// Stopped from outside (npm run bench's timeout, Ctrl-C): the servers go too.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(1);
  });
}
/** A bench server in its own process, once it prints its first line (its port, as JSON). */
async function start(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; ready: { port: number } }> {
  // BENCH_SERVER_ARGS: node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const flags = process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', new URL(script, import.meta.url).pathname], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(String(d)));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
  return { child, ready: JSON.parse(line) as { port: number } };
}
/** Asks a server to stop (it may write a CPU profile on the way out) and waits. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const dir = await mkdtemp(join(tmpdir(), 'bx-bench-x-'));
try {
  const secret = 'bench-secret';
  const now = new Date();
  const people = demoCopies(ATTENDEES, now);
  const rand = seededRandom(7);
  const lines = randomTapLines(people, EXCHANGES, rand, { at: () => now.toISOString() });
  writeFileSync(join(dir, 'exchanges.jsonl'), `${lines.join('\n')}\n`);

  const first = await openStore(dir);
  await first.upsertAttendees(people, []);
  // One kiosk per request in flight, as a hall full of kiosks would be.
  const tokens = Array.from({ length: IN_FLIGHT }, (_, i) => `bench-kiosk-token-${i}-0123456789abcdef`);
  for (const token of tokens) await first.saveKiosk({ ...createKiosk(`Bench ${token}`, now), tokenHash: hashToken(token), pairingCode: null });
  await first.flush();

  const urls = people.map((p) => badgeUrl('http://10.0.0.1:8080', signBadge(secret, p.id, 1)));
  let n = 0;
  const body = () => {
    const a = rand(ATTENDEES);
    let b = rand(ATTENDEES);
    if (b === a) b = (a + 1) % ATTENDEES;
    return JSON.stringify({ a: urls[a], b: urls[b], key: `bench-tap-${n++}` });
  };
  const statuses = new Map<number, number>();
  // One connection per kiosk, kept alive, as a tablet's browser keeps one.
  const connections = new Map<string, LoadConnection>();
  const tap = async (port: number, path: string, token: string): Promise<number> => {
    const key = `${port} ${token}`;
    let connection = connections.get(key);
    if (!connection) connections.set(key, (connection = await LoadConnection.open(port)));
    const started = performance.now();
    const status = await connection.request('POST', path, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body());
    if (path === '/api/exchanges') statuses.set(status, (statuses.get(status) ?? 0) + 1);
    return performance.now() - started;
  };
  /** Every kiosk sends its next request as soon as the last is answered, for `seconds`. */
  const capacity = async (port: number, path: string, seconds: number) => {
    const latencies: number[] = [];
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    await Promise.all(tokens.map(async (token) => {
      while (performance.now() < end) latencies.push(await tap(port, path, token));
    }));
    return { rate: latencies.length / ((performance.now() - t0) / 1000), latencies };
  };

  // The floor first, from the same load generator: a bare Hono echo, without and with an fsync'd append.
  const echo = await start('echo-server.ts', {});
  const echoBare = await capacity(echo.ready.port, '/echo', FLOOR_SECONDS);
  const echoAppend = await capacity(echo.ready.port, '/echo-append', FLOOR_SECONDS);
  for (const c of connections.values()) c.close();
  await stop(echo.child);

  const server = await start('exchange-server.ts', { BX_DIR: dir });
  const ready = server.ready as { port: number; openMs: number; indexMs: number };
  // Its last word, when stopped: the requests it served and the CPU they cost it.
  let cpu: { requests: number; cpuMs: number } | null = null;
  server.child.stdout!.on('data', (d: Buffer) => {
    for (const line of String(d).split('\n').filter(Boolean)) cpu = JSON.parse(line) as { requests: number; cpuMs: number };
  });

  // 1. Capacity: every kiosk sends its next tap as soon as the last is answered.
  const { rate: capacityRate, latencies: capacityLatencies } = await capacity(ready.port, '/api/exchanges', SECONDS);

  // 2. The bar: taps arriving at 500 a second, spread over the kiosks, for the same time.
  const RATE = 500;
  const paced: Promise<number>[] = [];
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    paced.push(tap(ready.port, '/api/exchanges', tokens[i % tokens.length]!));
  }
  const pacedLatencies = await Promise.all(paced);
  const pacedRate = pacedLatencies.length / ((performance.now() - t0) / 1000);
  for (const c of connections.values()) c.close();
  await stop(server.child);
  const errors = [...statuses].filter(([s]) => s !== 200 && s !== 201);

  console.log(`Exchanges with ${ATTENDEES.toLocaleString('en')} attendees and ${EXCHANGES.toLocaleString('en')} exchanges stored:`);
  console.log(`  at ${RATE}/s offered: ${pacedRate.toFixed(0)}/s sustained for ${SECONDS} s, p50 ${percentile(pacedLatencies, 50).toFixed(1)} ms, p99 ${percentile(pacedLatencies, 99).toFixed(1)} ms (bar: 500/s, p99 100 ms)`);
  console.log(`  capacity, ${IN_FLIGHT} kiosks sending back to back: ${capacityRate.toFixed(0)}/s, p50 ${percentile(capacityLatencies, 50).toFixed(1)} ms, p99 ${percentile(capacityLatencies, 99).toFixed(1)} ms`);
  const served = cpu as { requests: number; cpuMs: number } | null;
  if (served) console.log(`  server CPU ${(served.cpuMs / served.requests).toFixed(2)} ms a request (${served.requests.toLocaleString('en')} requests, both phases)`);
  console.log(`  floor, the same load on a bare Hono POST echo: ${echoBare.rate.toFixed(0)}/s; with an fsync'd append (group commit): ${echoAppend.rate.toFixed(0)}/s`);
  console.log(`  ratio to the echo ${(capacityRate / echoBare.rate).toFixed(2)} (bar 0.25), to the echo with append ${(capacityRate / echoAppend.rate).toFixed(2)}`);
  console.log(`  answers: ${[...statuses].map(([s, c]) => `${c} × ${s}`).join(', ')}${errors.length ? ' (errors!)' : ''}`);
  console.log(`  opening the store (folding the journal) ${(ready.openMs / 1000).toFixed(1)} s; talking-points index ${(ready.indexMs / 1000).toFixed(1)} s`);
} finally {
  // Whatever failed, no server is left running (nor holding the data folder).
  killAll();
  await rm(dir, { recursive: true, force: true });
}
