import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers.ts';
import { tinyDisk } from '../tiny-disk.ts';
import { openStore } from '../../server/store/store.ts';

const BIN = new URL('../../bin/badge-exchange.js', import.meta.url).pathname;
const FIXTURE = new URL('../fixtures/eventbrite.csv', import.meta.url).pathname;

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** Starts `badge-exchange serve` on a free loopback port and waits for its banner. */
function startServer(dir: string, extra: string[] = []): Promise<{ child: ChildProcess; banner: string; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dir, '--port', '0', '--host', '127.0.0.1', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let banner = '';
    child.stdout!.on('data', (d) => {
      banner += d;
      const m = /On this laptop: (http:\/\/127\.0\.0\.1:\d+)/.exec(banner);
      if (m && banner.includes('Ctrl+C')) resolve({ child, banner, url: m[1]! });
    });
    child.stderr!.on('data', (d) => (banner += d));
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${banner}`)));
  });
}

let dir: string;
let cleanup: () => Promise<void>;
let server: ChildProcess | undefined;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
  server = undefined;
  await cleanup();
});

describe('badge-exchange command', () => {
  it('serves the demo: prints the console URL, admin token and data folder, and seeds ~40 attendees once', async () => {
    const started = await startServer(dir);
    server = started.child;
    const token = (await readFile(join(dir, 'admin-token'), 'utf8')).trim();
    expect(started.banner).toContain(`Admin token:    ${token}`);
    expect(started.banner).toContain(`Data folder:    ${dir}`);
    expect(started.banner).toContain(`Staff console:  ${started.url}/staff`);
    const res = await fetch(`${started.url}/api/attendees?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    const { total } = (await res.json()) as { total: number };
    expect(total).toBeGreaterThanOrEqual(40);

    // A second server on the same folder is refused: two writers would lose data.
    const second = await run(['serve', '--data-dir', dir, '--port', '0', '--host', '127.0.0.1']);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/already serving/);

    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    // Restarted, it does not seed again.
    const again = await startServer(dir);
    server = again.child;
    expect(again.banner).not.toMatch(/Demo event/);
  });

  it('imports a CSV into a stopped server\'s data folder, and previews with --dry-run', async () => {
    const dry = await run(['import', FIXTURE, '--data-dir', dir, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/3 would be created, 0 would be updated, 0 refused/);
    expect(dry.out).toMatch(/3 have no offering or needs yet/);

    const real = await run(['import', FIXTURE, '--data-dir', dir]);
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/3 were created/);
    expect((await openStore(dir)).attendees().map((a) => a.name)).toEqual(['Dana Whitfield', 'Sam Okafor', 'Zoë Ångström']);
  });

  it('imports through the running server instead of writing beside it', async () => {
    const started = await startServer(dir, ['--demo', '0']);
    server = started.child;
    const out = await run(['import', FIXTURE, '--data-dir', dir]);
    expect(out.code).toBe(0);
    expect(out.out).toContain(`through the server at ${started.url}`);
    const token = (await readFile(join(dir, 'admin-token'), 'utf8')).trim();
    const res = await fetch(`${started.url}/api/attendees`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await res.json()) as { total: number }).total).toBe(3);
  });

  it('prints badges of a stopped server\'s data folder to a PDF, marking them printed', async () => {
    await run(['import', FIXTURE, '--data-dir', dir]);
    const out = join(dir, 'badges.pdf');
    const first = await run(['print', '--template', 'a6-4-a4', '--out', out, '--data-dir', dir, '--unprinted']);
    expect(first.err).toBe('');
    expect(first.out).toMatch(/^3 badges to .*badges\.pdf, marked printed\./);
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    const again = await run(['print', '--template', 'a6-4-a4', '--out', out, '--data-dir', dir, '--unprinted']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/Every selected badge has been printed already/);
  });

  it('sends ZPL to a printer on port 9100 through the running server', async () => {
    const started = await startServer(dir, ['--demo', '1']);
    server = started.child;
    const received: Buffer[] = [];
    const printer = createServer((socket) => socket.on('data', (d) => received.push(d)));
    await new Promise<void>((resolve) => printer.listen(0, '127.0.0.1', resolve));
    const port = (printer.address() as AddressInfo).port;
    try {
      const r = await run(['print', '--zpl', '--template', 'thermal-4x6', '--q', 'angstrom', '--printer', `127.0.0.1:${port}`, '--data-dir', dir]);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^1 badge to printer 127\.0\.0\.1:\d+, marked printed\./);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const zpl = Buffer.concat(received).toString('utf8');
      expect(zpl.match(/\^XA/g)).toHaveLength(1);
      expect(zpl).toContain('^FDZoë Ångström^FS');
      expect(zpl).toMatch(/\^BQN,2,\d+\^FD[HQ]A,HTTP:\/\/127\.0\.0\.1:\d+\/B\/[0-9A-Z]{23}\^FS/);
    } finally {
      printer.close();
    }
  });

  it('sends digests into the outbox of a stopped server\'s data folder, once', async () => {
    await run(['import', FIXTURE, '--data-dir', dir]);
    const store = await openStore(dir);
    const [a, b] = store.attendees();
    await store.exchanges.record({ a: a!.id, b: b!.id, kiosk: 'k', at: new Date() });
    const dry = await run(['digest', '--dry-run', '--data-dir', dir]);
    expect(dry.out).toMatch(/2 would be sent, 0 sent before, 1 skipped \(met nobody\), 0 without an email, 0 failed/);
    // A fresh event's placeholder organizer sends nothing, and says what to set.
    const refused = await run(['digest', '--send', '--data-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/placeholder organizer@example\.org.*Set the organizer's name and email/);
    expect(await readdir(join(dir, 'outbox')).catch(() => [])).toEqual([]);
    // Outside the send window (an hour two to three hours from now, so the clock cannot reach it during the test).
    const hour = new Date().getUTCHours();
    await store.updateEvent({ organizerEmail: 'team@our-event.example', digestWindow: { from: (hour + 2) % 24, until: (hour + 3) % 24 } });
    const closed = await run(['digest', '--send', '--data-dir', dir]);
    expect(closed.code).toBe(1);
    expect(closed.err).toMatch(/Digests go out between .* \(UTC\)\. Sending opens .*Nothing was sent\./);
    expect(await readdir(join(dir, 'outbox')).catch(() => [])).toEqual([]);
    await store.updateEvent({ digestWindow: null });
    const sent = await run(['digest', '--send', '--data-dir', dir]);
    expect(sent.code).toBe(0);
    expect(sent.out).toMatch(/2 sent, 0 sent before/);
    expect((await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    const again = await run(['digest', '--send', '--data-dir', dir]);
    expect(again.out).toMatch(/0 sent, 2 sent before/);
    expect((await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
  });

  it('refuses a data folder on a full disk or under a file: one line naming it and the fix, no stack, exit 1', async ({ skip }) => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'x');
    const underFile = await run(['serve', '--data-dir', join(file, 'data'), '--port', '0', '--host', '127.0.0.1']);
    expect(underFile.code).toBe(1);
    expect(underFile.err).toBe(`Cannot create ${join(file, 'data')}: ${file} is a file, not a folder. Choose another folder with --data-dir or DATA_DIR.\n`);
    expect(underFile.out).toBe('');

    const disk = await tinyDisk({ size: '64k', full: true, prepare: (d) => mkdir(join(d, 'data')) });
    if ('unavailable' in disk) return skip(disk.unavailable);
    try {
      const full = await run(['serve', '--data-dir', join(disk.dir, 'data'), '--port', '0', '--host', '127.0.0.1']);
      expect(full.code).toBe(1);
      expect(full.err).toMatch(new RegExp(`^The disk of ${join(disk.dir, 'data')} is full: free some space on it, or choose another folder with --data-dir or DATA_DIR\\.\n$`));
      expect(full.err).not.toMatch(/\n\s+at /);
    } finally {
      await disk.cleanup();
    }
  });

  // Ten CLI processes, each loading TypeScript through tsx (2–3 s apiece on a busy two-core machine):
  // they run two at a time, and the test may take a minute beside other load.
  it('refuses bad flags and files with a message and a non-zero exit', { timeout: 90_000 }, async () => {
    const cases: [string[], number, RegExp][] = [
      [['import', '/no/such/file.csv', '--data-dir', dir], 1, /Cannot read \/no\/such\/file\.csv/],
      [['import', '--data-dir', dir], 2, /import takes one CSV file/],
      [['frobnicate'], 2, /Unknown command "frobnicate"/],
      [['serve', '--port', 'eighty', '--data-dir', dir], 1, /PORT must be a number/],
      [['serve', '--colour'], 2, /Unknown flag --colour for serve\. serve takes the server flags \(--port, --host, --data-dir/],
      [['print', '--template', 'poster', '--out', join(dir, 'x.pdf'), '--data-dir', dir], 1, /There is no badge template "poster"\. Templates: a6-4-a4/],
      [['print', '--template', 'a6-4-a4', '--data-dir', dir], 2, /Say where the badges go/],
      [['print', '--template', 'a6-4-a4', '--printer', '127.0.0.1', '--data-dir', dir], 2, /add --zpl/],
      [['digest', '--data-dir', dir], 2, /Say what to do: digest --send/],
      [['digest', '--send', '--no-meetings', 'maybe', '--data-dir', dir], 2, /--no-meetings is "note" or "skip"/],
    ];
    for (let i = 0; i < cases.length; i += 2) {
      const batch = cases.slice(i, i + 2);
      const results = await Promise.all(batch.map(([args]) => run(args)));
      batch.forEach(([args, code, message], k) => {
        expect(results[k]!.code, args.join(' ')).toBe(code);
        expect(results[k]!.err).toMatch(message);
      });
    }
  });
});
