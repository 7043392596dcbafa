import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startServer } from '../../server/serve.ts';
import { join } from 'node:path';
import { openStore } from '../../server/store/store.ts';
import { tempDataDir } from '../helpers.ts';
import { realServer } from '../real-server.ts';
import { readOnlyFolder } from '../tiny-disk.ts';

const running = realServer();

/** Sends raw bytes, as a broken client would, and returns the whole answer. */
function raw(bytes: string): Promise<string> {
  const { port } = new URL(running.server.localUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('what the server answers before the app sees a request', () => {
  it('answers a malformed request and oversized headers with the usual JSON error', async () => {
    const bad = await raw('NONSENSE\r\n\r\n');
    expect(bad).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(bad.split('\r\n\r\n')[1]!)).toEqual({ error: { code: 'bad_request', message: 'The request could not be understood.' } });

    const big = await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1\.1 431/);
    expect(JSON.parse(big.split('\r\n\r\n')[1]!).error.code).toBe('headers_too_large');
  });

  it('keeps the pages’ source maps for staff', async () => {
    expect((await fetch(`${running.server.localUrl}/assets/station.js.map`)).status).toBe(401);
    const staff = await fetch(`${running.server.localUrl}/assets/station.js.map`, { headers: { authorization: `Bearer ${running.server.adminToken}` } });
    expect(staff.status).toBe(200);
    expect((await fetch(`${running.server.localUrl}/assets/station.js`)).status).toBe(200);
  });
});

describe('a data folder the server cannot use', () => {
  it('is refused before anything starts, naming the folder and what to do', async ({ skip }) => {
    const disk = await readOnlyFolder(async (d) => void (await openStore(join(d, 'data'))));
    if ('unavailable' in disk) return skip(disk.unavailable);
    try {
      const dataDir = join(disk.dir, 'data');
      const err = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dataDir, demo: '0' }, {})).then(() => null, (e: Error) => e);
      expect(err?.name).toBe('DataFolderError');
      expect(err?.message).toMatch(new RegExp(`^${dataDir} is (read-only|not writable by this account)`));
      expect(err?.message).toContain('choose another folder with --data-dir or DATA_DIR, or make it writable');
    } finally {
      await disk.cleanup();
    }
  });
});
