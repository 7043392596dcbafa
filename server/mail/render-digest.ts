import { readFileSync } from 'node:fs';
import juice from 'juice';
import Mustache from 'mustache';
import type { DigestContent } from '../domain/digest.ts';
import { eventDayTime } from '../domain/event-time.ts';
import { isolate } from '../domain/user-text.ts';
import { vcards } from './vcard.ts';

const DIR = new URL('../../mail-templates/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
// Read once: templates are files in the repo, edited there, not strings in code.
const TEXT = read('digest.txt.mustache');
// The CSS is inlined into the template once, not into every message: the Mustache tags are
// plain text to juice, and thousands of digests then cost one render each.
const HTML = juice(read('digest.html.mustache'), { extraCss: read('digest.css'), removeStyleTags: true });

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
  /** contacts.vcf, or null when nobody met shared their email. */
  vcard: string | null;
}

// With the day: a digest is read after the event, maybe days later. eventDayTime keeps one
// formatter per zone (a new one per contact was 13% of a digest run).
const when = (iso: string, count: number, timeZone: string | undefined) => {
  const time = eventDayTime(iso, timeZone);
  return count > 1 ? `${time}, ${count} times` : time;
};

/**
 * The digest mail: HTML from a Mustache template (which escapes everything people typed) with
 * the CSS inlined by juice, a plain-text part from the same content, and the vCard file. Times
 * are in the event's time zone (UTC when it has none).
 */
export function renderDigest(content: DigestContent, unsubscribe: string, timeZone?: string): RenderedDigest {
  const view = {
    ...content,
    unsubscribe,
    // {{#isolate}}…{{/isolate}} in the text part: people's words in FSI…PDI, so an unclosed
    // override in them cannot turn the rest of the line around (HTML uses dir="auto" and <bdi>).
    isolate: () => (inner: string, render: (t: string) => string) => isolate(render(inner)),
    sharedNoun: content.shared.length === 1 ? 'person' : 'people',
    contacts: content.contacts.map((c) => ({ ...c, role: [c.title, c.company].filter(Boolean).join(', '), met: when(c.firstAt, c.count, timeZone) })),
  };
  return {
    subject: content.subject,
    html: Mustache.render(HTML, view),
    // Plain text: triple braces, no HTML escaping; the template holds no markup.
    text: Mustache.render(TEXT, view).replace(/\n{3,}/g, '\n\n'),
    vcard: content.shared.length
      ? vcards(content.shared.map((c) => ({ name: c.name, email: c.email!, company: c.company, title: c.title, note: c.offering })))
      : null,
  };
}
