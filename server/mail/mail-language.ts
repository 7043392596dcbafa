import { textDirection, type Language } from '../i18n/languages.ts';
import { FSI, isolate, PDI } from '../domain/user-text.ts';

/**
 * People's words (names, the event's name, needs) as set among a mail's own sentences. In a
 * left-to-right mail only right-to-left words need an isolate (so English mails carry no invisible
 * characters); in a right-to-left one every piece is isolated, or a Latin name at the start would
 * turn the whole line (and a subject, which clients lay out by its first letter) left to right.
 *
 * @example
 * peoplesWords('en')('Dana') // 'Dana'
 * peoplesWords('ar')('Dana') // '\u2068Dana\u2069'
 */
export function peoplesWords(lang: Language): (text: string) => string {
  return textDirection(lang) === 'rtl' ? (text) => `${FSI}${text}${PDI}` : isolate;
}

/** The headers that say which language a mail is written in. */
export function languageHeaders(lang: Language): Record<string, string> {
  return { 'Content-Language': lang };
}
