import type { Language } from '../i18n/languages.ts';

/** The headers that say which language a mail is written in. */
export function languageHeaders(lang: Language): Record<string, string> {
  return { 'Content-Language': lang };
}
