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

/**
 * A moment as the console, exports and mails show it: "2026-12-03 14:19" in the event's time
 * zone (UTC when none is set), one format everywhere.
 */
export function formatEventTime(iso: string, timeZone = 'UTC'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
