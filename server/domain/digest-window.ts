/**
 * The digest's send window: the hours, in the event's time zone, in which "Send digests" may go
 * out (a digest at 03:00 wakes people and looks like spam). Plain data in, a sentence or null out.
 */
import { eventDayTime } from './event-time.ts';

/** From `from`:00 until `until`:00, hours 0–23 in the event's time zone; `from > until` spans midnight. */
export interface DigestWindow {
  from: number;
  until: number;
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight of a moment in a zone. */
function localMinutes(at: Date, timeZone: string): number {
  let format = hourFormats.get(timeZone);
  if (!format) hourFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
  return Number(p.hour) * 60 + Number(p.minute);
}

/** Whether a moment is inside the window (always, when there is none). */
export function insideDigestWindow(at: Date, window: DigestWindow | null | undefined, timeZone = 'UTC'): boolean {
  if (!window || window.from === window.until) return true;
  const hour = Math.floor(localMinutes(at, timeZone || 'UTC') / 60);
  return window.from < window.until ? hour >= window.from && hour < window.until : hour >= window.from || hour < window.until;
}

/** When the window next opens after `at` (at a whole hour, in the event's time zone). */
export function nextDigestWindowOpening(at: Date, window: DigestWindow, timeZone = 'UTC'): Date {
  const tz = timeZone || 'UTC';
  const wait = (window.from * 60 - localMinutes(at, tz) + 1440) % 1440;
  const opens = new Date(Math.floor(at.getTime() / 60_000) * 60_000 + wait * 60_000);
  // A day with a clock change has 23 or 25 hours: move by the hour the zone's offset moved.
  const off = Math.round(localMinutes(opens, tz) / 60) - window.from;
  const shift = ((off + 12 + 24) % 24) - 12;
  return new Date(opens.getTime() - shift * 3_600_000);
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/**
 * Why digests may not go out now, saying when they can, or null when they can.
 *
 * @example
 * digestWindowProblem(new Date('2026-12-06T05:00:00Z'), { from: 9, until: 20 }, 'Europe/Berlin')
 * // 'Digests go out between 09:00 and 20:00 (Europe/Berlin). Sending opens Sun 6 Dec, 09:00.'
 */
export function digestWindowProblem(at: Date, window: DigestWindow | null | undefined, timeZone = 'UTC'): string | null {
  if (!window || insideDigestWindow(at, window, timeZone)) return null;
  const tz = timeZone || 'UTC';
  return `Digests go out between ${hh(window.from)} and ${hh(window.until)} (${tz}). Sending opens ${eventDayTime(nextDigestWindowOpening(at, window, tz), tz)}. A dry run and a test copy work at any time.`;
}
