import type { Attendee } from './attendee.ts';
import { isComplete } from './attendee.ts';
import type { Exchange } from '../store/exchange-journal.ts';
import type { Turn } from './csv-import.ts';
import { eventTimeFormat } from './event-settings.ts';

/**
 * The organizer's live figures, from the store's data as it is: who registered and checked in
 * (badge printed), meetings in all and per hour, the busiest kiosks, people who met no one yet
 * (to introduce them), and the topics most asked for and most offered. Pure: data in, figures out.
 */

/** A meeting as the store folds it (the id is not needed here). */
export type DashboardMeeting = Omit<Exchange, 'id'>;

export interface DashboardKiosk {
  id: string;
  name: string;
  paired: boolean;
  lastSeenAt: string | null;
  online: boolean;
  /** Meetings the kiosk last said it holds offline, not yet sent; null when it never said. */
  queued: number | null;
}

export interface DashboardInput {
  attendees: readonly Attendee[];
  meetings: readonly DashboardMeeting[];
  kiosks: readonly DashboardKiosk[];
  /** A topic's label by id (shipped or the event's own). */
  topicLabel: (id: string) => string | undefined;
  timeZone?: string;
  /** How many of the people who met no one to list by name. */
  listLimit?: number;
}

function ranked(counts: Map<string, number>, label: (id: string) => string | undefined, top: number) {
  return [...counts.entries()]
    .map(([id, count]) => ({ id, label: label(id) ?? id, count }))
    .sort((x, y) => y.count - x.count || x.label.localeCompare(y.label))
    .slice(0, top);
}

/**
 * Keeps `top` the `n` meetings seen last, newest first, as meetings pass by once: sorting 200,000
 * meetings to show 12 took over a second. ISO times in the store's one form compare as strings.
 */
function keepLatest(top: DashboardMeeting[], m: DashboardMeeting, n: number): void {
  if (top.length === n && m.lastAt <= top[n - 1]!.lastAt) return;
  let i = top.length;
  while (i > 0 && top[i - 1]!.lastAt < m.lastAt) i--;
  top.splice(i, 0, m);
  if (top.length > n) top.pop();
}

// Meetings counted between two turns: 200,000 took 0.2-0.3 s in one piece, kiosks waiting.
const MEETINGS_A_TURN = 4096;
const RECENT = 12;

/**
 * The dashboard's figures; `turn` is awaited now and then, so a big event's figures are counted
 * between other requests (a kiosk's tap) rather than in one piece.
 *
 * @example
 * await dashboard({ attendees: store.attendees(), meetings: store.exchanges.all(), kiosks, topicLabel }, takeTurns())
 */
export async function dashboard(input: DashboardInput, turn: Turn = () => {}) {
  const tz = input.timeZone || 'UTC';
  const { attendees, meetings } = input;
  const met = new Set<string>();
  const perHour = new Map<string, number>();
  const perKiosk = new Map<string, number>();
  // The minute as the console shows it, cut to its hour: "2026-12-03 14:19" is in "2026-12-03 14:00".
  const minuteOf = eventTimeFormat(tz);
  let taps = 0;
  let counted = 0;
  const recent: DashboardMeeting[] = [];
  for (const m of meetings) {
    if (++counted % MEETINGS_A_TURN === 0) await turn();
    keepLatest(recent, m, RECENT);
    met.add(m.a);
    met.add(m.b);
    taps += m.count;
    const hour = `${minuteOf(m.firstAt).slice(0, 13)}:00`;
    perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    for (const k of m.kiosks) perKiosk.set(k, (perKiosk.get(k) ?? 0) + 1);
  }
  const asked = new Map<string, number>();
  const offered = new Map<string, number>();
  for (const a of attendees) {
    for (const t of a.offeringTopics ?? []) offered.set(t, (offered.get(t) ?? 0) + 1);
    // A person counts once per topic, however many of their needs name it.
    for (const t of new Set((a.needTopics ?? []).flat())) asked.set(t, (asked.get(t) ?? 0) + 1);
  }
  const lonely = attendees.filter((a) => !met.has(a.id)).sort((x, y) => x.name.localeCompare(y.name));
  const kioskName = new Map(input.kiosks.map((k) => [k.id, k.name]));
  const byId = new Map(attendees.map((a) => [a.id, a]));
  return {
    timeZone: tz,
    attendees: {
      registered: attendees.length,
      checkedIn: attendees.filter((a) => a.printedAt).length,
      incomplete: attendees.filter((a) => !isComplete(a)).length,
      withoutEmail: attendees.filter((a) => !a.email).length,
    },
    meetings: {
      total: meetings.length,
      /** Scans of a pair that met before count here too. */
      taps,
      peopleWhoMet: met.size,
      perHour: [...perHour.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([hour, count]) => ({ hour, count })),
    },
    kiosks: input.kiosks
      .map((k) => ({ ...k, meetings: perKiosk.get(k.id) ?? 0 }))
      .sort((x, y) => y.meetings - x.meetings || x.name.localeCompare(y.name)),
    metNobody: {
      count: lonely.length,
      people: lonely.slice(0, input.listLimit ?? 50).map((a) => ({ id: a.id, name: a.name, company: a.company, offering: a.offering })),
    },
    topics: { asked: ranked(asked, input.topicLabel, 8), offered: ranked(offered, input.topicLabel, 8) },
    recent: recent
      .map((m) => ({ names: [byId.get(m.a)?.name ?? '', byId.get(m.b)?.name ?? ''], count: m.count, at: m.lastAt, kiosk: kioskName.get(m.kiosks.at(-1) ?? '') ?? '' })),
  };
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;
