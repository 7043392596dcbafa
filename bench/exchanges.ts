import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAttendee, newId } from '../server/domain/attendee.ts';
import { badgeUrl, signBadge } from '../server/domain/badge-token.ts';
import { createKiosk, hashToken } from '../server/domain/kiosk.ts';
import { openStore } from '../server/store/store.ts';
import demo from '../server/demo/demo-event.json' with { type: 'json' };
import { percentile } from './stats.ts';

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

const dir = await mkdtemp(join(tmpdir(), 'bx-bench-x-'));
try {
  const secret = 'bench-secret';
  const now = new Date();
  const people = Array.from({ length: ATTENDEES }, (_, i) => {
    const p = demo.attendees[i % demo.attendees.length]!;
    return createAttendee({ name: `${p.name} ${i}`, email: `p${i}@example.org`, offering: p.offering, needs: p.needs, goal: p.goal }, 'staff', now);
  });
  let seed = 7;
  // A 32-bit LCG (Math.imul keeps it exact; a float multiply would fall into a short cycle).
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) % n);
  const lines: string[] = [];
  for (let i = 0; i < EXCHANGES; i++) {
    const a = people[rand(ATTENDEES)]!;
    const b = people[rand(ATTENDEES)]!;
    if (a.id !== b.id) lines.push(JSON.stringify({ id: newId(), a: a.id, b: b.id, at: now.toISOString(), kiosk: 'k0', key: `seed-${i}` }));
  }
  writeFileSync(join(dir, 'exchanges.jsonl'), `${lines.join('\n')}\n`);

  const first = await openStore(dir);
  await first.upsertAttendees(people, []);
  // One kiosk per request in flight, as a hall full of kiosks would be.
  const tokens = Array.from({ length: IN_FLIGHT }, (_, i) => `bench-kiosk-token-${i}-0123456789abcdef`);
  for (const token of tokens) await first.saveKiosk({ ...createKiosk(`Bench ${token}`, now), tokenHash: hashToken(token), pairingCode: null });
  await first.flush();

  const child = spawn(process.execPath, ['--import', 'tsx', new URL('exchange-server.ts', import.meta.url).pathname], {
    env: { ...process.env, BX_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = JSON.parse(await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))))) as { port: number; openMs: number; indexMs: number };
  const url = `http://127.0.0.1:${ready.port}/api/exchanges`;
  const urls = people.map((p) => badgeUrl('http://10.0.0.1:8080', signBadge(secret, p.id, 1)));

  const statuses = new Map<number, number>();
  let n = 0;
  const tap = async (token: string): Promise<number> => {
    const a = rand(ATTENDEES);
    let b = rand(ATTENDEES);
    if (b === a) b = (a + 1) % ATTENDEES;
    const started = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ a: urls[a], b: urls[b], key: `bench-tap-${n++}` }),
    });
    await res.arrayBuffer();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return performance.now() - started;
  };

  // 1. Capacity: every kiosk sends its next tap as soon as the last is answered.
  const capacity: number[] = [];
  let end = performance.now() + SECONDS * 1000;
  let t0 = performance.now();
  await Promise.all(tokens.map(async (token) => {
    while (performance.now() < end) capacity.push(await tap(token));
  }));
  const capacityRate = capacity.length / ((performance.now() - t0) / 1000);

  // 2. The bar: taps arriving at 500 a second, spread over the kiosks, for the same time.
  const RATE = 500;
  const paced: Promise<number>[] = [];
  t0 = performance.now();
  end = t0 + SECONDS * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    paced.push(tap(tokens[i % tokens.length]!));
  }
  const pacedLatencies = await Promise.all(paced);
  const pacedRate = pacedLatencies.length / ((performance.now() - t0) / 1000);
  child.kill();
  const errors = [...statuses].filter(([s]) => s !== 200 && s !== 201);

  console.log(`Exchanges with ${ATTENDEES.toLocaleString('en')} attendees and ${EXCHANGES.toLocaleString('en')} exchanges stored:`);
  console.log(`  at ${RATE}/s offered: ${pacedRate.toFixed(0)}/s sustained for ${SECONDS} s, p50 ${percentile(pacedLatencies, 50).toFixed(1)} ms, p99 ${percentile(pacedLatencies, 99).toFixed(1)} ms (bar: 500/s, p99 100 ms)`);
  console.log(`  capacity, ${IN_FLIGHT} kiosks sending back to back: ${capacityRate.toFixed(0)}/s, p50 ${percentile(capacity, 50).toFixed(1)} ms, p99 ${percentile(capacity, 99).toFixed(1)} ms`);
  console.log(`  answers: ${[...statuses].map(([s, c]) => `${c} × ${s}`).join(', ')}${errors.length ? ' (errors!)' : ''}`);
  console.log(`  opening the store (folding the journal) ${(ready.openMs / 1000).toFixed(1)} s; talking-points index ${(ready.indexMs / 1000).toFixed(1)} s`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
