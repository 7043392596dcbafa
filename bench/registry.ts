import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.ts';
import { createAttendee } from '../server/domain/attendee.ts';
import { openStore } from '../server/store/store.ts';
import { ASSETS_DIR } from '../server/ui-build.ts';
import { percentile, timeIt } from './stats.ts';

/**
 * The registry at event scale: a store on a real disk holding 20,000 attendees. Measures what
 * staff feel at the desk (add one, search) and what an import of the whole ticket list costs.
 */
export async function benchRegistry(size = 20_000): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bx-bench-'));
  try {
    const store = await openStore(dir);
    const now = new Date();
    const seed = Array.from({ length: size }, (_, i) =>
      createAttendee(
        {
          name: `Person ${i} Example`,
          email: `person${i}@example.org`,
          company: `Company ${i % 700}`,
          title: 'Founder',
          offering: `I help teams with problem number ${i % 997} in about twenty words or fewer, concretely and quickly`,
          needs: [`Need ${i % 13} for hiring`, 'Funding for our seed round'],
          goal: 'Grow',
        },
        'staff',
        now,
      ),
    );
    await store.upsertAttendees(seed, []);
    // The event as a start would find it: in db.json, the change journal empty.
    await store.flush();
    const dbSize = (await stat(join(dir, 'db.json'))).size;
    const token = 'bench-admin-token-000000';
    const app = createApp({ store, adminToken: token, secret: 's', publicUrl: 'http://10.0.0.1:8080', assetsDir: ASSETS_DIR });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    let n = 0;
    const create = () =>
      app.request('/api/attendees', {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `New ${n}`, email: `new${n++}@example.org`, offering: 'Bench offering', needs: ['Bench need'] }),
      });
    const sequential = await timeIt(100, async () => void (await create()));

    // 200 creates in flight at once: coalesced writes share one fsync'd file write.
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 200 }, create));
    const parallelMs = performance.now() - t0;

    const search = await timeIt(50, async () => void (await app.request('/api/attendees?q=problem%20number%2042&limit=50', { headers })));

    const csv = ['Name,Email,Company,Offering,Need 1'];
    for (let i = 0; i < size; i++) csv.push(`Imported ${i},imported${i}@example.org,Co ${i},Offer ${i},Need ${i}`);
    const body = new TextEncoder().encode(csv.join('\n'));
    const t1 = performance.now();
    const res = await app.request('/api/attendees/import', { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body });
    const importMs = performance.now() - t1;
    const imported = (await res.json()) as { created: number };
    // The import passed the journal's threshold: its compaction finishes before the folder goes.
    await store.flush();

    console.log(`Registry with ${size.toLocaleString('en')} attendees (db.json ${(dbSize / 1e6).toFixed(1)} MB, on disk with fsync):`);
    console.log(`  add one attendee (POST, sequential): median ${percentile(sequential, 50).toFixed(1)} ms, p99 ${percentile(sequential, 99).toFixed(1)} ms`);
    console.log(`  200 parallel adds: ${parallelMs.toFixed(0)} ms in all (${(200 / (parallelMs / 1000)).toFixed(0)}/s)`);
    console.log(`  search (GET ?q=, 3 words): median ${percentile(search, 50).toFixed(1)} ms, p99 ${percentile(search, 99).toFixed(1)} ms`);
    console.log(`  import a ${size.toLocaleString('en')}-row CSV (${(body.length / 1e6).toFixed(1)} MB): ${(importMs / 1000).toFixed(2)} s, ${imported.created} created`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
