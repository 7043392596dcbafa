import { describe, expect, it } from 'vitest';
import { acceptedLanguages, languageNamed, languageOf, pickLanguage, textDirection } from '../../../server/i18n/languages.ts';

describe('choosing a language', () => {
  it('reads an Accept-Language header best first, dropping what is refused or any', () => {
    expect(acceptedLanguages('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual(['fr-CH', 'fr', 'en', 'de']);
    expect(acceptedLanguages('en;q=0.2, es, de;q=0')).toEqual(['es', 'en']);
    expect(acceptedLanguages('')).toEqual([]);
    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(acceptedLanguages('en;q=abc, ar')).toEqual(['ar']);
  });

  it('picks the first spoken language by its primary subtag, else the fallback', () => {
    expect(pickLanguage(['pt-BR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['ES_mx'])).toBe('es');
    expect(pickLanguage(['pt', 'ja'])).toBe('en');
    expect(pickLanguage(['pt'], 'fr')).toBe('fr');
  });

  it('understands a language as a spreadsheet writes it, and refuses one it does not speak', () => {
    expect(languageNamed('de')).toBe('de');
    expect(languageNamed(' fr-CH ')).toBe('fr');
    expect(languageNamed('German')).toBe('de');
    expect(languageNamed('Français')).toBe('fr');
    expect(languageNamed('ESPAÑOL')).toBe('es');
    expect(languageNamed('العربية')).toBe('ar');
    expect(languageNamed('klingon')).toBeNull();
    expect(languageNamed('deutschland')).toBeNull();
    expect(languageNamed('')).toBeNull();
  });

  it('gives a person their own language, else the event\'s, else English; Arabic reads right to left', () => {
    expect(languageOf({ language: 'es' }, { language: 'de' })).toBe('es');
    expect(languageOf({}, { language: 'de' })).toBe('de');
    expect(languageOf(undefined, {})).toBe('en');
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('de')).toBe('ltr');
  });
});
