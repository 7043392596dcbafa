import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../server/store/store.ts';
import demo from '../server/demo/demo-event.json' with { type: 'json' };
import { writeRealisticEvent, writeTextVectors } from './realistic-event.ts';
import { demoCopies, randomTapLines, seededRandom } from './demo-copies.ts';

/**
 * Issue 14's bar "memory at rest, 20,000 attendees / 200,000 meetings: ≤ 300 MB", for the whole
 * server: `badge-exchange serve` on a data folder, its resident memory (VmRSS) when it says talking
 * points are ready, then every 10 s for two minutes. Two folders of that size:
 *
 * - demo copies: the demo event's 41 profiles repeated (41 distinct offerings), every tap at the
 *   same time with a short key, as the store's bench makes them;
 * - a realistic event (bench/realistic-event.ts): nearly every offering and need its own, taps
 *   spread over a day with UUID keys at eight kiosks, a third of people with confirmed topics.
 *
 * Both with the sentence model's cache written beforehand (random vectors: memory as after a real
 * reading, the model's meaning none), so the start reads no text with the model, as a restart does.
 *
 * Why two minutes and not "until two samples agree": V8 gives memory back in steps, its memory
 * reducer running some 40–90 s after the start's work, and the RSS sits flat for 30–60 s between
 * steps (750 MB for 40 s, then 511, then 443 on the realistic folder), so agreeing samples would
 * stop at a plateau. "At rest" is the last sample; the lowest is printed too.
 */
const ATTENDEES = 20_000;
const MEETINGS = 200_000;
const SAMPLE_MS = 10_000;
const WINDOW_MS = 120_000;
const START_TIMEOUT_MS = 120_000;

console.log(`Memory at rest, the whole server (VmRSS), ${ATTENDEES.toLocaleString('en')} attendees and ${MEETINGS.toLocaleString('en')} meetings (bar ≤ 300 MB):`);
const root = await mkdtemp(join(tmpdir(), 'bx-bench-memory-'));
try {
  const copies = join(root, 'demo-copies');
  await writeDemoCopies(copies);
  await measure('demo copies', copies);
  const real = join(root, 'realistic');
  const made = await writeRealisticEvent(real, { attendees: ATTENDEES, meetings: MEETINGS });
  await measure(`realistic (${made.texts.toLocaleString('en')} distinct texts, ${made.taps.toLocaleString('en')} taps)`, real);
} finally {
  await rm(root, { recursive: true, force: true });
}

/** Starts the server on `dir`, samples its RSS from "Talking points ready" on, prints one line, and stops it. */
async function measure(label: string, dir: string): Promise<void> {
  const started = performance.now();
  const child = spawn(process.execPath, [new URL('../bin/badge-exchange.js', import.meta.url).pathname, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, DATA_DIR: dir, DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Whatever happens here, the server does not outlive the bench.
  const killer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS + WINDOW_MS + 30_000);
  const stop = () => child.kill('SIGKILL');
  // bench/run.ts stops a bench past its time with SIGTERM, which ends this process without 'exit'.
  const stopped = () => {
    stop();
    // process.exit skips the finally above: the two data folders (hundreds of MB) go here.
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    process.exit(1);
  };
  process.once('exit', stop);
  process.once('SIGTERM', stopped);
  try {
    let out = '';
    const readyLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`talking points not ready after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before talking points were ready:\n${out}`)));
      child.stdout!.on('data', (d: Buffer) => {
        out += String(d);
        const line = /Talking points ready[^\n]*/.exec(out)?.[0];
        if (line) {
          clearTimeout(timer);
          resolve(line);
        }
      });
    });
    const readyMs = performance.now() - started;
    const load = loadavg()[0]!.toFixed(1);
    const series = [await rss(child.pid!)];
    for (let t = SAMPLE_MS; t <= WINDOW_MS; t += SAMPLE_MS) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
      series.push(await rss(child.pid!));
    }
    const peak = await rss(child.pid!, 'VmHWM');
    const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
    console.log(`  ${label}: at ready ${mb(series[0]!)}, at rest (${WINDOW_MS / 1000} s later) ${mb(series.at(-1)!)}, lowest ${mb(Math.min(...series))}, peak ${mb(peak)}`);
    console.log(`    every ${SAMPLE_MS / 1000} s from ready: ${series.map((kb) => Math.round(kb / 1024)).join(' ')} MB`);
    console.log(`    ${readyLine.replace('Talking points ready: ', 'talking points ready: ').replace(/\.$/, '')}; ${(readyMs / 1000).toFixed(1)} s from spawning the server (load average ${load} as it was ready)`);
  } finally {
    clearTimeout(killer);
    process.off('exit', stop);
    process.off('SIGTERM', stopped);
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

/** A field of /proc/<pid>/status, in kB. */
async function rss(pid: number, field = 'VmRSS'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]);
}

/** The demo's profiles repeated, taps between random people at one time with short keys (the store bench's shape). */
async function writeDemoCopies(dir: string): Promise<void> {
  const now = new Date();
  const people = demoCopies(ATTENDEES, now);
  const store = await openStore(dir);
  await store.upsertAttendees(people, []);
  await store.flush();
  const lines = randomTapLines(people, MEETINGS, seededRandom(7), { at: () => now.toISOString() });
  await writeFile(join(dir, 'exchanges.jsonl'), `${lines.join('\n')}\n`);
  await writeTextVectors(dir, people);
}
