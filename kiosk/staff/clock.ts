import { eventClock } from '../../server/domain/event-time.ts';

/**
 * "14:19": the console's one way to show a time of day (24-hour), in the event's time zone
 * when the caller knows it (see server/domain/event-time.ts), else the browser's.
 */
export function clock(iso: string, timeZone?: string): string {
  return timeZone ? eventClock(iso, timeZone) : new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}
