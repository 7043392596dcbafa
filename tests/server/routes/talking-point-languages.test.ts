import { describe, expect, it } from 'vitest';
import type { TalkingPoint } from '../../../server/domain/talking-points.ts';
import { FSI, PDI } from '../../../server/domain/user-text.ts';
import type { Language } from '../../../server/i18n/languages.ts';
import { aishaAndDana, makeApp, pairedKiosk, profile, send } from '../../helpers.ts';

// What gives a point's language away: its quote marks around people's words (every point of
// these two profiles quotes some), and Arabic letters outside the quoted words.
const outsideQuotes = (text: string) => text.replace(new RegExp(`${FSI}[^${PDI}]*${PDI}`, 'gu'), '');
const WRITTEN_IN: Record<Language, (text: string) => boolean> = {
  en: (t) => t.includes('“') && !t.includes('„'),
  de: (t) => t.includes('„'),
  fr: (t) => t.includes('«\u00a0'),
  es: (t) => /«[^\u00a0\u2068]/u.test(t) && !/\p{Script=Arabic}/u.test(t),
  ar: (t) => /\p{Script=Arabic}/u.test(outsideQuotes(t)),
};
function languageOf(points: { forA: TalkingPoint[]; forB: TalkingPoint[] }): Language | 'mixed' {
  const texts = [...points.forA, ...points.forB].map((p) => p.text);
  const found = (Object.keys(WRITTEN_IN) as Language[]).filter((lang) => texts.every(WRITTEN_IN[lang]));
  return found.length === 1 ? found[0]! : 'mixed';
}

describe('the language of talking points', () => {
  it('writes a meeting\'s points in the language the kiosk sends, else the kiosk\'s own, else the event\'s', async () => {
    const { app } = makeApp();
    const { aisha, dana } = await aishaAndDana(app);
    const kiosk = await pairedKiosk(app);
    const meet = async (language?: string) => send(app, 'POST', '/api/exchanges', { a: aisha.badgeUrl, b: dana.badgeUrl, ...(language && { language }) }, kiosk.headers);

    expect(languageOf((await meet()).body.talkingPoints)).toBe('en');
    const german = (await meet('de')).body.talkingPoints;
    expect(languageOf(german)).toBe('de');
    expect(german.forA[0]).toMatchObject({ kind: 'need-match', need: 'Hiring two backend developers' });
    expect(german.forA[0].text).toContain('„Hiring two backend developers“');

    expect((await send(app, 'PATCH', '/api/event', { language: 'es' })).status).toBe(200);
    expect(languageOf((await meet()).body.talkingPoints)).toBe('es');
    expect((await send(app, 'PATCH', `/api/kiosks/${kiosk.id}`, { language: 'fr' })).status).toBe(200);
    expect(languageOf((await meet()).body.talkingPoints)).toBe('fr');
    // What the kiosk shows now (someone switched it for their meeting) wins over its setting.
    expect(languageOf((await meet('ar')).body.talkingPoints)).toBe('ar');
    await send(app, 'PATCH', `/api/kiosks/${kiosk.id}`, { language: null });
    expect(languageOf((await meet()).body.talkingPoints)).toBe('es');
  });

  it('refuses a language it does not speak, saying which it does, and records no meeting', async () => {
    const { app } = makeApp();
    const { aisha, dana } = await aishaAndDana(app);
    const kiosk = await pairedKiosk(app);
    for (const language of ['klingon', 'DE', 'de-AT', '', 7]) {
      const res = await send(app, 'POST', '/api/exchanges', { a: aisha.badgeUrl, b: dana.badgeUrl, language }, kiosk.headers);
      expect(res.status, String(language)).toBe(400);
      expect(res.body.error.message).toBe('language must be one of en, de, fr, es, ar.');
    }
    expect((await send(app, 'GET', '/api/exchanges')).body.total).toBe(0);
  });

  it('answers staff\'s GET /api/talking-points in ?lang=, English without it', async () => {
    const { app } = makeApp();
    const { aisha, dana } = await aishaAndDana(app);
    const points = async (lang?: string) => send(app, 'GET', `/api/talking-points?a=${aisha.id}&b=${dana.id}${lang === undefined ? '' : `&lang=${lang}`}`);
    expect(languageOf((await points('es')).body)).toBe('es');
    expect(languageOf((await points('ar')).body)).toBe('ar');
    expect(languageOf((await points()).body)).toBe('en');
    const bad = await points('xx');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('lang must be one of en, de, fr, es, ar.');
  });
});

describe('topic names in the reader\'s language', () => {
  it('lists the shipped topics in ?lang= and the event\'s own as staff typed them', async () => {
    const { app } = makeApp();
    expect((await send(app, 'POST', '/api/topics', { label: 'Hydrogen', terms: ['electrolyser'] })).status).toBe(201);
    const list = async (lang?: string) => (await send(app, 'GET', `/api/topics${lang ? `?lang=${lang}` : ''}`, undefined, {})).body.topics;

    expect(await list()).toContainEqual({ id: 'finance', label: 'finance and accounting', source: 'shipped' });
    const table: [Language, string][] = [['de', 'Finanzen und Buchhaltung'], ['fr', 'finance et comptabilité'], ['es', 'finanzas y contabilidad'], ['ar', 'المالية والمحاسبة']];
    for (const [lang, finance] of table) {
      const topics = await list(lang);
      expect(topics).toContainEqual({ id: 'finance', label: finance, source: 'shipped' });
      expect(topics).toContainEqual({ id: 'hydrogen', label: 'Hydrogen', source: 'event' });
      expect(topics.map((t: { id: string }) => t.id)).toEqual((await list()).map((t: { id: string }) => t.id));
    }
    const bad = await send(app, 'GET', '/api/topics?lang=klingon', undefined, {});
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('lang must be one of en, de, fr, es, ar.');
  });

  it('proposes topics named in the form\'s language', async () => {
    const { app } = makeApp();
    const propose = (body: Record<string, unknown>) => send(app, 'POST', '/api/topics/propose', { text: 'Hiring two backend developers', side: 'need', ...body }, {});
    expect((await propose({})).body.topics).toEqual([
      { id: 'hiring', label: 'hiring', source: 'shipped' },
      { id: 'engineering', label: 'engineering capacity', source: 'shipped' },
    ]);
    expect((await propose({ language: 'de' })).body.topics).toEqual([
      { id: 'hiring', label: 'Personalsuche', source: 'shipped' },
      { id: 'engineering', label: 'Entwicklungskapazität', source: 'shipped' },
    ]);
    expect((await propose({ language: 'ar' })).body.topics.map((t: { label: string }) => t.label)).toEqual(['التوظيف', 'القدرات الهندسية']);
    const bad = await propose({ language: 'german' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('language must be one of en, de, fr, es, ar.');
  });
});
