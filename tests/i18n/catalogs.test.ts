import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../server/i18n/languages.ts';
import { PHRASE_FILES } from '../../server/domain/talking-point-phrases.ts';
import { TOPIC_LABELS } from '../../server/domain/topic-labels.ts';
import concepts from '../../matching/concepts.json' with { type: 'json' };

const ROOT = new URL('../../', import.meta.url).pathname;
// Each area's catalogs and the code that may use their keys.
const AREAS: Record<string, string[]> = {
  kiosk: ['kiosk'],
  pages: ['kiosk', 'server'],
  mail: ['server', 'mail-templates'],
};

function catalog(area: string, lang: Language): Record<string, string> {
  return JSON.parse(readFileSync(join(ROOT, 'locales', area, `${lang}.json`), 'utf8'));
}

/** The argument names a message uses ({name}, {count, plural, …}), sorted. */
function argumentsOf(message: string, lang: Language): string[] {
  const names = new Set<string>();
  const walk = (nodes: any[]) => {
    for (const n of nodes) {
      if (typeof n.value === 'string' && n.type !== 0) names.add(n.value);
      for (const option of Object.values<any>(n.options ?? {})) walk(option.value);
      if (Array.isArray(n.children)) walk(n.children);
    }
  };
  walk(new IntlMessageFormat(message, lang).getAst() as any[]);
  return [...names].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'dist' || name === 'node_modules') return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mustache)$/.test(name) ? [path] : [];
  });
}

describe('message catalogs', () => {
  for (const [area, codeDirs] of Object.entries(AREAS)) {
    const english = catalog(area, 'en');
    const code = codeDirs.flatMap((d) => sourceFiles(join(ROOT, d))).map((f) => readFileSync(f, 'utf8')).join('\n');

    for (const lang of LANGUAGES) {
      it(`${area}/${lang}: has every key English has, no other, each with the same arguments`, () => {
        const own = catalog(area, lang);
        expect(Object.keys(own).sort()).toEqual(Object.keys(english).sort());
        for (const [key, message] of Object.entries(own)) {
          expect(message.trim(), `${area}/${lang} ${key} is empty`).not.toBe('');
          expect(argumentsOf(message, lang), `${area}/${lang} ${key}`).toEqual(argumentsOf(english[key]!, 'en'));
        }
      });
    }

    it(`${area}: every key starts with "${area}." (the pages merge two areas' catalogs)`, () => {
      expect(Object.keys(english).filter((key) => !key.startsWith(`${area}.`))).toEqual([]);
    });

    it(`${area}: every key is used by the code (quoted whole, never built from parts)`, () => {
      const unused = Object.keys(english).filter((key) => !code.includes(`'${key}'`) && !code.includes(`"${key}"`) && !code.includes(`{{#t}}${key}{{/t}}`));
      expect(unused).toEqual([]);
    });
  }
});

describe('talking-point phrasings', () => {
  const english = PHRASE_FILES.en;
  const kinds = (file: typeof english) => ({
    needMatch: file.needMatch,
    topicMatch: file.topicMatch,
    ...Object.fromEntries(Object.entries(file.need).map(([k, v]) => [`need.${k}`, v])),
    goal: file.goal,
    comment: file.comment,
    intro: file.intro,
    open: file.open,
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: as many phrasings of each kind as English, with the same arguments, within 160 characters around short quotes`, () => {
      const own = kinds(PHRASE_FILES[lang]);
      const en = kinds(english);
      expect(Object.keys(own).sort()).toEqual(Object.keys(en).sort());
      expect(PHRASE_FILES[lang].yourOffering.trim()).not.toBe('');
      for (const [kind, list] of Object.entries(own)) {
        expect(list.length, `${lang} ${kind}`).toBe(en[kind as keyof typeof en].length);
        list.forEach((message, i) => {
          expect(argumentsOf(message, lang), `${lang} ${kind}[${i}]`).toEqual(argumentsOf(en[kind as keyof typeof en][i]!, 'en'));
          // The frame must leave room for the quote: names at their longest, quotes cut to 8.
          const sample = String(new IntlMessageFormat(message, lang).format({ b: 'B'.repeat(26), m: 'M'.repeat(42), need: 'N'.repeat(10), goal: 'G'.repeat(10), offering: 'O'.repeat(10), field: 'F'.repeat(26) }));
          expect(sample.length, `${lang} ${kind}[${i}]: ${sample}`).toBeLessThanOrEqual(160);
        });
      }
    });
  }
});

describe('topic names', () => {
  const shipped = concepts.concepts;

  it('en: the shipped concepts\' own labels, so English reads as matching/concepts.json says', () => {
    expect(TOPIC_LABELS.en).toEqual(Object.fromEntries(shipped.map((c) => [c.id, c.label])));
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: names exactly the shipped concepts, none empty, none twice`, () => {
      const labels = TOPIC_LABELS[lang];
      expect(Object.keys(labels).sort()).toEqual(shipped.map((c) => c.id).sort());
      for (const [id, label] of Object.entries(labels)) expect(label.trim(), `${lang} ${id}`).not.toBe('');
      // Two topics of one name could not be told apart in the form.
      expect(new Set(Object.values(labels).map((l) => l.toLowerCase())).size).toBe(shipped.length);
    });
  }

  // A talking point clips the evidence it names at 24 characters (it is usually someone's word);
  // a translated name fits whole. (Four English labels are longer and were always clipped.)
  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${lang}: every name fits a talking point whole (24 characters)`, () => {
      expect(Object.entries(TOPIC_LABELS[lang]).filter(([, label]) => label.length > 24)).toEqual([]);
    });
  }
});
