// The server side of bench/exchanges.ts, in its own process so the load generator does not share
// its event loop: opens the prepared data folder, serves on a free loopback port, prints the port.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.ts';
import { profileTexts } from '../server/semantic/semantic-index.ts';
import { startSemanticIndex } from '../server/semantic/start.ts';
import { TalkingPoints } from '../server/services/talking-points.ts';
import { openStore } from '../server/store/store.ts';
import { ASSETS_DIR } from '../server/ui-build.ts';

const started = performance.now();
const store = await openStore(process.env.BX_DIR!);
const openMs = performance.now() - started;
// Talking points as the server makes them, sentence model included, in the steady state of a
// running event: every profile read (the server does that in the background after start).
const semantic = await startSemanticIndex();
const talkingPoints = new TalkingPoints(store, (id) => store.exchanges.met(id), semantic.index);
const t = performance.now();
await semantic.index.prepare(store.attendees().flatMap(profileTexts));
const readMs = performance.now() - t;
// The per-kiosk guard (240 a minute) is lifted: this measures the server, not the guard.
const app = createApp({ store, adminToken: 'bench-admin-0000', secret: 'bench-secret', publicUrl: 'http://10.0.0.1:8080', assetsDir: ASSETS_DIR, kioskRequestsPerMinute: 1e9, talkingPoints });
const [a, b] = store.attendees();
await app.request(`/api/talking-points?a=${a!.id}&b=${b!.id}`, { headers: { authorization: 'Bearer bench-admin-0000' } });
const indexMs = performance.now() - t - readMs;
// The server's own CPU per request, from here on: what the load generator costs is not in it.
let requests = 0;
let cpuAtStart = process.cpuUsage();
const server = serve({ fetch: (req, env) => (requests++, app.fetch(req, env)), port: 0, hostname: '127.0.0.1' });
server.once('listening', () => {
  cpuAtStart = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port, openMs, indexMs })}\n`);
});
// Stop on request through exit, so a --cpu-prof run writes its profile.
process.on('SIGTERM', () => {
  const { user, system } = process.cpuUsage(cpuAtStart);
  process.stdout.write(`${JSON.stringify({ requests, cpuMs: (user + system) / 1000 })}\n`, () => process.exit(0));
});
