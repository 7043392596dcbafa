/**
 * The languages attendees can read this product in. English is the source every catalog is
 * checked against; Arabic proves the layout holds right to left.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language named in itself, as a switch shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ar: 'العربية',
};

const RTL: ReadonlySet<Language> = new Set(['ar']);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function textDirection(lang: Language): 'ltr' | 'rtl' {
  return RTL.has(lang) ? 'rtl' : 'ltr';
}

/**
 * The first of `preferred` (BCP 47 tags, best first, as `navigator.languages` gives them) that we
 * speak, by its primary subtag ("de-AT" → de), else `fallback`.
 */
export function pickLanguage(preferred: readonly string[], fallback: Language = DEFAULT_LANGUAGE): Language {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isLanguage(primary)) return primary;
  }
  return fallback;
}

/** An Accept-Language header's tags, best first ("fr-CH, fr;q=0.9, en;q=0.8"); q=0 is refused, so dropped. */
export function acceptedLanguages(header: string | undefined | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((l) => l.tag && l.tag !== '*' && Number.isFinite(l.q) && l.q > 0)
    .sort((x, y) => y.q - x.q || x.order - y.order)
    .map((l) => l.tag);
}

// What a spreadsheet may say instead of a code: the language's English name or its own.
const NAMED: Record<string, Language> = {
  english: 'en', german: 'de', deutsch: 'de', french: 'fr', francais: 'fr', spanish: 'es', espanol: 'es', castellano: 'es', arabic: 'ar', 'العربية': 'ar',
};

/** A language as a person writes it in a form or a CSV cell: "de", "de-AT", "German", "Français"; null when we do not speak it. */
export function languageNamed(text: string): Language | null {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase();
  if (NAMED[folded]) return NAMED[folded];
  const primary = folded.split(/[-_]/)[0];
  return isLanguage(primary) && /^[a-z]{2}([-_][a-z0-9]+)*$/.test(folded) ? primary : null;
}

/** The language a person reads: their own when they chose one, else the event's, else English. */
export function languageOf(person: { language?: Language } | undefined, event: { language?: Language }): Language {
  return person?.language ?? event.language ?? DEFAULT_LANGUAGE;
}
