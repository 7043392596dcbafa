import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMailer } from '../server/mail/mailer.ts';
import { Digests } from '../server/services/digests.ts';
import { TalkingPoints } from '../server/services/talking-points.ts';
import { openStore } from '../server/store/store.ts';
import { demoCopies } from './demo-copies.ts';

/**
 * The digest bar: 5,000 digests rendered and delivered to a local SMTP server in at most 60 s.
 * Each attendee met 8 others (20,000 meetings), so each digest carries 8 people, their talking
 * points and a vCard; the SMTP server runs in its own process.
 */
const PEOPLE = 5_000;
const MET = 8;
const dir = await mkdtemp(join(tmpdir(), 'bx-bench-digest-'));
const sink = spawn(process.execPath, ['--import', 'tsx', new URL('smtp-sink.ts', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  let lastCount = 0;
  const port = await new Promise<number>((resolve) =>
    sink.stdout.on('data', (d: Buffer) => {
      for (const line of String(d).split('\n')) {
        const [key, value] = line.split(' ');
        if (key === 'port') resolve(Number(value));
        if (key === 'count') lastCount = Number(value);
      }
    }),
  );
  const store = await openStore(dir);
  const now = new Date();
  const people = demoCopies(PEOPLE, now, (i) => ({ shareEmail: i % 3 !== 0, digest: true }));
  await store.upsertAttendees(people, []);
  for (let i = 0; i < PEOPLE; i++) {
    for (let k = 1; k <= MET / 2; k++) void store.exchanges.record({ a: people[i]!.id, b: people[(i + k * 7) % PEOPLE]!.id, kiosk: 'k', at: now });
  }
  await store.exchanges.record({ a: people[0]!.id, b: people[1]!.id, kiosk: 'k', at: now });

  const mailerOptions = { smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: join(dir, 'outbox'), perSecond: 10_000 };
  const talkingPoints = new TalkingPoints(store, (id) => store.exchanges.met(id));
  void talkingPoints.index;
  const sample = await new Digests(store, talkingPoints, createMailer(mailerOptions)).render(people[0]!);

  // The job: render, journal and send everyone's digest through the pool.
  const mailer = createMailer(mailerOptions);
  const t0 = performance.now();
  const progress = await new Digests(store, talkingPoints, mailer).run({});
  const seconds = (performance.now() - t0) / 1000;
  mailer.close();

  // The floor: bare nodemailer (the same pool, options and sink) sending the same mail, rendered
  // beforehand, all handed to the pool at once; no journal.
  const digests = new Digests(store, talkingPoints, mailer);
  const mails = [];
  for (const p of people) if (store.exchanges.ofAttendee(p.id).length) mails.push(await digests.mail(p, `<floor-${p.id}@badge-exchange.local>`));
  const bare = createMailer(mailerOptions);
  const t1 = performance.now();
  await Promise.all(mails.map((m) => bare.send(m)));
  const floorSeconds = (performance.now() - t1) / 1000;
  bare.close();

  await new Promise((r) => setTimeout(r, 300));
  sink.kill('SIGTERM');
  await new Promise((r) => sink.once('exit', r));
  console.log(`Digests: ${progress.sent.toLocaleString('en')} rendered and delivered to a local SMTP server in ${seconds.toFixed(1)} s (bar 60 s), ` +
    `${(progress.sent / seconds).toFixed(0)}/s; the server counted ${lastCount.toLocaleString('en')} (with the floor's)`);
  console.log(`  vs bare nodemailer sending the same ${mails.length.toLocaleString('en')} pre-rendered mails through the same pool (floor): ${floorSeconds.toFixed(1)} s, ratio ${(seconds / floorSeconds).toFixed(2)}x (bar 1.4x)`);
  console.log(`  one digest with ${MET} people: HTML ${(Buffer.byteLength(sample.html) / 1024).toFixed(0)} KB, text ${(Buffer.byteLength(sample.text) / 1024).toFixed(0)} KB, vCard ${((sample.vcard?.length ?? 0) / 1024).toFixed(1)} KB (Gmail clips at 102 KB)`);
} finally {
  if (sink.exitCode === null) sink.kill();
  await rm(dir, { recursive: true, force: true });
}
