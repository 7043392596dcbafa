import { boundedMemo } from '../domain/bounded-memo.ts';
import { readFileSync } from 'node:fs';
import juice from 'juice';
import Mustache from 'mustache';
import type { DigestContent } from '../domain/digest.ts';
import { eventDayTime } from '../domain/event-time.ts';
import { isolate, userTextIn } from '../domain/user-text.ts';
import { textDirection, type Language } from '../i18n/languages.ts';
import { mailText } from '../i18n/server-catalogs.ts';
import { vcards } from './vcard.ts';

const DIR = new URL('../../mail-templates/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
// Read once: templates are files in the repo, edited there, not strings in code.
const TEXT = read('digest.txt.mustache');
// The CSS is inlined into the template once per direction, not into every message: the Mustache
// tags are plain text to juice, and thousands of digests then cost one render each. The direction
// is written in before inlining, so the stylesheet's [dir=rtl] rules land in the right-to-left copy
// as explicit sides (mail clients ignore <style> and logical properties alike).
const inlined = (dir: 'ltr' | 'rtl') =>
  // width="600" stays for Outlook, which ignores the max-width that lets phones shrink the rest.
  juice(read('digest.html.mustache').replaceAll('{{dir}}', dir), { extraCss: read('digest.css'), removeStyleTags: true, applyWidthAttributes: false });
const HTML = { ltr: inlined('ltr'), rtl: inlined('rtl') };

export interface RenderedDigest {
  subject: string;
  /** The language it is written in (its Content-Language). */
  lang: Language;
  html: string;
  text: string;
  /** contacts.vcf, or null when nobody met shared their email. */
  vcard: string | null;
}

// Title and company are the person's words, shown in their own direction: joined with the comma
// of their script, whatever language the mail is in.
const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/u;
const roleOf = (title: string, company: string) => [title, company].filter(Boolean).join(ARABIC_SCRIPT.test(title + company) ? '، ' : ', ');

// Meetings cluster in the event's few hundred minutes, and a digest run writes each "Met Sat 5
// Dec, 14:20" thousands of times: each line is formatted once per language, minute and count (the
// date and the plural were a tenth of a digest's rendering), the oldest forgotten should it grow.
const metLines = boundedMemo<string>(20_000);
function metLine(lang: Language, iso: string, count: number, timeZone: string | undefined): string {
  const key = `${lang} ${timeZone ?? ''} ${Math.floor(Date.parse(iso) / 60_000)} ${count}`;
  // With the day: a digest is read after the event, maybe days later.
  return metLines(key, () => mailText(lang)('mail.digest.met', { when: eventDayTime(iso, timeZone, lang), count }));
}

/**
 * The digest mail: HTML from a Mustache template (which escapes everything people typed, and our
 * sentences with it) with the CSS inlined by juice, a plain-text part from the same content, and
 * the vCard file. Written in the content's language; times in the event's time zone (UTC when it
 * has none) as that language writes them.
 */
export function renderDigest(content: DigestContent, unsubscribe: string, timeZone?: string): RenderedDigest {
  const { lang } = content;
  const t = mailText(lang);
  const own = userTextIn(lang);
  const dir = textDirection(lang);
  const shared = content.shared.length;
  const view = {
    ...content,
    introsHeading: t('mail.digest.intros'),
    unsubscribe,
    why: t('mail.digest.why', { event: own(content.event) }),
    vcardNote: shared ? t('mail.digest.vcard', { count: shared }) : '',
    vcardText: shared ? t('mail.digest.vcardText', { count: shared }) : '',
    // {{#isolate}}…{{/isolate}} in the text part: people's words in FSI…PDI, so an unclosed
    // override in them cannot turn the rest of the line around (HTML uses dir="auto").
    isolate: () => (inner: string, render: (t: string) => string) => isolate(render(inner)),
    contacts: content.contacts.map((c) => ({
      ...c,
      role: roleOf(c.title, c.company),
      quotedOffering: c.offering ? t('mail.digest.quoted', { text: own(c.offering) }) : '',
      met: metLine(lang, c.firstAt, c.count, timeZone),
    })),
  };
  return {
    subject: content.subject,
    lang,
    html: Mustache.render(HTML[dir], view),
    // Plain text: triple braces, no HTML escaping; the template holds no markup.
    text: Mustache.render(TEXT, view).replace(/\n{3,}/g, '\n\n'),
    vcard: shared
      ? vcards(content.shared.map((c) => ({ name: c.name, email: c.email!, company: c.company, title: c.title, note: c.offering })))
      : null,
  };
}
