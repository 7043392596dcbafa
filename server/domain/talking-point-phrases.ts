import { IntlMessageFormat } from 'intl-messageformat';
import ar from '../../locales/talking-points/ar.json' with { type: 'json' };
import de from '../../locales/talking-points/de.json' with { type: 'json' };
import en from '../../locales/talking-points/en.json' with { type: 'json' };
import es from '../../locales/talking-points/es.json' with { type: 'json' };
import fr from '../../locales/talking-points/fr.json' with { type: 'json' };
import type { Language } from '../i18n/languages.ts';
import type { NeedKind } from './matching/need-kind.ts';

/**
 * How talking points are phrased, per language: data in `locales/talking-points/<lang>.json`,
 * each phrasing an ICU message quoting the people's own words (`{b}` the other person's call
 * name, `{need}`, `{goal}`, `{offering}`, `{field}` the evidence, `{m}` whom to introduce).
 * Several phrasings per kind so a kiosk does not repeat itself; every language has as many.
 */
export interface PhraseFile {
  needMatch: string[];
  topicMatch: string[];
  need: Record<NeedKind, string[]>;
  goal: string[];
  comment: string[];
  intro: string[];
  open: string[];
  yourOffering: string;
}

export type Phrase = (values: Record<string, string>) => string;

export interface Phrases {
  needMatch: Phrase[];
  topicMatch: Phrase[];
  need: Record<NeedKind, Phrase[]>;
  goal: Phrase[];
  comment: Phrase[];
  intro: Phrase[];
  open: Phrase[];
  yourOffering: string;
}

export const PHRASE_FILES: Record<Language, PhraseFile> = { en, de, fr, es, ar };

function compile(lang: Language, messages: string[]): Phrase[] {
  return messages.map((m) => {
    const format = new IntlMessageFormat(m, lang);
    return quotesOnly(format.getAst()) ?? ((values) => String(format.format(values)));
  });
}

// The parser's element types (TYPE in @formatjs/icu-messageformat-parser, which intl-messageformat uses).
const LITERAL = 0;
const ARGUMENT = 1;

/**
 * A phrasing that only puts values between its words (all of ours, so far) as a join of its
 * parts: the same text as IntlMessageFormat's format, which took a tenth of a pair's talking
 * points. Anything more (plurals, selects, numbers) is left to IntlMessageFormat.
 */
function quotesOnly(ast: ReturnType<IntlMessageFormat['getAst']>): Phrase | null {
  const parts: ({ text: string } | { name: string })[] = [];
  for (const e of ast) {
    if (e.type === LITERAL) parts.push({ text: e.value });
    else if (e.type === ARGUMENT) parts.push({ name: e.value });
    else return null;
  }
  return (values) => {
    let out = '';
    for (const part of parts) {
      if ('text' in part) {
        out += part.text;
        continue;
      }
      // As IntlMessageFormat: a value not given at all is a mistake in the caller.
      if (!(part.name in values)) throw new Error(`The phrase needs a value for {${part.name}}.`);
      out += values[part.name];
    }
    return out;
  };
}

const compiled = new Map<Language, Phrases>();

/** The phrasings of `lang`, parsed once. */
export function phrasesFor(lang: Language): Phrases {
  let phrases = compiled.get(lang);
  if (!phrases) {
    const file = PHRASE_FILES[lang];
    phrases = {
      needMatch: compile(lang, file.needMatch),
      topicMatch: compile(lang, file.topicMatch),
      need: Object.fromEntries(Object.entries(file.need).map(([kind, list]) => [kind, compile(lang, list)])) as Record<NeedKind, Phrase[]>,
      goal: compile(lang, file.goal),
      comment: compile(lang, file.comment),
      intro: compile(lang, file.intro),
      open: compile(lang, file.open),
      yourOffering: file.yourOffering,
    };
    compiled.set(lang, phrases);
  }
  return phrases;
}
