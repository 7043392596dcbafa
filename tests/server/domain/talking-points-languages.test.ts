import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import { createAttendee, type Attendee, type AttendeeFields } from '../../../server/domain/attendee.ts';
import { needKind, type NeedKind } from '../../../server/domain/matching/need-kind.ts';
import { ProfileIndex } from '../../../server/domain/matching/profile-index.ts';
import { PHRASE_FILES, phrasesFor, type PhraseFile } from '../../../server/domain/talking-point-phrases.ts';
import { talkingPointsFor, type TalkingPoint } from '../../../server/domain/talking-points.ts';
import { topicLabel } from '../../../server/domain/topic-labels.ts';
import { createEventTopic, withEventTopics } from '../../../server/domain/topics.ts';
import { FSI, isolate, PDI } from '../../../server/domain/user-text.ts';
import type { Language } from '../../../server/i18n/languages.ts';

const now = new Date('2026-12-03T09:00:00Z');
const person = (fields: Partial<AttendeeFields> & { name: string }, id?: string): Attendee => {
  const a = createAttendee({ email: `${fields.name.replace(/\W/g, '').toLowerCase() || 'x'}@example.org`, ...fields }, 'staff', now);
  // Fixed ids where it matters: the phrasing a pair gets is a function of the two ids.
  return id ? { ...a, id } : a;
};

const recruiter = person({ name: 'Aisha Mbeki', offering: 'Recruiting agency placing software engineers in startups', needs: ['A designer for our website'] });
const founder = person({ name: 'Dana Whitfield', offering: 'Bookkeeping software for small firms', needs: ['Hiring two backend developers', 'hiring!!'], goal: 'Reach 500 paying firms' });
const auditor = person({ name: 'Sam Okafor', offering: 'I audit AWS and GCP bills and usually find 30% to cut', needs: ['A good contract lawyer'] });
const cafe = person({ name: 'Lucas Moreau', offering: 'Catering for office events', needs: ['A new coffee supplier for our café'] });
const ticketHolder = person({ name: 'Noor Haddad' });
const everyone = [recruiter, founder, auditor, cafe, ticketHolder];
const index = new ProfileIndex(concepts, everyone);

// Each language's own quote marks around people's words (French with no-break spaces inside).
const QUOTES: Record<Language, [string, string]> = { en: ['“', '”'], de: ['„', '“'], fr: ['«\u00a0', '\u00a0»'], es: ['«', '»'], ar: ['«', '»'] };
const TRANSLATED: Language[] = ['de', 'fr', 'es', 'ar'];

// A point's frame: its text with people's words (as isolated or as typed) each one mark.
const MARK = '⟦⟧';
const TYPED = [...everyone.flatMap((a) => [a.name, a.name.split(' ')[0]!, a.offering, a.goal, ...a.needs]), 'Hydrogen', 'Maximiliane-Friederike'];
function frameOf(text: string, words: readonly string[]): string {
  let frame = text.replace(new RegExp(`${FSI}[^${PDI}]*${PDI}`, 'gu'), MARK);
  for (const w of [...words].filter(Boolean).sort((x, y) => y.length - x.length)) frame = frame.replaceAll(shouted(w), MARK);
  return frame;
}

/** The frames a list of phrasings can give, the evidence either marked or "your offering". */
function framesOf(lang: Language, messages: string[]): Set<string> {
  const values = { b: MARK, m: MARK, need: MARK, goal: MARK, offering: MARK, field: MARK };
  return new Set(
    messages.flatMap((m) => {
      const format = new IntlMessageFormat(m, lang);
      return [String(format.format(values)), String(format.format({ ...values, field: PHRASE_FILES[lang].yourOffering }))];
    }),
  );
}

const phrasingsOf = (file: PhraseFile, p: TalkingPoint): string[] => {
  switch (p.kind) {
    case 'need-match': return [...file.needMatch, ...file.topicMatch];
    case 'need': return file.need[needKind(p.need!)];
    default: return file[p.kind];
  }
};
const everyPhrasing = (file: PhraseFile) => [...file.needMatch, ...file.topicMatch, ...Object.values(file.need).flat(), ...file.goal, ...file.comment, ...file.intro, ...file.open];
const ENGLISH_FRAMES = framesOf('en', everyPhrasing(PHRASE_FILES.en));

/** A person's words as a point quotes them: outer spaces and shouting trimmed ("hiring!!" → "hiring"). */
const shouted = (text: string) => text.trim().replace(/[\s.!?]+$/u, '');
/** People's words in a sentence of `lang`: isolated when they could reorder it; in Arabic, always. */
const set = (lang: Language, text: string) => (lang === 'ar' ? `${FSI}${text}${PDI}` : isolate(text));
/** `text` quoted as `lang` quotes people's words, never translated. */
const quoted = (lang: Language, text: string) => `${QUOTES[lang][0]}${set(lang, shouted(text))}${QUOTES[lang][1]}`;

/**
 * Asserts that `p` is one of `lang`'s phrasings of its kind and none of English's, quotes its
 * need as typed, and keeps to 160 characters. `words`: people's words it may hold besides the fixtures'.
 */
function expectWrittenIn(lang: Language, p: TalkingPoint, words: readonly string[] = []) {
  const frame = frameOf(p.text, [...TYPED, ...words, ...(p.matched ?? []).map((m) => topicLabel(m, lang) ?? m), topicLabel('hiring', lang)!, topicLabel('finance', lang)!]);
  expect(p.text.length, p.text).toBeLessThanOrEqual(160);
  expect(framesOf(lang, phrasingsOf(PHRASE_FILES[lang], p)), p.text).toContain(frame);
  expect(ENGLISH_FRAMES, p.text).not.toContain(frame);
  if (p.need) expect(p.text).toContain(quoted(lang, p.need));
}

describe.each(TRANSLATED)('talking points in %s', (lang) => {
  it('writes a need-match, an introduction, the goal, the offering and open questions in it, quoting people as typed', () => {
    const forRecruiter = talkingPointsFor(recruiter, founder, index, [], undefined, lang);
    expect(forRecruiter.map((p) => p.kind)).toEqual(['need-match', 'need-match', 'goal', 'comment']);
    expect(forRecruiter[0]).toMatchObject({ need: 'Hiring two backend developers', matched: expect.arrayContaining(['hiring']) });
    expect(forRecruiter[2]!.text).toContain(quoted(lang, 'Reach 500 paying firms'));
    expect(forRecruiter[3]!.text).toContain(quoted(lang, 'Bookkeeping software for small firms'));

    const intro = talkingPointsFor(auditor, founder, index, [recruiter, cafe], undefined, lang).find((p) => p.kind === 'intro')!;
    expect(intro).toMatchObject({ via: recruiter.id, need: 'Hiring two backend developers' });
    expect(intro.text).toContain(set(lang, 'Aisha Mbeki'));

    const open = talkingPointsFor(founder, ticketHolder, index, [], undefined, lang);
    expect(open.map((p) => p.kind)).toEqual(['open', 'open', 'open']);
    expect(new Set(open.map((p) => p.text)).size).toBe(3);
    expect(open[0]!.text).toContain(set(lang, 'Noor'));

    for (const p of [...forRecruiter, intro, ...open]) expectWrittenIn(lang, p);
  });

  it('names the evidence, a shipped topic, in the reader\'s language', () => {
    const [first] = talkingPointsFor(recruiter, founder, index, [], undefined, lang);
    expect(first!.text).toContain(set(lang, topicLabel('hiring', lang)!));
    expect(first!.text).not.toMatch(/\bhiring\b/);

    const books = person({ name: 'Bea Kovacs', offering: 'We make the books of small firms balance every month', offeringTopics: ['finance'] });
    const numbers = person({ name: 'Femi Ade', offering: 'Bike tours', needs: ['Nobody here understands our numbers'], needTopics: [['finance']] });
    const [sure] = talkingPointsFor(books, numbers, new ProfileIndex(concepts, [books, numbers]), [], undefined, lang);
    expect(sure).toMatchObject({ kind: 'need-match', score: 1 });
    expect(sure!.text).toContain(set(lang, topicLabel('finance', lang)!));
    expectWrittenIn(lang, sure!, ['Femi', 'Nobody here understands our numbers']);
  });

  it('names an event\'s own topic as staff typed it', () => {
    const topic = createEventTopic({ label: 'Hydrogen', terms: ['electrolyser'] }, 'hydrogen', now);
    const maker = person({ name: 'Ines Roth', offering: 'We build electrolysers for small plants', offeringTopics: ['hydrogen'] });
    const buyer = person({ name: 'Kofi Mensah', offering: 'Bakery', needs: ['Cheaper gas for our ovens'], needTopics: [['hydrogen']] });
    const [point] = talkingPointsFor(maker, buyer, new ProfileIndex(withEventTopics(concepts, [topic]), [maker, buyer]), [], undefined, lang);
    expect(point).toMatchObject({ kind: 'need-match', matched: ['Hydrogen'] });
    expect(point!.text).toContain(set(lang, 'Hydrogen'));
    expectWrittenIn(lang, point!, ['Kofi', 'Cheaper gas for our ovens']);
  });

  it('keeps an Arabic need and an Arabic name isolated in the sentence, exactly as typed', () => {
    const need = 'نحتاج إلى مصمم لموقعنا';
    const b = person({ name: 'نور حداد', offering: 'مخبز عائلي في عمّان', needs: [need] });
    const points = talkingPointsFor(ticketHolder, b, new ProfileIndex(concepts, [ticketHolder, b]), [], undefined, lang);
    expect(points[0]).toMatchObject({ kind: 'need', need });
    expect(points[0]!.text).toContain(quoted(lang, need));
    expect(points[0]!.text).toContain(`${FSI}نور${PDI}`);
    expect(points[1]!.text).toContain(quoted(lang, 'مخبز عائلي في عمّان'));
    for (const p of points) expectWrittenIn(lang, p, ['نور', need, 'مخبز عائلي في عمّان']);
  });

  // Askers with nothing to offer, so each need of B becomes a question; sixty fixed ids reach
  // every phrasing of a kind.
  const askers = Array.from({ length: 60 }, (_, i) => person({ name: `Asker ${i}` }, `lang${String(i).padStart(5, '0')}`));
  it.each<[NeedKind, string]>([
    ['person', 'A designer for our new website'],
    ['customers', 'Distributors in Asia'],
    ['money', 'Raising a seed round'],
    ['advice', 'Are we GDPR compliant?'],
    ['problem', 'Our cloud bill doubled'],
    ['other', 'Office space'],
  ])('asks a %s need with that kind\'s questions, and not always the same one', (kind, need) => {
    expect(needKind(need)).toBe(kind);
    const b = person({ name: 'Marcus Lindqvist', offering: 'Fractional CFO for startups', needs: [need], goal: 'Open an office in Lyon' });
    const idx = new ProfileIndex(concepts, [b]);
    const points = askers.map((a) => talkingPointsFor(a, b, idx, [], undefined, lang));
    const asked = points.map((list) => list.find((p) => p.need === need)!);
    for (const p of asked) {
      expect(p.kind).toBe('need');
      expectWrittenIn(lang, p, ['Marcus', need, 'Fractional CFO for startups', 'Open an office in Lyon']);
    }
    expect(new Set(asked.map((p) => p.text)).size).toBeGreaterThan(1);
    for (const kindOf of ['goal', 'comment'] as const) {
      const texts = points.map((list) => list.find((p) => p.kind === kindOf)!);
      texts.forEach((p) => expectWrittenIn(lang, p, ['Marcus', 'Fractional CFO for startups', 'Open an office in Lyon']));
      expect(new Set(texts.map((p) => p.text)).size, kindOf).toBeGreaterThan(1);
    }
  });

  it('varies the need-matches and introductions between pairs', () => {
    const recruiters = askers.map((a) => ({ ...recruiter, id: `r${a.id}` }));
    const auditors = askers.map((a) => ({ ...auditor, id: `s${a.id}` }));
    const idx = new ProfileIndex(concepts, [...recruiters, ...auditors, recruiter, founder]);
    const matches = new Set(recruiters.map((r) => talkingPointsFor(r, founder, idx, [], undefined, lang)[0]!.text));
    const intros = new Set(auditors.map((s) => talkingPointsFor(s, founder, idx, [recruiter], undefined, lang).find((p) => p.kind === 'intro')!.text));
    expect(matches.size).toBeGreaterThan(1);
    expect(intros.size).toBeGreaterThan(1);
  });

  it('keeps every point to 160 characters, however long the names and words', () => {
    const longName = 'Maximiliane-Friederike von Hohenzollern-Sigmaringen';
    const wordy = person({ name: longName, offering: 'x'.repeat(120), needs: ['y'.repeat(160), 'Hiring '.repeat(22), 'z'.repeat(160)], goal: 'g'.repeat(200) });
    const helper = person({ name: `${longName} the Second`, offering: 'Recruiting agency placing software engineers in startups' });
    const idx = new ProfileIndex(concepts, [...everyone, wordy, helper]);
    const points = [...talkingPointsFor(recruiter, wordy, idx, [helper], undefined, lang), ...talkingPointsFor(founder, wordy, idx, [helper], undefined, lang)];
    expect(points.map((p) => p.kind)).toEqual(expect.arrayContaining(['need-match', 'intro', 'need', 'goal', 'comment']));
    for (const p of points) expect(p.text.length, p.text).toBeLessThanOrEqual(160);
  });
});

describe('phrasings put together without IntlMessageFormat', () => {
  it('give exactly its text in every language, for every phrasing, whatever people typed', () => {
    const values = { b: 'Zoë', m: 'مريم {x}', need: "Someone's '{help}' #1", goal: '50 % in 2027', offering: '<b>', field: 'cloud costs' };
    for (const lang of Object.keys(PHRASE_FILES) as Language[]) {
      const phrases = phrasesFor(lang);
      const ours = [...phrases.needMatch, ...phrases.topicMatch, ...Object.values(phrases.need).flat(), ...phrases.goal, ...phrases.comment, ...phrases.intro, ...phrases.open];
      const messages = everyPhrasing(PHRASE_FILES[lang]);
      expect(ours).toHaveLength(messages.length);
      messages.forEach((m, i) => expect(ours[i]!(values), `${lang}: ${m}`).toBe(String(new IntlMessageFormat(m, lang).format(values))));
    }
  });
});
