import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFile, copyFile, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app.ts';
import { createMailer } from '../../server/mail/mailer.ts';
import { openStore, type Store } from '../../server/store/store.ts';
import { ASSETS_DIR } from '../../server/ui-build.ts';
import { ADMIN_TOKEN, profile, send, tempDataDir } from '../helpers.ts';
import { smtpServer } from '../smtp-server.ts';
import { simpleParser, type ParsedMail } from 'mailparser';

/** Runs `fn` with a fresh SMTP server, closed afterwards whatever happens. */
async function withSmtp(fn: (server: Awaited<ReturnType<typeof smtpServer>>) => Promise<void>, refuse?: Parameters<typeof smtpServer>[0]) {
  const server = await smtpServer(refuse);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

let dir: string;
let cleanup: () => Promise<void>;
let store: Store;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDataDir());
  store = await openStore(dir);
});
afterEach(() => cleanup());

const appWith = (smtpUrl?: string) =>
  createApp({
    store, adminToken: ADMIN_TOKEN, secret: 's', publicUrl: 'http://10.0.0.1:8080', assetsDir: ASSETS_DIR,
    mailer: createMailer({ smtpUrl, outboxDir: join(dir, 'outbox'), perSecond: 1000 }),
    mailFrom: 'Harbour Meetup <hello@harbour.example>', mailRetryDelaysMs: [50, 100],
  });

/** Five people: Aisha met Dana and Sam; Noor (no digest) met Aisha; Lee met nobody. */
async function people(app: App) {
  const add = async (fields: Record<string, unknown>) => (await send(app, 'POST', '/api/attendees', profile(fields))).body;
  const aisha = await add({ name: 'Aisha Mbeki', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['A designer <b>now</b> & fast'], shareEmail: true });
  const dana = await add({ shareEmail: true });
  const sam = await add({ name: 'Sam Okafor', email: 'sam@example.org', company: 'CloudTrim', title: 'Founder', offering: 'I audit cloud bills', needs: ['A lawyer'], shareEmail: false });
  const noor = await add({ name: 'Noor Haddad', email: 'noor@example.org', offering: 'Design', needs: ['Clients'], digest: false });
  const lee = await add({ name: 'Lee Park', email: 'lee@example.org', offering: 'Catering', needs: ['Events'] });
  const at = new Date('2026-12-03T10:00:00Z');
  await store.exchanges.record({ a: aisha.id, b: dana.id, kiosk: 'k', at });
  await store.exchanges.record({ a: aisha.id, b: sam.id, kiosk: 'k', at });
  await store.exchanges.record({ a: noor.id, b: aisha.id, kiosk: 'k', at });
  return { aisha, dana, sam, noor, lee };
}

const waitFor = async (app: App) => {
  for (;;) {
    const { body } = await send(app, 'GET', '/api/digests');
    if (!body.running) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
};
const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address;

describe('digests over a real SMTP server', () => {
  it('mails everyone who opted in and met someone: both parts, the people met, the vCard, the unsubscribe header', async () => {
    await withSmtp(async (server) => {
      const app = appWith(server.url);
      await people(app);
      await store.updateEvent({ timeZone: 'America/New_York' });
      expect((await send(app, 'POST', '/api/digests/send', {})).status).toBe(202);
      const progress = await waitFor(app);
      expect(progress).toMatchObject({ total: 4, sent: 3, skipped: 1, failed: 0 });
      expect(server.received.map(to).sort()).toEqual(['aisha@example.org', 'dana@ledgerlight.example', 'sam@example.org']);

      const mail = server.received.find((m) => to(m) === 'aisha@example.org')!;
      expect(mail.subject).toBe('Our event: the 3 people you met');
      expect(mail.from!.value[0]).toMatchObject({ name: 'Harbour Meetup', address: 'hello@harbour.example' });
      expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toMatch(/List-Unsubscribe:\s*<mailto:organizer@example.org\?subject=unsubscribe/);
      expect(mail.text).toContain('== Dana Whitfield ==');
      expect(mail.text).toContain('dana@ledgerlight.example');
      // Met at 10:00 UTC: 05:00 in New York, the event's time zone, in both parts.
      expect(mail.text).toContain('Met Thu 3 Dec, 05:00');
      expect(mail.html).toContain('Met Thu 3 Dec, 05:00');
      expect(`${mail.text}${mail.html}`).not.toContain('UTC');
      // Sam did not share his email: he is in the digest, his address is not.
      expect(mail.text).toContain('== Sam Okafor ==');
      expect(mail.text).not.toContain('sam@example.org');
      expect(mail.html).toContain('Dana Whitfield');
      expect(mail.html).not.toContain('<style');
      expect(Buffer.byteLength(String(mail.html))).toBeLessThan(100_000);

      const card = mail.attachments.find((a) => a.filename === 'contacts.vcf')!;
      const vcf = card.content.toString('utf8');
      expect(vcf.match(/BEGIN:VCARD/g)).toHaveLength(1);
      expect(vcf).toContain('FN:Dana Whitfield');
      expect(vcf).toContain('EMAIL;TYPE=work:dana@ledgerlight.example');

      // What Aisha typed is escaped in the HTML Dana receives, and quoted as is in the text.
      const danaMail = server.received.find((m) => to(m) === 'dana@ledgerlight.example')!;
      expect(danaMail.html).toContain('&lt;b&gt;now&lt;&#x2F;b&gt; &amp; fast');
      expect(danaMail.html).not.toContain('<b>now</b>');
      expect(danaMail.text).toContain('A designer <b>now</b> & fast');
      // Noor asked for no digest of her own; she still appears in the digest of someone she met.
      expect(server.received.some((m) => to(m) === 'noor@example.org')).toBe(false);
      expect(mail.text).toContain('Noor Haddad');
    });
  });

  it('never sends twice: a second run sends nothing new, force sends again', async () => {
    await withSmtp(async (server) => {
      const app = appWith(server.url);
      await people(app);
      await send(app, 'POST', '/api/digests/send', {});
      await waitFor(app);
      await send(app, 'POST', '/api/digests/send', {});
      expect(await waitFor(app)).toMatchObject({ sent: 0, alreadySent: 3 });
      expect(server.received).toHaveLength(3);
      await send(app, 'POST', '/api/digests/send', { force: true });
      expect(await waitFor(app)).toMatchObject({ sent: 3 });
      expect(server.received).toHaveLength(6);
    });
  });

  it('leaves out erased people everywhere', async () => {
    await withSmtp(async (server) => {
      const app = appWith(server.url);
      const { sam } = await people(app);
      await send(app, 'DELETE', `/api/attendees/${sam.id}`);
      await send(app, 'POST', '/api/digests/send', {});
      await waitFor(app);
      expect(server.received.map(to).sort()).toEqual(['aisha@example.org', 'dana@ledgerlight.example']);
      for (const m of server.received) expect(`${m.text}${m.html}`).not.toContain('Sam Okafor');
    });
  });

  it('sends nothing to a walk-in without an email, says so in the counts, and leaves no empty contact in anyone\'s vCard', async () => {
    await withSmtp(async (server) => {
      const app = appWith(server.url);
      const { aisha } = await people(app);
      const walkIn = (await send(app, 'POST', '/api/attendees', profile({ name: 'Wen Walkin', email: '', offering: 'Pottery classes', needs: ['A kiln'], shareEmail: true }))).body;
      await store.exchanges.record({ a: walkIn.id, b: aisha.id, kiosk: 'k', at: new Date('2026-12-03T11:00:00Z') });
      await send(app, 'POST', '/api/digests/send', {});
      const progress = await waitFor(app);
      expect(progress).toMatchObject({ total: 5, sent: 3, skipped: 1, noEmail: 1, failed: 0 });
      expect(server.received.map(to).sort()).toEqual(['aisha@example.org', 'dana@ledgerlight.example', 'sam@example.org']);
      const mail = server.received.find((m) => to(m) === 'aisha@example.org')!;
      expect(mail.text).toContain('== Wen Walkin ==');
      const vcf = mail.attachments.find((a) => a.filename === 'contacts.vcf')!.content.toString('utf8');
      expect(vcf).not.toContain('Wen Walkin');
      expect(vcf).not.toMatch(/EMAIL;TYPE=work:\r?\n/);
    });
  });

  it('sends a short note to people who met nobody when the organizer chooses so', async () => {
    await withSmtp(async (server) => {
      const app = appWith(server.url);
      await people(app);
      await send(app, 'POST', '/api/digests/send', { noMeetings: 'note' });
      await waitFor(app);
      const lee = server.received.find((m) => to(m) === 'lee@example.org')!;
      expect(lee.subject).toBe('Our event: thank you for coming');
      expect(lee.attachments).toHaveLength(0);
    });
  });

  it('retries a 4xx refusal, records a 5xx one and goes on', async () => {
    const refuse = (address: string, attempt: number) =>
      address === 'dana@ledgerlight.example' && attempt < 3 ? { code: 451, message: 'Try again later' } : address === 'sam@example.org' ? { code: 550, message: 'No such user' } : null;
    await withSmtp(async (server) => {
      const app = appWith(server.url);
      const { sam } = await people(app);
      await send(app, 'POST', '/api/digests/send', {});
      const progress = await waitFor(app);
      expect(progress).toMatchObject({ sent: 2, failed: 1 });
      expect(progress.errors).toEqual([{ attendee: sam.id, name: 'Sam Okafor', message: expect.stringMatching(/550/) }]);
      expect(server.received.map(to).sort()).toEqual(['aisha@example.org', 'dana@ledgerlight.example']);
      // The failure is recorded: a new run does not try Sam again unless forced.
      await send(app, 'POST', '/api/digests/send', {});
      expect(await waitFor(app)).toMatchObject({ sent: 0, alreadySent: 2, failed: 1 });
    }, refuse);
  });

  it('stops when the mail server is gone, and the next run resumes where it stopped', async () => {
    const server = await smtpServer();
    const app = appWith(server.url);
    await people(app);
    await server.close();
    await send(app, 'POST', '/api/digests/send', {});
    const stopped = await waitFor(app);
    expect(stopped.sent).toBe(0);
    expect(stopped.stopped).toMatch(/not answering/);
    const back = await smtpServer();
    try {
      const again = appWith(back.url);
      await send(again, 'POST', '/api/digests/send', {});
      expect(await waitFor(again)).toMatchObject({ sent: 3 });
      expect(back.received).toHaveLength(3);
    } finally {
      await back.close();
    }
  });

  it('previews a digest as HTML and text, and sends a test copy that counts for nothing', async () => {
    await withSmtp(async (server) => {
      const app = appWith(server.url);
      const { aisha } = await people(app);
      const html = await app.request(`/api/digests/${aisha.id}/preview`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(html.headers.get('content-type')).toMatch(/text\/html/);
      expect(await html.text()).toContain('Dana Whitfield');
      const text = await send(app, 'GET', `/api/digests/${aisha.id}/preview?format=text`);
      expect(text.body).toContain('Hi Aisha,');
      expect((await send(app, 'POST', '/api/digests/test', { attendee: aisha.id, email: 'staff@harbour.example' })).status).toBe(200);
      expect(server.received.map(to)).toEqual(['staff@harbour.example']);
      expect(store.digests.all()).toEqual([]);
      expect((await send(app, 'GET', '/api/digests/zzzzzzzzzz/preview')).status).toBe(404);
      expect((await send(app, 'POST', '/api/digests/test', { attendee: aisha.id, email: 'nope' })).status).toBe(400);
    });
  });

  it('is for staff only', async () => {
    const app = appWith(undefined);
    const { aisha } = await people(app);
    for (const [method, path] of [['GET', '/api/digests'], ['POST', '/api/digests/send'], ['GET', `/api/digests/${aisha.id}/preview`]] as const) {
      expect((await send(app, method, path, method === 'POST' ? {} : undefined, {})).status).toBe(401);
    }
  });

  it('writes .eml files into the outbox when no SMTP server is configured', async () => {
    const app = appWith(undefined);
    await people(app);
    await send(app, 'POST', '/api/digests/send', {});
    expect(await waitFor(app)).toMatchObject({ sent: 3 });
    const files = (await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(3);
    const parsed = await simpleParser(await readFile(join(dir, 'outbox', files[0]!)));
    expect(parsed.text).toMatch(/^Hi /);
  });
});

describe('erasure and the outbox', () => {
  /** Every file under the data folder, mail decoded (a name may sit in a base64 or quoted-printable part). */
  async function everything(folder: string): Promise<{ path: string; text: string; mode: number; dir: boolean }[]> {
    const out: { path: string; text: string; mode: number; dir: boolean }[] = [];
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const mode = (await stat(path)).mode & 0o777;
      if (entry.isDirectory()) {
        out.push({ path, text: '', mode, dir: true }, ...(await everything(path)));
        continue;
      }
      const raw = await readFile(path);
      const mail = path.endsWith('.eml') ? await simpleParser(raw) : null;
      const decoded = mail ? [mail.subject, mail.text, mail.html, JSON.stringify(mail.to), ...mail.attachments.map((a) => a.content.toString())].join('\n') : '';
      out.push({ path, text: `${path}\n${raw.toString()}\n${decoded}`, mode, dir: false });
    }
    return out;
  }

  it('removes every kept mail that names an erased person, and keeps the data folder to its owner', async () => {
    const app = appWith(undefined);
    const { sam, aisha } = await people(app);
    await send(app, 'POST', '/api/digests/send', {});
    expect(await waitFor(app)).toMatchObject({ sent: 3 });
    expect((await send(app, 'POST', '/api/digests/test', { attendee: sam.id, email: 'staff@harbour.example' })).status).toBe(200);
    const traces = [sam.id, 'Sam Okafor', 'sam@example.org', 'CloudTrim', 'I audit cloud bills'];
    const named = (await everything(dir)).filter((f) => traces.some((t) => f.text.includes(t)));
    // Before: his digest, Aisha's (she met him), the test copy, and the store's own files.
    expect(named.filter((f) => f.path.endsWith('.eml')).length).toBe(3);

    expect((await send(app, 'DELETE', `/api/attendees/${sam.id}`)).status).toBe(204);
    // The store's own files are rewritten by the compaction the erasure started in the background.
    await store.flush();
    const after = await everything(dir);
    expect(after.filter((f) => traces.some((t) => f.text.includes(t))).map((f) => f.path)).toEqual([]);
    // What does not name him stays: Dana's digest.
    expect(after.filter((f) => f.path.endsWith('.eml')).length).toBe(1);
    expect(after.find((f) => f.text.includes(aisha.name) && f.path.endsWith('.eml'))).toBeDefined();
    // No file name says whom it is for, and nobody but the owner may read any of it.
    for (const f of after) {
      expect(f.path).not.toMatch(new RegExp(`${aisha.id}|${sam.id}`));
      expect(f.mode, f.path).toBe(f.dir ? 0o700 : 0o600);
    }
  });

  it('removes kept mail about them whose index line a crash or a full disk lost', async () => {
    const app = appWith(undefined);
    const { sam } = await people(app);
    await send(app, 'POST', '/api/digests/send', {});
    expect(await waitFor(app)).toMatchObject({ sent: 3 });
    const outbox = join(dir, 'outbox');
    const emls = async () => (await readdir(outbox)).filter((f) => f.endsWith('.eml'));
    // A crash after a mail was written and before its index line: the file, and no line naming it.
    let samsDigest = '';
    for (const f of await emls()) if ((await readFile(join(outbox, f), 'utf8')).includes('To: Sam Okafor')) samsDigest = f;
    await copyFile(join(outbox, samsDigest), join(outbox, `${randomUUID()}.eml`));
    // A crash (or a full disk) that cut an index line short: the next line must not glue onto it.
    await appendFile(join(outbox, '.about.jsonl'), '{"file":"0b9f');
    expect((await send(app, 'POST', '/api/digests/test', { attendee: sam.id, email: 'staff@harbour.example' })).status).toBe(200);
    expect(await emls()).toHaveLength(5);

    expect((await send(app, 'DELETE', `/api/attendees/${sam.id}`)).status).toBe(204);
    await store.flush();
    const traces = [sam.id, 'Sam Okafor', 'sam@example.org', 'CloudTrim', 'I audit cloud bills'];
    expect((await everything(dir)).filter((f) => traces.some((t) => f.text.includes(t))).map((f) => f.path)).toEqual([]);
    // Dana's digest names nobody erased, and its index line is whole: it stays.
    const left = await emls();
    expect(left).toHaveLength(1);
    expect(await readFile(join(outbox, left[0]!), 'utf8')).toContain('To: Dana Whitfield');
  });
});

describe('a crash mid-run', () => {
  // Digests go out eight at a time, so a crash can leave up to eight accepted by the mail server
  // but not yet journalled 'sent'. The resumed run sends those again under their first
  // Message-ID, which receiving mailboxes drop as duplicates: each person ends with exactly one
  // digest (one Message-ID), and only those in doubt travel twice.
  it('resumes after kill -9 and every opted-in attendee ends with exactly one digest', async () => {
    await withSmtp(async (server) => {
      // 60 people who each met the next one.
      const app = appWith(server.url);
      const ids: string[] = [];
      for (let i = 0; i < 60; i++) ids.push((await send(app, 'POST', '/api/attendees', profile({ name: `Person ${i}`, email: `p${i}@example.org` }))).body.id);
      for (let i = 0; i < 60; i++) await store.exchanges.record({ a: ids[i]!, b: ids[(i + 1) % 60]!, kiosk: 'k', at: new Date() });
      await store.flush();

      const script = (port: string) => `
        import { openStore } from ${JSON.stringify(new URL('../../server/store/store.ts', import.meta.url).pathname)};
        import { createMailer } from ${JSON.stringify(new URL('../../server/mail/mailer.ts', import.meta.url).pathname)};
        import { TalkingPoints } from ${JSON.stringify(new URL('../../server/services/talking-points.ts', import.meta.url).pathname)};
        import { Digests } from ${JSON.stringify(new URL('../../server/services/digests.ts', import.meta.url).pathname)};
        const store = await openStore(process.env.BX_DIR);
        const mailer = createMailer({ smtpUrl: '${port}', outboxDir: '/dev/null', perSecond: 1000 });
        const digests = new Digests(store, new TalkingPoints(store, (id) => store.exchanges.met(id)), mailer);
        const original = store.digests.record.bind(store.digests);
        store.digests.record = async (e) => { await original(e); if (e.state === 'sent') process.stdout.write('sent\\n'); };
        await digests.run({});
        mailer.close();
        process.stdout.write('done\\n');`;
      const runChild = (killAfter: number | null) =>
        new Promise<void>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(server.url)], {
            stdio: ['ignore', 'pipe', 'inherit'],
            env: { ...process.env, BX_DIR: dir },
          });
          let sent = 0;
          child.stdout.on('data', (d: Buffer) => {
            sent += (String(d).match(/sent/g) ?? []).length;
            if (killAfter !== null && sent >= killAfter) child.kill('SIGKILL');
          });
          child.on('exit', () => resolve());
        });
      await runChild(20);
      const afterCrash = server.received.length;
      expect(afterCrash).toBeGreaterThanOrEqual(20);
      expect(afterCrash).toBeLessThan(60);
      await runChild(null);
      const messageIds = new Map<string, Set<string>>();
      for (const m of server.received) messageIds.set(to(m)!, (messageIds.get(to(m)!) ?? new Set()).add(m.messageId!));
      expect(messageIds.size).toBe(60);
      expect([...messageIds.values()].every((s) => s.size === 1)).toBe(true);
      expect(server.received.length - 60).toBeLessThanOrEqual(8);
      // The journal's last word on each of them is 'sent', under the Message-ID they received.
      const latest = new Map<string, { state: string; messageId: string }>();
      for (const line of (await readFile(join(dir, 'digests.jsonl'), 'utf8')).split('\n').filter(Boolean)) {
        const e = JSON.parse(line) as { attendee: string; state: string; messageId: string };
        latest.set(e.attendee, e);
      }
      expect([...latest.values()].every((e) => e.state === 'sent')).toBe(true);
      expect(new Set([...latest.values()].map((e) => e.messageId))).toEqual(new Set([...messageIds.values()].map((s) => [...s][0])));
    });
  });
});
