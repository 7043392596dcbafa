import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_LANGUAGE, isLanguage, pickLanguage, textDirection, type Language } from '../server/i18n/languages.ts';
import { mergeCatalogs, translator, type Catalogs, type MessageValues, type Translate } from '../server/i18n/translator.ts';
import kioskAr from '../locales/kiosk/ar.json' with { type: 'json' };
import kioskDe from '../locales/kiosk/de.json' with { type: 'json' };
import kioskEn from '../locales/kiosk/en.json' with { type: 'json' };
import kioskEs from '../locales/kiosk/es.json' with { type: 'json' };
import kioskFr from '../locales/kiosk/fr.json' with { type: 'json' };
import pagesAr from '../locales/pages/ar.json' with { type: 'json' };
import pagesDe from '../locales/pages/de.json' with { type: 'json' };
import pagesEn from '../locales/pages/en.json' with { type: 'json' };
import pagesEs from '../locales/pages/es.json' with { type: 'json' };
import pagesFr from '../locales/pages/fr.json' with { type: 'json' };

/**
 * The language of the attendee-facing pages (kiosk, /register, /me, the take-along page): one
 * per page, set on <html lang dir>, and every element that uses `t` re-renders when it changes.
 * All catalogs are in the bundle (a few kilobytes each): a kiosk switches language offline.
 */
const CATALOGS: Catalogs = mergeCatalogs(
  { en: kioskEn, de: kioskDe, fr: kioskFr, es: kioskEs, ar: kioskAr },
  { en: pagesEn, de: pagesDe, fr: pagesFr, es: pagesEs, ar: pagesAr },
);

// A page remembers the visitor's own choice (the switch) across reloads, not across people: a
// kiosk does not use this, its language comes from staff.
const CHOICE_KEY = 'bx-language';

let current: Language = DEFAULT_LANGUAGE;
let translate: Translate = translator(CATALOGS, current);
const listeners = new Set<() => void>();

export function language(): Language {
  return current;
}

/** A message of the current language's catalog, formatted (plurals, numbers, dates) with `values`. */
export function t(key: string, values?: MessageValues): string {
  return translate(key, values);
}

/** Switches the page's language: <html lang dir> follow, and every element using `LocaleController` re-renders. */
export function setLanguage(lang: Language): void {
  if (lang === current && document.documentElement.lang === lang) return;
  current = lang;
  translate = translator(CATALOGS, lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = textDirection(lang);
  for (const listener of listeners) listener();
}

/** The visitor's remembered choice, else the browser's languages, else `fallback`. */
export function preferredLanguage(fallback: Language = DEFAULT_LANGUAGE): Language {
  let chosen: string | null = null;
  try {
    chosen = localStorage.getItem(CHOICE_KEY);
  } catch {
    // Storage refused (private mode): the browser's languages still count.
  }
  if (isLanguage(chosen)) return chosen;
  return pickLanguage(navigator.languages ?? [navigator.language], fallback);
}

/** What the visitor picked in a language switch: used now and remembered on this device. */
export function chooseLanguage(lang: Language): void {
  try {
    localStorage.setItem(CHOICE_KEY, lang);
  } catch {
    // Not remembered; still used for this visit.
  }
  setLanguage(lang);
}

/** Re-renders its host when the language changes. */
export class LocaleController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #changed = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    listeners.add(this.#changed);
  }

  hostDisconnected(): void {
    listeners.delete(this.#changed);
  }
}
