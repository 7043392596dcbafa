import type { Attendee } from './attendee.ts';
import { needKind } from './matching/need-kind.ts';
import type { TalkingPoint } from './talking-points.ts';
import { callName } from './talking-points.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { mailText } from '../i18n/server-catalogs.ts';
import type { Translate } from '../i18n/translator.ts';
import { userTextIn } from './user-text.ts';

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
  /** The reader's language: every sentence here is in it, and the mail is rendered in it. */
  lang: Language;
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
function followUp(name: string, points: TalkingPoint[], t: Translate, own: (text: string) => string): string {
  // The name and the need are the other person's words, isolated like those in talking points.
  const first = own(callName(name));
  const match = points.find((p) => p.kind === 'need-match');
  if (match?.need) return t('mail.digest.followUpHelps', { name: first, need: own(match.need) });
  const need = points.find((p) => p.kind === 'need');
  // Customers wanted are not something that "is going": what helps is someone who fits.
  if (need?.need && needKind(need.need) === 'customers') return t('mail.digest.followUpFits', { name: first, need: own(need.need) });
  if (need?.need) return t('mail.digest.followUpGoing', { name: first, need: own(need.need) });
  return t('mail.digest.followUpHello', { name: first });
}

/**
 * The digest of one attendee: everyone they met (erased people are already gone from the
 * meetings), each with the talking points of that meeting and a follow-up line, the
 * introductions they could make, and the contacts who shared their email. Pure: data in,
 * content out; templates render it. Written in `lang`, the reader's.
 */
export function buildDigest(
  me: Attendee,
  meetings: Meeting[],
  pointsAbout: (other: Attendee) => TalkingPoint[],
  event: string,
  lang: Language = DEFAULT_LANGUAGE,
): DigestContent {
  const t = mailText(lang);
  const own = userTextIn(lang);
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
        email: person.shareEmail && person.email ? person.email : null,
        count,
        firstAt,
        points: points.slice(0, 3),
        followUp: followUp(person.name, points, t, own),
      };
    });
  const intros = [...new Set(meetings.flatMap(({ person }) => pointsAbout(person).filter((p) => p.kind === 'intro').map((p) => p.text)))];
  const helpCount = contacts.reduce((n, c) => n + c.points.filter((p) => p.kind === 'need-match').length, 0);
  const n = contacts.length;
  const summary =
    n === 0 ? t('mail.digest.summaryNoMeetings')
    : helpCount ? t('mail.digest.summaryHelps', { count: n, helps: helpCount })
    : t('mail.digest.summary', { count: n });
  return {
    attendeeId: me.id,
    lang,
    to: { name: me.name, email: me.email },
    event,
    subject: n ? t('mail.digest.subject', { event: own(event), count: n }) : t('mail.digest.subjectNoMeetings', { event: own(event) }),
    greeting: t('mail.greeting', { name: own(callName(me.name)) }),
    summary,
    contacts,
    intros,
    shared: contacts.filter((c) => c.email),
  };
}
