import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LANGUAGE, type Language } from './languages.ts';

/** Message key → ICU MessageFormat text, one file per language and area under `locales/`. */
export type Catalog = Readonly<Record<string, string>>;
export type Catalogs = Readonly<Record<Language, Catalog>>;
export type MessageValues = Record<string, string | number | Date>;
export type Translate = (key: string, values?: MessageValues) => string;

/**
 * Formats messages of one language: plurals, numbers and dates through ICU MessageFormat
 * (intl-messageformat over the platform's Intl), each message parsed once. A key missing in
 * `lang` falls back to English, and a key missing there shows itself, so a gap is visible rather
 * than blank; the catalog check in the tests keeps both from happening.
 */
export function translator(catalogs: Catalogs, lang: Language): Translate {
  const compiled = new Map<string, IntlMessageFormat>();
  return (key, values) => {
    let format = compiled.get(key);
    if (!format) {
      const own = catalogs[lang][key];
      const source = own ?? catalogs[DEFAULT_LANGUAGE][key];
      if (source === undefined) return key;
      format = new IntlMessageFormat(source, own === undefined ? DEFAULT_LANGUAGE : lang);
      compiled.set(key, format);
    }
    return String(format.format(values));
  };
}

/** Several areas' catalogs as one (their keys are prefixed by area, so they never collide). */
export function mergeCatalogs(...parts: Catalogs[]): Catalogs {
  const merged = {} as Record<Language, Catalog>;
  for (const part of parts) {
    for (const [lang, catalog] of Object.entries(part) as [Language, Catalog][]) merged[lang] = { ...merged[lang], ...catalog };
  }
  return merged;
}
