import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../server/env.ts';
import { startServer } from '../server/serve.ts';

/**
 * A big attendee CSV posted to a real server (real store on disk, talking-points index and
 * sentence model attached, as `npm start` runs it) while `/health` is polled. Prints, for a dry
 * run, the import itself and a second import of the same file (every row an update): how long
 * it took, the event loop's longest stall meanwhile (perf_hooks), the slowest `/health` answer,
 * and the size of the answer.
 */
export async function benchCsvImport(sizes = [20_000, 50_000]): Promise<void> {
  for (const size of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'bx-bench-csv-'));
    const server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dir, demo: '0' }, {}));
    try {
      const body = bigCsv(size);
      console.log(`CSV import of ${size.toLocaleString('en')} rows (${(body.length / 1e6).toFixed(1)} MB), real server, store on disk:`);
      for (const [label, query] of [['dry run', '?dryRun=1'], ['import', ''], ['re-import (all updates)', '']] as const) {
        const r = await measure(server.localUrl, server.adminToken, body, query);
        console.log(
          `  ${label.padEnd(24)} ${(r.ms / 1000).toFixed(2)} s, loop max stall ${r.maxStallMs.toFixed(0)} ms (p99 ${r.p99StallMs.toFixed(0)} ms), ` +
            `/health answered ${r.healthAnswers}×${r.healthFailures ? `, failed ${r.healthFailures}×` : ''} (slowest ${r.slowestHealthMs.toFixed(0)} ms), answer ${(r.answerBytes / 1e3).toFixed(1)} kB, ${r.summary}`,
        );
      }
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function measure(url: string, token: string, body: Uint8Array<ArrayBuffer>, query: string) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let running = true;
  let healthAnswers = 0;
  let healthFailures = 0;
  let slowestHealthMs = 0;
  const poll = (async () => {
    while (running) {
      const t = performance.now();
      // A stalled server may drop the kept-alive socket under a request: count that as a failure.
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - t);
      if (ok) healthAnswers++;
      else healthFailures++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  loop.enable();
  const t0 = performance.now();
  const res = await fetch(`${url}/api/attendees/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  loop.disable();
  running = false;
  await poll;
  const json = JSON.parse(text) as { created?: number; updated?: number; errorsTotal?: number; errors?: unknown[]; error?: { code: string } };
  const summary = res.ok ? `${json.created} created, ${json.updated} updated, ${json.errorsTotal ?? json.errors?.length} refused` : `${res.status} ${json.error?.code}`;
  return {
    ms,
    maxStallMs: loop.max / 1e6,
    p99StallMs: loop.percentile(99) / 1e6,
    healthAnswers,
    healthFailures,
    slowestHealthMs,
    answerBytes: text.length,
    summary,
  };
}

/** A ticketing-style export: one row per person, every 500th row refused (no email). */
function bigCsv(rows: number): Uint8Array<ArrayBuffer> {
  const lines = ['Name,Email,Company,Job Title,Offering,Need 1,Need 2,Share email'];
  for (let i = 0; i < rows; i++) {
    const email = i % 500 === 499 ? '' : `person${i}@example.org`;
    lines.push(`Person ${i} Example,${email},Company ${i % 700},Founder,I help teams with problem ${i % 997},Hiring engineers,Funding,yes`);
  }
  return new TextEncoder().encode(lines.join('\n'));
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCsvImport();
