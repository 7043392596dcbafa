import { spawn, spawnSync } from 'node:child_process';
import { open, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, type Attendee } from '../server/domain/attendee.ts';
import { markPrinted } from '../server/services/badge-print.ts';
import { openStore, type Store } from '../server/store/store.ts';
import { percentile } from './stats.ts';
import { demoCopy as person } from './demo-copies.ts';

/**
 * The store's write path at 2,000, 20,000 and 100,000 attendees (with ten meetings each, at most
 * 200,000, in the exchange journal), each size in its own process with --expose-gc so its memory
 * is its own. Each figure beside its floor measured in the same run: an fsync'd append of a line
 * of the same size for an add or an edit, writing the same db.json bytes for a compaction,
 * reading and parsing the same files for a start.
 */
const SIZES = [2_000, 20_000, 100_000];
const SINGLE = 100;
const ERASURES = 5;

const size = Number(process.env.BX_BENCH_SIZE);
if (process.env.BX_BENCH_OPEN) {
  await benchStart(process.env.BX_BENCH_OPEN, Boolean(process.env.BX_BENCH_FLOOR));
} else if (!size) {
  console.log('Store write path (changes.jsonl + compaction), store on disk with fsync:');
  let lastMs = 0;
  for (const n of SIZES) {
    // 100,000 takes about five times what 20,000 took: skipped when that would pass a minute.
    if (n === 100_000 && lastMs > 12_000) {
      console.log(`  ${n.toLocaleString('en')}: skipped (20,000 took ${(lastMs / 1000).toFixed(0)} s on this machine now)`);
      continue;
    }
    const t = performance.now();
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname], {
      env: { ...process.env, BX_BENCH_SIZE: String(n) },
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 120_000,
    });
    if (child.status !== 0) {
      console.log(`  ${n.toLocaleString('en')}: stopped (${child.signal ?? `exit ${child.status}`})`);
      process.exitCode = 1;
    }
    lastMs = performance.now() - t;
  }
} else {
  await benchSize(size);
}

async function benchSize(n: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bx-bench-store-'));
  const label = `  ${n.toLocaleString('en')} attendees:`;
  try {
    const now = new Date();
    // No compaction by size here: the start below is to fold a journal as big as the event.
    let store: Store = await openStore(dir, { compactAfterBytes: Infinity });
    const people = Array.from({ length: n }, (_, i) => person(i, now));
    await store.upsertAttendees(people, []);
    await store.flush();
    await writeTaps(dir, people, now);
    store = await openStore(dir, { compactAfterBytes: Infinity });

    const add = await timed(SINGLE, (i) => store.insertAttendee(person(n + i, now)));
    const edit = await timed(SINGLE, (i) => store.updateAttendee(store.attendees()[i * 7]!.id, (a) => ({ ...a, goal: `Edited ${i}` })));
    const line = `${JSON.stringify({ s: 1, put: people[0] })}\n`;
    const append = await appendFloor(join(dir, 'floor.jsonl'), line, SINGLE);
    console.log(`${label} add one median ${ms(percentile(add, 50))}, p99 ${ms(percentile(add, 99))}; edit one median ${ms(percentile(edit, 50))}, p99 ${ms(percentile(edit, 99))}`);
    console.log(`${label} add floor (fsync'd append of a ${line.length}-byte line) median ${ms(percentile(append, 50))}: ratio ${(percentile(add, 50) / percentile(append, 50)).toFixed(2)}`);

    await store.flush();
    const erase: number[] = [];
    const compaction: number[] = [];
    for (let i = 0; i < ERASURES; i++) {
      const t = performance.now();
      await store.eraseAttendee(people[100 + i * 13]!.id);
      const answered = performance.now();
      await store.flush();
      erase.push(answered - t);
      compaction.push(performance.now() - answered);
    }
    const dbBytes = (await stat(join(dir, 'db.json'))).size;
    const tapBytes = (await stat(join(dir, 'exchanges.jsonl'))).size;
    const snapshotFloor = await writeFloor(dir);
    console.log(`${label} erase one median ${ms(percentile(erase, 50))}, max ${ms(Math.max(...erase))} (request path); background compaction median ${ms(percentile(compaction, 50))} (db.json ${mb(dbBytes)}, exchanges.jsonl ${mb(tapBytes)} rewritten)`);
    console.log(`${label} compaction floor (JSON.stringify and fsync'd write of the same db.json, fsync'd copy of the same exchanges.jsonl) ${ms(snapshotFloor)}: ratio ${(percentile(compaction, 50) / snapshotFloor).toFixed(2)}`);

    const everyone = [...store.attendees()];
    const t = performance.now();
    await markPrinted(store, everyone, now);
    const printMs = performance.now() - t;
    const printLines = everyone.map((a) => `${JSON.stringify({ s: 1, put: { ...a, printedAt: now.toISOString() } })}\n`).join('');
    const printFloor = await appendFloor(join(dir, 'floor-print.jsonl'), printLines, 1);
    console.log(`${label} mark all ${everyone.length.toLocaleString('en')} printed ${ms(printMs)}; floor (one fsync'd append of the same ${mb(printLines.length)}) ${ms(printFloor[0]!)}: ratio ${(printMs / printFloor[0]!).toFixed(2)}`);
    // A start folds a journal as big as the event over db.json: the worst case before a compaction.
    await store.flush();
    await store.upsertAttendees([], store.attendees().map((a) => ({ ...a, goal: 'Folded at start' })));
    const bytes = async (f: string) => mb((await stat(join(dir, f))).size);
    const files = `db.json ${await bytes('db.json')} + changes.jsonl ${await bytes('changes.jsonl')} folded, exchanges.jsonl ${await bytes('exchanges.jsonl')}`;
    const start = startIn(dir, false);
    const bare = startIn(dir, true);
    console.log(`${label} start-up (${files}) ${ms(start.took)}; floor (read and JSON.parse the same files) ${ms(bare.took)}: ratio ${(start.took / bare.took).toFixed(2)}`);
    console.log(`${label} memory at rest ${mb(start.rss)} RSS after gc (${start.counts}); floor (the same files parsed and held) ${mb(bare.rss)}: ratio ${(start.rss / bare.rss).toFixed(2)}`);
    // What staff wait for: the real server, from its process start to answering, then to talking
    // points for everyone; once as above (the journal as big as the event), once after a compaction.
    const worst = await serverStart(dir);
    await store.flush();
    const usual = await serverStart(dir);
    for (const [what, r] of [['folding a journal as big as the event', worst], ['after a compaction (the usual restart)', usual]] as const) {
      console.log(`${label} server start ${what}: answering /health ${ms(r.health)} after its process started; talking points ready for everyone ${ms(r.ready)}; floor (read and JSON.parse the files) ${ms(bare.took)}: ratio ${(r.health / bare.took).toFixed(2)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Opens the store of `dir` as a start does, or (the floor) reads and parses the same files bare,
 * and prints how long it took and the RSS it added, after gc: one process each, so neither
 * inherits the other's heap.
 */
async function benchStart(dir: string, floor: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const base = process.memoryUsage().rss;
  const t = performance.now();
  const held = floor ? await parseFloor(dir) : await openStore(dir);
  const took = performance.now() - t;
  gc();
  const rss = process.memoryUsage().rss - base;
  const counts = held instanceof Array ? '' : `${held.attendees().length.toLocaleString('en')} attendees, ${held.exchanges.size.toLocaleString('en')} meetings`;
  console.log(JSON.stringify({ took, rss, counts }));
}

/**
 * `badge-exchange serve` on this data folder, on a free loopback port: how long from spawning it
 * until `/health` answers, and until it says talking points are ready for everyone.
 */
async function serverStart(dir: string): Promise<{ health: number; ready: number }> {
  // This process's HTTP client loads on its first request: not the server's time.
  await fetch('http://127.0.0.1:9/').catch(() => {});
  const t = performance.now();
  const child = spawn(process.execPath, [new URL('../bin/badge-exchange.js', import.meta.url).pathname, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, DATA_DIR: dir, DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  try {
    let out = '';
    let health = 0;
    const ready = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before talking points were ready:\n${out}`)));
      child.stdout!.on('data', (d: Buffer) => {
        out += String(d);
        const port = /On this laptop: http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
        if (port && !health) {
          health = -1;
          void (async () => {
            while (!(await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 5));
            health = performance.now() - t;
          })();
        }
        if (out.includes('Talking points ready')) resolve(performance.now() - t);
      });
    });
    while (health <= 0) await new Promise((r) => setTimeout(r, 5));
    return { health, ready };
  } finally {
    clearTimeout(killer);
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

/** benchStart in a process of its own. */
function startIn(dir: string, floor: boolean): { took: number; rss: number; counts: string } {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname], {
    env: { ...process.env, BX_BENCH_OPEN: dir, BX_BENCH_FLOOR: floor ? '1' : '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`start-up bench failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!);
}


/** Ten meetings per person (200,000 at most), written straight into the exchange journal. */
async function writeTaps(dir: string, people: Attendee[], now: Date): Promise<void> {
  const count = Math.min(people.length * 10, 200_000);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = people[i % people.length]!;
    const b = people[(i * 7919 + 1) % people.length]!;
    if (a.id !== b.id) lines.push(JSON.stringify({ id: newId(), a: a.id, b: b.id, at: now.toISOString(), kiosk: 'k0', key: `seed-${i}` }));
  }
  await writeFile(join(dir, 'exchanges.jsonl'), `${lines.join('\n')}\n`);
}

async function timed(times: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function appendFloor(file: string, text: string, times: number): Promise<number[]> {
  const handle = await open(file, 'a');
  try {
    return await timed(times, async () => {
      await handle.write(text);
      await handle.datasync();
    });
  } finally {
    await handle.close();
  }
}

async function writeFloor(dir: string): Promise<number> {
  const data = JSON.parse(await readFile(join(dir, 'db.json'), 'utf8'));
  const taps = await readFile(join(dir, 'exchanges.jsonl'));
  const t = performance.now();
  for (const [name, bytes] of [['floor.json', JSON.stringify(data)], ['floor-taps.jsonl', taps]] as const) {
    const handle = await open(join(dir, name), 'w');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
  }
  return performance.now() - t;
}

async function parseFloor(dir: string): Promise<unknown[]> {
  const db = JSON.parse(await readFile(join(dir, 'db.json'), 'utf8'));
  const lines = (name: string) => readFile(join(dir, name), 'utf8').then((t) => t.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
  return [db, await lines('changes.jsonl'), await lines('exchanges.jsonl')];
}

function ms(v: number): string {
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
