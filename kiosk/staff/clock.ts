/**
 * "14:19": the console's one way to show a time of day (24-hour), in the event's time zone
 * when the caller knows it, else the browser's.
 */
export function clock(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });
}
