/**
 * Times as people read them, one format everywhere (console, pages, mails): "14:19" for a time
 * of day and "Sat 6 Dec, 14:19" where the day matters, in the event's time zone. Used by the
 * server and bundled into the pages, so it imports nothing.
 */

// Building an Intl.DateTimeFormat is the costly part (toLocaleString per contact was 13% of a
// digest run): one per zone, shape and language, kept for the life of the process or page.
const clocks = new Map<string, Intl.DateTimeFormat>();
const days = new Map<string, Intl.DateTimeFormat>();

// An empty or absent zone is the event without one: UTC, as the settings say.
const zoneOf = (timeZone: string | undefined) => timeZone || 'UTC';

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: (tz: string) => Intl.DateTimeFormat) {
  let format = cache.get(timeZone);
  if (!format) cache.set(timeZone, (format = make(timeZone)));
  return format;
}

function parts(format: Intl.DateTimeFormat, iso: string | Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(iso))) out[p.type] = p.value;
  return out;
}

/**
 * A time of day, 24-hour, in the event's time zone (UTC when it has none).
 *
 * @example
 * eventClock('2026-12-05T13:19:00Z', 'Europe/Berlin') // '14:19'
 */
export function eventClock(iso: string | Date, timeZone?: string): string {
  const tz = zoneOf(timeZone);
  const p = parts(cached(clocks, tz, (z) => new Intl.DateTimeFormat('en-GB', { timeZone: z, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })), iso);
  return `${p.hour}:${p.minute}`;
}

const localDays = new Map<string, Intl.DateTimeFormat>();

/**
 * A time with its day, for a reader who is no longer at the event (a mail read days later). With
 * a `locale` other than English, written as that language writes it ("Sa., 5. Dez., 14:19");
 * without one, or in English, in the house format.
 *
 * @example
 * eventDayTime('2026-12-05T13:19:00Z', 'Europe/Berlin') // 'Sat 5 Dec, 14:19'
 * eventDayTime('2026-12-05T13:19:00Z', 'Europe/Berlin', 'de') // 'Sa., 5. Dez., 14:19'
 */
export function eventDayTime(iso: string | Date, timeZone?: string, locale?: string): string {
  const tz = zoneOf(timeZone);
  if (locale && locale !== 'en') {
    const local = cached(localDays, `${locale} ${tz}`, () => new Intl.DateTimeFormat(locale, { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
    return local.format(new Date(iso));
  }
  const p = parts(
    cached(days, tz, (z) => new Intl.DateTimeFormat('en-GB', { timeZone: z, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })),
    iso,
  );
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute}`;
}
