// The floor of bench/exchanges.ts, in its own process as the real server is: a bare Hono app on
// the same Node server adapter that echoes the POSTed JSON (`/echo`), and the same echo after
// appending the body to a file through the exchange journal's group commit, fsync'd before the
// answer (`/echo-append`). Prints the port.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSink, GroupCommit } from '../server/store/exchange-journal.ts';

const dir = mkdtempSync(join(tmpdir(), 'bx-bench-echo-'));
const journal = new GroupCommit(new FileSink(join(dir, 'echo.jsonl')));
const app = new Hono()
  .post('/echo', async (c) => c.json(await c.req.json()))
  .post('/echo-append', async (c) => {
    const body = await c.req.json();
    await journal.write(`${JSON.stringify(body)}\n`);
    return c.json(body, 201);
  });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
process.on('SIGTERM', () => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
