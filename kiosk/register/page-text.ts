import { ApiError } from '../api.ts';
import { language, t } from '../i18n.ts';

/**
 * What the attendee pages share to say things in the page's language: people's own words kept
 * apart from the sentence around them, times in the event's zone, and the server's refusals
 * that a person meets here in their language.
 */

/**
 * A person's own words (a name, a need) as a message argument, always isolated (`own`), and a
 * translated sentence with each such argument in a <bdi> (`withWords`): as the kiosk does it, so
 * "Noa Levi!" keeps its "!" at the end inside an Arabic sentence.
 *
 * @example
 * withWords(t('pages.register.thanks', { name: own(name) }))
 */
export { typed as own, bdi as withWords } from '../station/isolated-text.ts';

// One formatter per language and zone, as event-time.ts keeps its own.
const clocks = new Map<string, Intl.DateTimeFormat>();

/**
 * A time of day in the event's time zone (UTC when it has none), 24-hour as an event's programme
 * reads, with the page's language's digits and separators.
 */
export function pageClock(iso: string | Date, timeZone: string | undefined): string {
  const zone = timeZone || 'UTC';
  const id = `${language()}|${zone}`;
  let format = clocks.get(id);
  if (!format) clocks.set(id, (format = new Intl.DateTimeFormat(language(), { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return format.format(new Date(iso));
}

/**
 * A few items side by side ("CTO, Acme"; Arabic "CTO، Acme"): a separator, not a sentence's
 * "and", which Intl.ListFormat would put in.
 */
export function pageList(items: readonly string[]): string {
  return items.filter(Boolean).join(t('pages.separator'));
}

/**
 * What to show for a failed request: the refusals a person meets on these pages in their
 * language (by the server's stable code); anything else as the server wrote it, in English (its
 * validation messages are English, and the forms check the common slips before sending).
 */
export function pageError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'offline') return t('pages.offline');
    if (err.code === 'registration_closed') return t('pages.register.closed');
    if (err.code === 'email_taken') return t('pages.register.emailTaken');
    if (err.code === 'link_sent_recently') return t('pages.register.linkSentRecently');
  }
  return err instanceof Error ? err.message : String(err);
}
