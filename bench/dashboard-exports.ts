import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../server/app.ts';
import { openStore } from '../server/store/store.ts';
import { ASSETS_DIR } from '../server/ui-build.ts';
import { percentile } from './stats.ts';
import { demoCopies, randomTapLines, seededRandom } from './demo-copies.ts';

/**
 * The organizer's dashboard (`GET /api/dashboard`) and the two CSV exports over a real store: how
 * long one answer holds the server, kiosks included. The dashboard page asks again after each
 * meeting (at most every 0.5 s) and every 20 s, so that one is paid all day long. Meetings spread
 * over a ten-hour day in Berlin time.
 */
const SIZES: [attendees: number, meetings: number][] = [[2_000, 20_000], [20_000, 200_000]];
const RUNS = Number(process.env.RUNS ?? 9);
const TOKEN = 'bench-admin-token-0123456789';

for (const [attendees, meetings] of SIZES) {
  const dir = await mkdtemp(join(tmpdir(), 'bx-bench-dash-'));
  try {
    const start = new Date('2026-12-03T08:00:00Z').getTime();
    const people = demoCopies(attendees, new Date(start));
    const lines = randomTapLines(people, meetings, seededRandom(7), {
      at: (i) => new Date(start + Math.floor((i / meetings) * 10 * 3_600_000)).toISOString(),
      kiosk: (i) => `k${i % 12}`,
    });
    // The people first: a start drops journal lines that name nobody the store holds.
    const first = await openStore(dir);
    await first.upsertAttendees(people, []);
    await first.updateEvent({ timeZone: 'Europe/Berlin' });
    await first.flush();
    writeFileSync(join(dir, 'exchanges.jsonl'), `${lines.join('\n')}\n`);
    const store = await openStore(dir);
    const app = createApp({ store, adminToken: TOKEN, secret: 'bench-secret', publicUrl: 'http://127.0.0.1:8080', assetsDir: ASSETS_DIR });
    const held = store.exchanges.all().length.toLocaleString('en');
    for (const [path, runs] of [['/api/dashboard', RUNS], ['/api/exports/attendees.csv', 3], ['/api/exports/meetings.csv', 3]] as const) {
      const times: number[] = [];
      let bytes = 0;
      // The longest the event loop waited meanwhile: what a kiosk's tap would have waited.
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const res = await app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
        // Taken a piece at a time as a browser takes a download, not joined into one buffer here
        // (that joining was this bench's own stall, counted as the server's).
        bytes = 0;
        const reader = res.body!.getReader();
        for (let piece = await reader.read(); !piece.done; piece = await reader.read()) bytes += piece.value.byteLength;
        times.push(performance.now() - t);
        // A turn of the loop, so the monitor's timer sees a stall an answer made in one piece.
        await new Promise((r) => setTimeout(r, 10));
        if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
      }
      loop.disable();
      console.log(`${path} at ${attendees.toLocaleString('en')} attendees, ${held} meetings: median ${percentile(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${runs} answers (${(bytes / 1024).toFixed(0)} KB); longest event-loop stall ${(loop.max / 1e6).toFixed(0)} ms`);
    }
    await store.flush();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
