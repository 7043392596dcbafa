import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../server/app.ts';
import { createApp } from '../../../server/app.ts';
import { createMailer, type Mailer } from '../../../server/mail/mailer.ts';
import { memoryStore, type Store } from '../../../server/store/store.ts';
import { ASSETS_DIR } from '../../../server/ui-build.ts';
import { ADMIN_TOKEN, profile, PUBLIC_URL, SECRET, send, tempDataDir } from '../../helpers.ts';
import { smtpServer } from '../../smtp-server.ts';

let smtp: Awaited<ReturnType<typeof smtpServer>>;
let mailer: Mailer;
let app: App;
let store: Store;
let cleanup: () => Promise<void>;
let kiosk: Record<string, string> | null;
let qrDir: string;

beforeEach(async () => {
  kiosk = null;
  smtp = await smtpServer();
  const tmp = await tempDataDir();
  cleanup = tmp.cleanup;
  qrDir = tmp.dir;
  mailer = createMailer({ smtpUrl: smtp.url, outboxDir: tmp.dir });
  store = memoryStore();
  app = createApp({ store, adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR, mailer, mailFrom: '"Harbour Meetup" <hello@harbour.example>' });
});
afterEach(async () => {
  mailer.close();
  await smtp.close();
  await cleanup();
});

const keyOf = (profileUrl: string) => profileUrl.split('/me/')[1]!;
const register = (fields: Record<string, unknown>) => send(app, 'POST', '/api/register', profile(fields), {});

/** Records a meeting at a kiosk, paired on first use in each test's app. */
async function meet(a: { badgeUrl: string }, b: { badgeUrl: string }) {
  if (!kiosk) {
    const { body: k } = await send(app, 'POST', '/api/kiosks', { name: 'Hall A' });
    const { body } = await send(app, 'POST', '/api/kiosk/pair', { code: k.pairingCode }, {});
    kiosk = { authorization: `Bearer ${body.token}` };
  }
  return (await send(app, 'POST', '/api/exchanges', { a: a.badgeUrl, b: b.badgeUrl }, kiosk)).body;
}
/** What zbar, an independent decoder, reads from a PNG. */
function decodeQr(png: Buffer): string {
  const file = join(qrDir, `${randomUUID()}.png`);
  writeFileSync(file, png);
  return execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}
const staffGet = async (id: string) => (await send(app, 'GET', `/api/attendees/${id}`)).body;

describe('the personal link, by mail', () => {
  it('mails it at registration with the badge QR, and again to the address on file when someone registers that email again', async () => {
    const reg = await register({ email: 'dana@ledgerlight.example' });
    expect(reg.status).toBe(201);
    expect(reg.body.mailed).toBe(true);
    await expect.poll(() => smtp.received.length).toBe(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toMatchObject({ value: [{ address: 'dana@ledgerlight.example' }] });
    expect(mail.from?.value[0]?.address).toBe('hello@harbour.example');
    expect(mail.text).toContain(reg.body.profileUrl);
    expect(mail.html).toContain(`href="${reg.body.profileUrl}"`);
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['image/png', 'application/pdf']);
    // The picture is the badge's QR: a decoder reads the badge's own URL from it.
    const { badgeUrl } = await staffGet(reg.body.id);
    expect(decodeQr(mail.attachments[0]!.content)).toBe(badgeUrl);
    // The PDF is the badge as it prints: one page, the person's name on it, its QR the same URL.
    const pdf = join(qrDir, `${randomUUID()}.pdf`);
    writeFileSync(pdf, mail.attachments[1]!.content);
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Pages:\s+1$/m);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('Dana');
    execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', '-singlefile', pdf, pdf.replace(/\.pdf$/, '')]);
    expect(decodeQr(readFileSync(pdf.replace(/\.pdf$/, '.png')))).toBe(badgeUrl);

    const again = await register({ name: 'Someone Else', email: 'DANA@ledgerlight.example' });
    expect(again.status).toBe(202);
    expect(again.body.message).toContain('sent the personal link to dana@ledgerlight.example');
    expect(JSON.stringify(again.body)).not.toContain(keyOf(reg.body.profileUrl));
    await expect.poll(() => smtp.received.length).toBe(2);
    expect(smtp.received[1]!.text).toContain(reg.body.profileUrl);
    expect(store.attendees()).toHaveLength(1);
  });

  it('mails the link again to one address at most three times an hour, however many devices ask', async () => {
    expect((await register({ email: 'dana@ledgerlight.example' })).status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await register({ email: 'dana@ledgerlight.example' })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const refused = await register({ email: 'Dana@LedgerLight.example' });
    expect(refused.body.error.code).toBe('link_sent_recently');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // The link mail at registration and three again; someone else's address is not held back.
    await expect.poll(() => smtp.received.length).toBe(4);
    expect((await register({ name: 'Sam Okafor', email: 'sam@example.org' })).status).toBe(201);
    expect((await register({ email: 'sam@example.org' })).status).toBe(202);
  });

  it('sends nothing from a fresh event’s placeholder organizer: the link stays on screen, and staff are told what to set', async () => {
    const plain = createApp({ store: memoryStore(), adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR, mailer });
    const reg = await send(plain, 'POST', '/api/register', profile({ email: 'fresh@example.org' }), {});
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ mailed: false, profileUrl: expect.stringContaining('/me/') });
    const again = await send(plain, 'POST', '/api/register', profile({ email: 'fresh@example.org' }), {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('Ask at the registration desk');
    const staffMail = await send(plain, 'POST', `/api/attendees/${reg.body.id}/link/mail`);
    expect(staffMail.status).toBe(409);
    expect(staffMail.body.error.message).toContain('Set the organizer');
    expect(smtp.received).toHaveLength(0);
  });

  it('lets staff mail it again, or replace it so the old link stops', async () => {
    const reg = await register({});
    const id = reg.body.id;
    expect((await send(app, 'POST', `/api/attendees/${id}/link/mail`)).status).toBe(202);
    await expect.poll(() => smtp.received.length).toBe(2);
    const rotated = await send(app, 'POST', `/api/attendees/${id}/link/rotate`);
    expect(rotated.body.profileUrl).not.toBe(reg.body.profileUrl);
    expect((await send(app, 'GET', `/api/profile/${keyOf(reg.body.profileUrl)}`, undefined, {})).status).toBe(404);
    expect((await send(app, 'GET', `/api/profile/${keyOf(rotated.body.profileUrl)}`, undefined, {})).status).toBe(200);
  });
});

describe('my page', () => {
  it('suggests at most five people, each of whom agreed to be suggested', async () => {
    const me = (await register({ name: 'Dana Whitfield', email: 'dana@example.org', needs: ['Hiring two backend developers'] })).body;
    const recruiter = (name: string, offering: string, suggest: boolean) =>
      register({ name, email: `${name.split(' ')[0]!.toLowerCase()}@example.org`, offering, needs: ['Office space'], suggest });
    for (const [i, name] of ['Ana Ruiz', 'Ben Ito', 'Cleo Park', 'Dev Rao', 'Eli Moss', 'Fay Wu', 'Gus Lee'].entries()) {
      await recruiter(name, i % 2 ? 'Tech recruiter placing backend engineers' : 'Recruiting agency placing backend developers and software engineers', true);
    }
    await recruiter('Hal Shy', 'Tech recruiter placing backend engineers', false);
    const { suggestions } = (await send(app, 'GET', `/api/profile/${keyOf(me.profileUrl)}/suggestions`, undefined, {})).body;
    expect(suggestions).toHaveLength(5);
    expect(suggestions.map((s: { person: { name: string } }) => s.person.name)).not.toContain('Hal Shy');
    expect(suggestions.every((s: { need: string }) => s.need === 'Hiring two backend developers')).toBe(true);
    expect(JSON.stringify(suggestions)).not.toContain('@');
  });

  it('suggests by the topics two people confirmed, where their words alone do not link them', async () => {
    // As in tests/server/routes/topics.test.ts: "books" and "numbers" share no word or concept.
    const founder = (await register({ name: 'Femi Ade', email: 'femi@example.org', offering: 'Tours of our city by bike', needs: ['Nobody here understands our numbers'], needTopics: [['finance']] })).body;
    const bea = (await register({ name: 'Bea Kovacs', email: 'bea@example.org', offering: 'We make the books of small firms balance every month', needs: ['A designer'], suggest: true })).body;
    const suggested = async () => (await send(app, 'GET', `/api/profile/${keyOf(founder.profileUrl)}/suggestions`, undefined, {})).body.suggestions;
    expect(await suggested()).toEqual([]);
    await send(app, 'PATCH', `/api/profile/${keyOf(bea.profileUrl)}`, { offeringTopics: ['finance'] }, {});
    expect(await suggested()).toEqual([expect.objectContaining({ person: expect.objectContaining({ name: 'Bea Kovacs' }), need: 'Nobody here understands our numbers' })]);
  });

  it('takes along only what the kiosk screen showed: three points a side, no introduction through someone met later', async () => {
    const dana = (await register({ name: 'Dana Whitfield', email: 'dana@example.org' })).body;
    const aisha = (await register({ name: 'Aisha Mbeki', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['Funding for our seed round', 'A lawyer for employment contracts', 'Office space in Berlin'], goal: 'Place 100 engineers this year' })).body;
    const ines = (await register({ name: 'Ines Vogel', email: 'ines@example.org', offering: 'Angel investor funding seed rounds of software startups', needs: ['Deal flow'] })).body;
    const badge = async (id: string) => ({ badgeUrl: (await staffGet(id)).badgeUrl as string });
    const atKiosk = await meet(await badge(dana.id), await badge(aisha.id));
    const token = atKiosk.takeAlongUrl.split('/m/')[1];
    // Later Dana meets an investor: her points for Aisha now introduce Ines, which the kiosk never showed.
    await meet(await badge(dana.id), await badge(ines.id));
    const now = (await send(app, 'GET', `/api/talking-points?a=${dana.id}&b=${aisha.id}`)).body.forA;
    expect(now).toContainEqual(expect.objectContaining({ kind: 'intro', via: ines.id }));

    const along = (await send(app, 'GET', `/api/meetings/${token}`, undefined, {})).body;
    // The kiosk shows at most three points a side (kiosk/station/bx-kiosk-app.ts, FIT).
    expect(atKiosk.talkingPoints.forA.length).toBeGreaterThan(3);
    expect(along.talkingPoints).toEqual({ forA: atKiosk.talkingPoints.forA.slice(0, 3), forB: atKiosk.talkingPoints.forB.slice(0, 3) });
    expect(JSON.stringify(along)).not.toContain('Ines');
  });

  it('lists the people I met with the talking points and my notes, suggests whom to meet next, takes a meeting along, and erases me', async () => {
    const me = (await register({ name: 'Dana Whitfield', email: 'dana@example.org', needs: ['Hiring two backend developers', 'A designer for our website'] })).body;
    const key = keyOf(me.profileUrl);
    const aisha = (await register({ name: 'Aisha Mbeki', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['Funding'], shareEmail: true })).body;
    const sam = (await register({ name: 'Sam Okafor', email: 'sam@example.org', offering: 'I audit AWS and GCP bills', needs: ['A lawyer'] })).body;
    const recruiter2 = (await register({ name: 'Rui Costa', email: 'rui@example.org', offering: 'Tech recruiter placing backend engineers', needs: ['Office space'], suggest: true })).body;
    const shy = (await register({ name: 'Shy Recruiter', email: 'shy@example.org', offering: 'Recruiting agency placing software engineers', needs: ['Office space'] })).body;
    const designer = (await register({ name: 'Mia Lind', email: 'mia@example.org', offering: 'Web design and UX for startups', needs: ['Clients'], suggest: true })).body;
    const badge = async (id: string) => (await staffGet(id)).badgeUrl as string;
    const cards = Object.fromEntries(await Promise.all([me, aisha, sam, recruiter2, shy, designer].map(async (p) => [p.id, { badgeUrl: await badge(p.id) }])));

    const first = await meet(cards[me.id], cards[aisha.id]);
    expect(first.takeAlongUrl).toMatch(new RegExp(`^${PUBLIC_URL}/m/[0-9a-z]+\\.[\\w-]{22}$`));
    await meet(cards[sam.id], cards[me.id]);

    const { body } = await send(app, 'GET', `/api/profile/${key}/meetings`, undefined, {});
    expect(body.meetings.map((m: { person: { name: string } }) => m.person.name).sort()).toEqual(['Aisha Mbeki', 'Sam Okafor']);
    const withAisha = body.meetings.find((m: { person: { id: string } }) => m.person.id === aisha.id);
    expect(withAisha).toMatchObject({ count: 1, note: '', person: { email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers' } });
    // What I could raise with her, drawn from her needs.
    expect(withAisha.points).toContainEqual(expect.objectContaining({ kind: 'need', need: 'Funding' }));
    // Sam did not share his email.
    expect(body.meetings.find((m: { person: { id: string } }) => m.person.id === sam.id).person.email).toBeUndefined();

    // A private note, kept and shown only to me; not for someone I never met.
    expect((await send(app, 'PUT', `/api/profile/${key}/notes/${aisha.id}`, { note: 'Send her the job spec on Monday' }, {})).status).toBe(200);
    expect((await send(app, 'PUT', `/api/profile/${key}/notes/${designer.id}`, { note: 'x' }, {})).status).toBe(404);
    const notes = (await send(app, 'GET', `/api/profile/${key}/meetings`, undefined, {})).body.meetings;
    expect(notes.find((m: { person: { id: string } }) => m.person.id === aisha.id).note).toBe('Send her the job spec on Monday');
    expect(JSON.stringify(await staffGet(me.id))).not.toContain('job spec');

    // Contacts: only who shared an email; my note rides along.
    const vcf = await app.request(`/api/profile/${key}/contacts.vcf`);
    const card = await vcf.text();
    expect(vcf.headers.get('content-type')).toContain('text/vcard');
    expect(card).toContain('FN:Aisha Mbeki');
    expect(card).toContain('NOTE:Send her the job spec on Monday');
    expect(card).not.toContain('Sam');

    // Who to meet next: consented, not met, their offering answers my need; no email anywhere.
    const next = (await send(app, 'GET', `/api/profile/${key}/suggestions`, undefined, {})).body.suggestions;
    expect(next.map((s: { person: { name: string } }) => s.person.name)).toEqual(expect.arrayContaining(['Rui Costa']));
    expect(next.map((s: { person: { name: string } }) => s.person.name)).not.toContain('Shy Recruiter');
    expect(next.map((s: { person: { name: string } }) => s.person.name)).not.toContain('Aisha Mbeki');
    expect(next.find((s: { person: { name: string } }) => s.person.name === 'Rui Costa').need).toBe('Hiring two backend developers');
    expect(JSON.stringify(next)).not.toContain('@');

    // The kiosk's QR: that one meeting, both sides, without my link; a forged token finds nothing.
    const token = first.takeAlongUrl.split('/m/')[1];
    const along = await send(app, 'GET', `/api/meetings/${token}`, undefined, {});
    expect(along.body.people).toMatchObject({ a: { name: 'Dana Whitfield' }, b: { name: 'Aisha Mbeki' } });
    expect(along.body.talkingPoints.forB[0]).toMatchObject({ kind: 'need-match', need: 'Hiring two backend developers' });
    expect(JSON.stringify(along.body)).not.toContain('@');
    expect((await send(app, 'GET', `/api/meetings/${token.slice(0, -1)}A`, undefined, {})).status).toBe(404);
    const qr = await app.request(`/api/meetings/${token}/qr.svg`);
    expect(qr.headers.get('content-type')).toBe('image/svg+xml');
    const page = await app.request(`/m/${token}`);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await app.request(`/me/${key}`)).headers.get('referrer-policy')).toBe('no-referrer');

    // Aisha notes me; then I erase myself: my link, my meetings, her note about me, the meeting link: gone.
    await send(app, 'PUT', `/api/profile/${keyOf(aisha.profileUrl)}/notes/${me.id}`, { note: 'Dana needs devs' }, {});
    expect((await send(app, 'DELETE', `/api/profile/${key}`, { confirm: 'yes' }, {})).status).toBe(400);
    expect((await send(app, 'DELETE', `/api/profile/${key}`, { confirm: 'delete everything about me' }, {})).status).toBe(204);
    expect((await send(app, 'GET', `/api/profile/${key}`, undefined, {})).status).toBe(404);
    expect((await send(app, 'GET', `/api/meetings/${token}`, undefined, {})).status).toBe(404);
    expect((await send(app, 'GET', `/api/profile/${keyOf(aisha.profileUrl)}/meetings`, undefined, {})).body.meetings).toEqual([]);
    expect(JSON.stringify(store.attendee(aisha.id))).not.toContain('Dana needs devs');
    expect(store.attendee(me.id)).toBeUndefined();
  });
});
