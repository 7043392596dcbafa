import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { createMailer } from '../../../server/mail/mailer.ts';
import { openStore } from '../../../server/store/store.ts';
import { ASSETS_DIR } from '../../../server/ui-build.ts';
import { ADMIN_TOKEN, profile, send, tempDataDir } from '../../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

describe('POST /api/purge', () => {
  it('erases every attendee, exchange, digest record and outbox mail, from disk too, once the event name is typed', async () => {
    const store = await openStore(dir);
    const app = createApp({ store, adminToken: ADMIN_TOKEN, secret: 's', publicUrl: 'http://10.0.0.1', assetsDir: ASSETS_DIR, mailer: createMailer({ outboxDir: join(dir, 'outbox') }) });
    const { body: a } = await send(app, 'POST', '/api/attendees', profile());
    const { body: b } = await send(app, 'POST', '/api/attendees', profile({ name: 'Sam Okafor', email: 'sam@example.org' }));
    await store.exchanges.record({ a: a.id, b: b.id, kiosk: 'k', at: new Date() });
    await store.updateEvent({ organizerEmail: 'team@our-event.example' });
    await send(app, 'POST', '/api/digests/send', {});
    while ((await send(app, 'GET', '/api/digests')).body.running) await new Promise((r) => setTimeout(r, 20));
    expect((await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'))).toHaveLength(2);

    const wrong = await send(app, 'POST', '/api/purge', { confirm: 'yes' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('Our event');
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(2);

    const done = await send(app, 'POST', '/api/purge', { confirm: 'Our event' });
    expect(done.body).toEqual({ erased: 2 });
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(0);
    expect((await send(app, 'GET', '/api/exchanges')).body.total).toBe(0);
    // Every file of the data folder, the journals and what the compaction left included: no name,
    // email, company, offering or id of either of them.
    const traces = [a.id, b.id, 'Dana Whitfield', 'dana@ledgerlight.example', 'LedgerLight', 'closes a small firm month', 'Sam Okafor', 'sam@example.org'];
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.map((f) => f.name)).toContain('changes.jsonl');
    for (const f of files) {
      const text = await readFile(join(f.parentPath, f.name), 'utf8');
      for (const trace of traces) expect(text, `${f.name} holds ${trace}`).not.toContain(trace);
    }
    await expect(readdir(join(dir, 'outbox'))).rejects.toThrow();
    // The event stays, and the store keeps working.
    expect((await openStore(dir)).event.name).toBe('Our event');
    expect((await send(app, 'POST', '/api/attendees', profile())).status).toBe(201);
  });

  it('is for staff only', async () => {
    const store = await openStore(dir);
    const app = createApp({ store, adminToken: ADMIN_TOKEN, secret: 's', publicUrl: 'http://10.0.0.1', assetsDir: ASSETS_DIR });
    expect((await send(app, 'POST', '/api/purge', { confirm: 'Our event' }, {})).status).toBe(401);
  });
});
