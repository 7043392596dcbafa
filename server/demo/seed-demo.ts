import { createAttendee } from '../domain/attendee.ts';
import { newAttendeeSchema } from '../domain/attendee-rules.ts';
import type { Store } from '../store/store.ts';
import demo from './demo-event.json' with { type: 'json' };

/**
 * Seeds the demo event into an empty store: the event and about forty attendees. A store that
 * holds anyone is left alone, so a restart never duplicates or overwrites real data.
 * Returns how many attendees were added.
 */
export async function seedDemoIfEmpty(store: Store, now: Date): Promise<number> {
  if (store.attendees().length > 0) return 0;
  // Through the same rules as any input, so the demo never shows what the product would refuse.
  const attendees = demo.attendees.map((raw) => createAttendee(newAttendeeSchema.parse(raw), 'demo', now));
  await store.updateEvent(demo.event);
  await store.upsertAttendees(attendees, []);
  return attendees.length;
}
