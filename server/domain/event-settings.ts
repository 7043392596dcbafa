/**
 * Rules over the event's own settings (name, date, time zone, venue, organizer), shared by the
 * API and the command line. Plain data in, a sentence or null out.
 */

/** The organizer address a fresh event starts with: nobody reads it. */
export const PLACEHOLDER_ORGANIZER_EMAIL = 'organizer@example.org';

/**
 * Why digests cannot be sent yet, or null when they can: mail from the placeholder organizer
 * bounces or lands in spam, and replies ("unsubscribe") reach nobody. MAIL_FROM, when set,
 * names the sender instead.
 *
 * @example
 * mailSenderProblem({ organizerEmail: 'organizer@example.org' }, '') // 'Digests would go out from …'
 */
export function mailSenderProblem(event: { organizerEmail: string }, mailFrom: string | undefined): string | null {
  if (mailFrom?.trim() || event.organizerEmail.trim().toLowerCase() !== PLACEHOLDER_ORGANIZER_EMAIL) return null;
  return `Digests would go out from the placeholder ${PLACEHOLDER_ORGANIZER_EMAIL}, and replies would reach nobody. Set the organizer's name and email in Settings (or MAIL_FROM) first.`;
}

/** Whether a time zone name is one this runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// One formatter per zone: making one for every cell was most of an export's time (106 s for the
// meetings CSV of 200,000 meetings, the server frozen meanwhile).
const minuteFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Moments as the console, exports and mails show them: "2026-12-03 14:19" in the event's time
 * zone (UTC when none is set), one format everywhere. The function it returns remembers each
 * minute it wrote (every zone's offset today is whole minutes), so a long export formats each
 * minute once.
 *
 * @example
 * const time = eventTimeFormat('Europe/Berlin');
 * time('2026-12-03T13:19:00.000Z') // '2026-12-03 14:19'
 */
export function eventTimeFormat(timeZone = 'UTC'): (iso: string) => string {
  let format = minuteFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    minuteFormats.set(timeZone, format);
  }
  const byMinute = new Map<string, string>();
  return (iso) => {
    // The store writes toISOString()'s form; anything else is read as a date first.
    const minute = (iso.length === 24 && iso.endsWith('Z') ? iso : new Date(iso).toISOString()).slice(0, 16);
    let shown = byMinute.get(minute);
    if (shown === undefined) {
      const p: Record<string, string> = {};
      for (const part of format.formatToParts(new Date(`${minute}:00Z`))) p[part.type] = part.value;
      shown = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
      byMinute.set(minute, shown);
    }
    return shown;
  };
}
