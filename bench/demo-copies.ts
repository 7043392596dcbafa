import { createAttendee, newId, type Attendee, type AttendeeFields } from '../server/domain/attendee.ts';
import demo from '../server/demo/demo-event.json' with { type: 'json' };

/**
 * The data most benches run on: the demo event's profiles repeated ("Dana Whitfield 7",
 * p7@example.org) and taps between random pairs of them, drawn from a seeded generator so a run
 * can be repeated.
 */

/** `rand(n)`: 0 to n-1 from a 32-bit LCG (Math.imul keeps it exact; a float multiply falls into a short cycle). */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => ((state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) % n);
}

/** Attendee number `i`, a copy of one of the demo's profiles; `more` adds fields (consents). */
export function demoCopy(i: number, now: Date, more: Partial<AttendeeFields> = {}): Attendee {
  const p = demo.attendees[i % demo.attendees.length]!;
  return createAttendee({ name: `${p.name} ${i}`, email: `p${i}@example.org`, company: p.company, title: p.title, offering: p.offering, needs: p.needs, goal: p.goal, ...more }, 'staff', now);
}

/** Attendees 0 to count-1; `more` adds fields per person. */
export function demoCopies(count: number, now: Date, more: (i: number) => Partial<AttendeeFields> = () => ({})): Attendee[] {
  return Array.from({ length: count }, (_, i) => demoCopy(i, now, more(i)));
}

/**
 * Exchange-journal lines of `count` taps between random pairs of `people` (a pair of one person
 * drawn twice is left out), each with its own idempotency key; when and at which kiosk as given.
 */
export function randomTapLines(people: readonly Attendee[], count: number, rand: (n: number) => number, { at, kiosk = () => 'k0' }: { at: (i: number) => string; kiosk?: (i: number) => string }): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = people[rand(people.length)]!;
    const b = people[rand(people.length)]!;
    if (a.id !== b.id) lines.push(JSON.stringify({ id: newId(), a: a.id, b: b.id, at: at(i), kiosk: kiosk(i), key: `seed-${i}` }));
  }
  return lines;
}
