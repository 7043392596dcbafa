import mailAr from '../../locales/mail/ar.json' with { type: 'json' };
import mailDe from '../../locales/mail/de.json' with { type: 'json' };
import mailEn from '../../locales/mail/en.json' with { type: 'json' };
import mailEs from '../../locales/mail/es.json' with { type: 'json' };
import mailFr from '../../locales/mail/fr.json' with { type: 'json' };
import pagesAr from '../../locales/pages/ar.json' with { type: 'json' };
import pagesDe from '../../locales/pages/de.json' with { type: 'json' };
import pagesEn from '../../locales/pages/en.json' with { type: 'json' };
import pagesEs from '../../locales/pages/es.json' with { type: 'json' };
import pagesFr from '../../locales/pages/fr.json' with { type: 'json' };
import type { Language } from './languages.ts';
import { translator, type Catalogs, type Translate } from './translator.ts';

/**
 * The catalogs the server itself speaks: `mail` for the link mail and the digest, `pages` for
 * what it renders without script (the public card, page titles). Each language's translator is
 * made once: its messages are parsed on first use and kept.
 */
const MAIL: Catalogs = { en: mailEn, de: mailDe, fr: mailFr, es: mailEs, ar: mailAr };
const PAGES: Catalogs = { en: pagesEn, de: pagesDe, fr: pagesFr, es: pagesEs, ar: pagesAr };

function cached(catalogs: Catalogs): (lang: Language) => Translate {
  const made = new Map<Language, Translate>();
  return (lang) => {
    let t = made.get(lang);
    if (!t) made.set(lang, (t = translator(catalogs, lang)));
    return t;
  };
}

/** `mailText('de')('mail.digest.subject', { event })` */
export const mailText = cached(MAIL);
/** `pageText('fr')('pages.card.unknownTitle')` */
export const pageText = cached(PAGES);
