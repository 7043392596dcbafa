import type { Attendee } from './attendee.ts';
import { needKind } from './matching/need-kind.ts';
import type { TalkingPoint } from './talking-points.ts';
import { callName } from './talking-points.ts';
import { isolate } from './user-text.ts';

/** One person met, as a digest shows them. */
export interface DigestContact {
  id: string;
  name: string;
  title: string;
  company: string;
  offering: string;
  /** Only when they chose to share it. */
  email: string | null;
  count: number;
  firstAt: string;
  points: TalkingPoint[];
  followUp: string;
}

export interface DigestContent {
  attendeeId: string;
  to: { name: string; email: string };
  event: string;
  subject: string;
  greeting: string;
  summary: string;
  contacts: DigestContact[];
  /** Introductions the reader could make, from everyone they met. */
  intros: string[];
  /** Contacts that shared their email: what goes into the vCard file. */
  shared: DigestContact[];
}

export interface Meeting {
  person: Attendee;
  count: number;
  firstAt: string;
}

/** A follow-up line quoting the most useful point: the need you may help with, else a need, else the offering. */
function followUp(name: string, points: TalkingPoint[]): string {
  // The name and the need are the other person's words, isolated like those in talking points.
  const first = isolate(callName(name));
  const match = points.find((p) => p.kind === 'need-match');
  if (match?.need) return `Write to ${first} about “${isolate(match.need)}” — your offering may help.`;
  const need = points.find((p) => p.kind === 'need');
  // Customers wanted are not something that "is going": what helps is someone who fits.
  if (need?.need && needKind(need.need) === 'customers') return `Write to ${first} if you think of someone who fits “${isolate(need.need)}”.`;
  if (need?.need) return `Ask ${first} how “${isolate(need.need)}” is going.`;
  return `Drop ${first} a line: it was good to meet.`;
}

/**
 * The digest of one attendee: everyone they met (erased people are already gone from the
 * meetings), each with the talking points of that meeting and a follow-up line, the
 * introductions they could make, and the contacts who shared their email. Pure: data in,
 * content out; templates render it.
 */
export function buildDigest(me: Attendee, meetings: Meeting[], pointsAbout: (other: Attendee) => TalkingPoint[], event: string): DigestContent {
  const contacts = meetings
    .slice()
    .sort((x, y) => x.firstAt.localeCompare(y.firstAt))
    .map(({ person, count, firstAt }) => {
      const points = pointsAbout(person).filter((p) => p.kind !== 'intro');
      return {
        id: person.id,
        name: person.name,
        title: person.title,
        company: person.company,
        offering: person.offering,
        email: person.shareEmail ? person.email : null,
        count,
        firstAt,
        points: points.slice(0, 3),
        followUp: followUp(person.name, points),
      };
    });
  const intros = [...new Set(meetings.flatMap(({ person }) => pointsAbout(person).filter((p) => p.kind === 'intro').map((p) => p.text)))];
  const helpCount = contacts.reduce((n, c) => n + c.points.filter((p) => p.kind === 'need-match').length, 0);
  const n = contacts.length;
  const summary =
    n === 0
      ? 'You did not record a meeting at a kiosk this time. We hope to see you at the next one.'
      : `You met ${n} ${n === 1 ? 'person' : 'people'}${helpCount ? `, and your offering may help with ${helpCount} of their needs` : ''}.`;
  return {
    attendeeId: me.id,
    to: { name: me.name, email: me.email },
    event,
    subject: n ? `${event}: the ${n} ${n === 1 ? 'person' : 'people'} you met` : `${event}: thank you for coming`,
    greeting: `Hi ${isolate(callName(me.name))},`,
    summary,
    contacts,
    intros,
    shared: contacts.filter((c) => c.email),
  };
}
