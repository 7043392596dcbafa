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
    const { body: b } = await send(app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@example.org' }));
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
    for (const file of ['db.json', 'exchanges.jsonl', 'digests.jsonl']) {
      const text = await readFile(join(dir, file), 'utf8');
      expect(text).not.toContain('dana@ledgerlight.example');
      expect(text).not.toContain(a.id);
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
