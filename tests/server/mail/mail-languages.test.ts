import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../server/app.ts';
import { PHRASE_FILES } from '../../../server/domain/talking-point-phrases.ts';
import { LANGUAGES, textDirection, type Language } from '../../../server/i18n/languages.ts';
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

beforeEach(async () => {
  smtp = await smtpServer();
  const tmp = await tempDataDir();
  cleanup = tmp.cleanup;
  mailer = createMailer({ smtpUrl: smtp.url, outboxDir: tmp.dir, perSecond: 1000 });
  store = memoryStore();
  app = createApp({ store, adminToken: ADMIN_TOKEN, secret: SECRET, publicUrl: PUBLIC_URL, assetsDir: ASSETS_DIR, mailer, mailFrom: '"Harbour Meetup" <hello@harbour.example>' });
  // 10:00 UTC, the meetings' time, is 05:00 in New York.
  await send(app, 'PATCH', '/api/event', { name: 'Harbour Meetup', timeZone: 'America/New_York', organizerEmail: 'team@harbour.example' });
});
afterEach(async () => {
  mailer.close();
  await smtp.close();
  await cleanup();
});

// Spaces as typography sets them (French before a colon, Intl in dates) and isolate marks read as nothing.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/[\u2068\u2069]/g, '');
const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address;

/** Aisha (reading `language`, or the event's when undefined) met Dana, who shared her email, and Sam. */
async function aishaMet(language?: Language) {
  const add = async (fields: Record<string, unknown>) => (await send(app, 'POST', '/api/attendees', profile(fields))).body;
  const aisha = await add({ name: 'Aisha Mbeki', email: 'aisha@example.org', offering: 'Recruiting agency placing backend developers', ...(language ? { language } : {}) });
  const dana = await add({ shareEmail: true });
  const sam = await add({ name: 'Sam Okafor', email: 'sam@example.org', offering: 'I audit cloud bills', needs: ['A designer <b>now</b> & fast'], shareEmail: false });
  const at = new Date('2026-12-03T10:00:00Z');
  await store.exchanges.record({ a: aisha.id, b: dana.id, kiosk: 'k', at });
  await store.exchanges.record({ a: aisha.id, b: sam.id, kiosk: 'k', at });
  return aisha;
}

async function digestOf(id: string): Promise<ParsedMail> {
  expect((await send(app, 'POST', '/api/digests/send', { to: [id] })).status).toBe(202);
  await expect.poll(() => smtp.received.length).toBe(1);
  return smtp.received[0]!;
}

const EXPECTED: Record<Language, { subject: string; greeting: string; met: string }> = {
  en: { subject: 'Harbour Meetup: the 2 people you met', greeting: 'Hi Aisha,', met: 'Met Thu 3 Dec, 05:00' },
  de: { subject: 'Harbour Meetup: die 2 Leute, die du getroffen hast', greeting: 'Hallo Aisha,', met: 'Getroffen: Do., 3. Dez., 05:00' },
  fr: { subject: 'Harbour Meetup : les 2 personnes rencontrées', greeting: 'Bonjour Aisha,', met: 'Rencontre : jeu. 3 déc., 05:00' },
  es: { subject: 'Harbour Meetup: las 2 personas que conociste', greeting: 'Hola, Aisha:', met: 'Encuentro: jue, 3 dic, 05:00' },
  ar: { subject: 'Harbour Meetup: شخصان قابلتهما', greeting: 'مرحبًا Aisha،', met: 'التقيتما الخميس، 3 ديسمبر، 05:00' },
};

/** The English catalog's own words: every literal stretch of its messages long enough to be a giveaway. */
function englishSentences(prefix: string): string[] {
  const english = JSON.parse(readFileSync(new URL('../../../locales/mail/en.json', import.meta.url), 'utf8')) as Record<string, string>;
  const out: string[] = [];
  const walk = (nodes: any[]) => {
    for (const n of nodes) {
      if (n.type === 0 && n.value.trim().length >= 12) out.push(n.value.trim());
      for (const option of Object.values<any>(n.options ?? {})) walk(option.value);
    }
  };
  for (const [key, message] of Object.entries(english)) if (key.startsWith(prefix)) walk(new IntlMessageFormat(message, 'en').getAst() as any[]);
  return out;
}

/** A talking-point phrasing as a pattern: its words exactly, any argument as anything. */
function phrasings(lang: Language): string[] {
  const file = PHRASE_FILES[lang];
  return [file.needMatch, file.topicMatch, ...Object.values(file.need), file.goal, file.comment, file.intro, file.open].flat();
}
const asPattern = (phrasing: string) =>
  new RegExp(`^${phrasing.replace(/''/g, "'").split(/\{\w+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')}$`, 'su');

describe('the digest in the attendee\'s language, through a real SMTP server', () => {
  for (const lang of LANGUAGES) {
    it(`${lang}: subject, sentences, talking points, dates, Content-Language and direction`, async () => {
      const aisha = await aishaMet(lang);
      const mail = await digestOf(aisha.id);
      const text = plain(mail.text!);
      const html = String(mail.html);
      const want = EXPECTED[lang];

      expect(plain(mail.subject!)).toBe(want.subject);
      expect(text.startsWith(`${want.greeting}\n`)).toBe(true);
      expect(text).toContain(want.met);
      expect(plain(html)).toContain(want.met);
      expect(mail.headers.get('content-language')).toBe(lang);
      expect(html).toMatch(new RegExp(`<html lang="${lang}" dir="${textDirection(lang)}">`));
      // People's words as typed: escaped in HTML, quoted as is in the text part.
      expect(text).toContain('Dana Whitfield');
      expect(html).toContain('&lt;b&gt;now&lt;&#x2F;b&gt; &amp; fast');
      expect(html).not.toContain('<b>now</b>');
      expect(text).toContain('A designer <b>now</b> & fast');

      // Nothing left untranslated: no catalog key, and (but in English) none of English's sentences.
      expect(`${mail.subject}${text}${html}`).not.toMatch(/mail\.(digest|link|greeting)/);
      if (lang !== 'en') {
        for (const sentence of englishSentences('mail.')) expect(`${text}${plain(html)}`, sentence).not.toContain(sentence);
      }

      // The talking points in the reader's phrasings (and none only English has, once a language has its own).
      const points = text.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
      expect(points.length).toBeGreaterThan(0);
      const own = phrasings(lang).map(plain).map(asPattern);
      const englishOnly = phrasings('en').filter((p) => !phrasings(lang).includes(p)).map(plain).map(asPattern);
      for (const point of points) {
        expect(own.some((p) => p.test(point)), point).toBe(true);
        expect(englishOnly.some((p) => p.test(point)), point).toBe(false);
      }
    });
  }

  it('ar: laid out right to left, with explicit sides for mail clients that ignore dir', async () => {
    const mail = await digestOf((await aishaMet('ar')).id);
    const html = String(mail.html);
    expect(html).toMatch(/<body dir="rtl"/);
    expect(html).toMatch(/<table[^>]*class="content"[^>]*dir="rtl"|<table[^>]*dir="rtl"[^>]*class="content"/);
    expect(html).toMatch(/<td class="person"[^>]*text-align: right;" align="right"/);
    expect(html).not.toContain('text-align: left');
    expect(html).toMatch(/<ul style="[^"]*padding-right: 20px/);
    // The people's names keep their own direction inside.
    expect(html).toContain('<h2 dir="auto"');
  });

  it('an attendee without a language gets the event\'s, for the digest and the link mail', async () => {
    await send(app, 'PATCH', '/api/event', { language: 'de' });
    const aisha = await aishaMet();
    expect(aisha.language).toBeNull();
    const digest = await digestOf(aisha.id);
    expect(plain(digest.subject!)).toBe(EXPECTED.de.subject);
    expect(digest.headers.get('content-language')).toBe('de');

    expect((await send(app, 'POST', `/api/attendees/${aisha.id}/link/mail`)).status).toBe(202);
    await expect.poll(() => smtp.received.length).toBe(2);
    const link = smtp.received[1]!;
    expect(link.subject).toBe('Deine Seite für Harbour Meetup');
    expect(link.text).toContain('Hier ist dein Link zu Harbour Meetup, wie am Empfang gewünscht.');
    expect(link.headers.get('content-language')).toBe('de');
  });
});

describe('the link mail in the attendee\'s language', () => {
  const register = (fields: Record<string, unknown>) => send(app, 'POST', '/api/register', profile(fields), {});

  it('de: at registration, in German from subject to button', async () => {
    const reg = await register({ language: 'de' });
    expect(reg.status).toBe(201);
    await expect.poll(() => smtp.received.length).toBe(1);
    const mail = smtp.received[0]!;
    expect(to(mail)).toBe('dana@ledgerlight.example');
    expect(mail.subject).toBe('Deine Seite für Harbour Meetup');
    expect(mail.text).toContain('Hallo Dana,\n\nDu bist für Harbour Meetup angemeldet.');
    expect(mail.text).toContain(reg.body.profileUrl);
    expect(mail.html).toContain('<html lang="de" dir="ltr">');
    expect(mail.html).toContain('Meine Seite öffnen</a>');
    expect(mail.headers.get('content-language')).toBe('de');
    for (const sentence of englishSentences('mail.')) expect(`${mail.text}${mail.html}`, sentence).not.toContain(sentence);
  });

  it('ar: at registration and from the desk, right to left', async () => {
    const reg = await register({ language: 'ar', name: 'Noor Haddad', email: 'noor@example.org' });
    await expect.poll(() => smtp.received.length).toBe(1);
    const mail = smtp.received[0]!;
    expect(plain(mail.subject!)).toBe('صفحتك في Harbour Meetup');
    expect(plain(mail.text!)).toContain('مرحبًا Noor،\n\nتم تسجيلك في Harbour Meetup.');
    expect(mail.html).toContain('<html lang="ar" dir="rtl"><body dir="rtl"');
    expect(mail.html).toContain('text-align: right');
    expect(mail.html).toContain('افتح صفحتي</a>');
    expect(mail.headers.get('content-language')).toBe('ar');
    for (const sentence of englishSentences('mail.')) expect(`${mail.text}${plain(String(mail.html))}`, sentence).not.toContain(sentence);

    expect((await send(app, 'POST', `/api/attendees/${reg.body.id}/link/mail`)).status).toBe(202);
    await expect.poll(() => smtp.received.length).toBe(2);
    expect(plain(smtp.received[1]!.text!)).toContain('إليك رابطك إلى Harbour Meetup، بناءً على طلب مكتب التسجيل.');
  });
});
