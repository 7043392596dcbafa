import { metCard, profileUrl, publicCard } from '../domain/attendee-view.ts';
import { badgeUrl, signBadge } from '../domain/badge-token.ts';
import { earnsClaim } from '../domain/matching/need-matcher.ts';
import { signMeeting, verifyMeeting } from '../domain/meeting-token.ts';
import type { Attendee } from '../domain/attendee.ts';
import { mailSenderProblem } from '../domain/event-settings.ts';
import { AppError } from '../errors.ts';
import { linkMail } from '../mail/link-mail.ts';
import { badgeContents } from './badge-print.ts';
import { languageOf } from '../i18n/languages.ts';
import { vcards } from '../mail/vcard.ts';
import type { AppDeps } from '../app.ts';
import type { Language } from '../i18n/languages.ts';

type Deps = Pick<AppDeps, 'store' | 'talkingPoints' | 'secret' | 'publicUrl' | 'mailer' | 'mailFrom' | 'templates'>;

// "Who to meet next": a short list is a plan for the day; a long one is a directory.
const SUGGESTIONS = 5;
// The kiosk's meeting screen shows at most three points a side (FIT in kiosk/station/bx-kiosk-app.ts);
// the take-along page holds no more than the screen did.
const KIOSK_POINTS = 3;

/** The take-along page of one exchange, as the kiosk's QR opens it. */
export function meetingUrl({ publicUrl, secret }: Pick<Deps, 'publicUrl' | 'secret'>, exchangeId: string): string {
  return `${publicUrl}/m/${signMeeting(secret, exchangeId)}`;
}

/**
 * The people an attendee met, newest meeting first: each one's card (email only if shared), when
 * and how often, what to raise with them (the talking points of that meeting, in `lang`: the
 * language the page is read in) and the private note.
 */
export function meetingsOf({ store, talkingPoints }: Deps, me: Attendee, lang: Language) {
  return store.exchanges
    .ofAttendee(me.id)
    .sort((x, y) => y.lastAt.localeCompare(x.lastAt))
    .flatMap((e) => {
      const other = store.attendee(e.a === me.id ? e.b : e.a);
      if (!other) return [];
      return [{ person: metCard(other), count: e.count, firstAt: e.firstAt, lastAt: e.lastAt, points: talkingPoints.pointsNow(me.id, other.id, lang), note: me.notes?.[other.id] ?? '' }];
    });
}

/**
 * People here whose offering may help with one of my needs, by the same rule as a kiosk's claim
 * (confirmed topics included), best first: only those who agreed to be suggested, never anyone I
 * met, never an email. Candidates are the people whose offering touches a concept my need asks
 * for, so a 20,000-person event costs a few hundred comparisons, not 60,000.
 */
export function suggestionsFor({ store, talkingPoints }: Deps, me: Attendee) {
  const index = talkingPoints.index;
  const mine = index.get(me.id);
  if (!mine) return [];
  const met = new Set(store.exchanges.met(me.id));
  const best = new Map<string, { person: Attendee; need: string; matched: string[]; score: number }>();
  mine.needs.forEach((need, i) => {
    // Many people write the same offering ("Tech recruiter"): judged once per need.
    const judged = new Map<string, { m: ReturnType<typeof index.matcher.match>; earned: boolean }>();
    for (const id of index.offeringsWith(need.needed.keys())) {
      if (id === me.id || met.has(id)) continue;
      const person = store.attendee(id);
      const theirs = index.get(id);
      if (!person?.suggest || !theirs) continue;
      let verdict = theirs.offering.confirmed.size ? undefined : judged.get(theirs.offering.text);
      if (!verdict) {
        const m = index.matcher.match(theirs.offering, need);
        verdict = { m, earned: earnsClaim(m, need, theirs.offering, mine.offering) };
        if (!theirs.offering.confirmed.size) judged.set(theirs.offering.text, verdict);
      }
      const { m, earned } = verdict;
      if (!earned || talkingPoints.markedWrong(id, me.id, need.text)) continue;
      const known = best.get(id);
      if (!known || m.score > known.score) best.set(id, { person, need: me.needs[i]!, matched: m.matched, score: m.score });
    }
  });
  return [...best.values()]
    .sort((x, y) => y.score - x.score || x.person.name.localeCompare(y.person.name))
    .slice(0, SUGGESTIONS)
    .map((s) => ({ person: publicCard(s.person), need: s.need, matched: s.matched }));
}

/** A vCard of everyone met who shared their email, with my note on each. */
export function contactsOf({ store }: Deps, me: Attendee): string {
  return vcards(
    store.exchanges.met(me.id).flatMap((id) => {
      const a = store.attendee(id);
      return a?.shareEmail ? [{ name: a.name, email: a.email, company: a.company, title: a.title, note: me.notes?.[a.id] || a.offering }] : [];
    }),
  );
}

/**
 * One meeting's take-along page: both cards and both sets of points as the kiosk showed them at
 * the meeting's last tap (at most three a side, introductions only through people met by then), in `lang`.
 */
export function takeAlong({ store, talkingPoints, secret }: Deps, token: string, lang: Language) {
  const id = verifyMeeting(secret, token);
  const exchange = id ? store.exchanges.byId(id) : undefined;
  if (!exchange) throw new AppError(404, 'not_found', 'This meeting link is not valid any more (perhaps one of the two was erased).');
  const a = store.attendee(exchange.a)!;
  const b = store.attendee(exchange.b)!;
  return {
    exchange: { id: exchange.id, count: exchange.count, firstAt: exchange.firstAt, lastAt: exchange.lastAt },
    people: { a: publicCard(a), b: publicCard(b) },
    talkingPoints: {
      forA: talkingPoints.pointsAsOf(a.id, b.id, exchange.lastAt, lang).slice(0, KIOSK_POINTS),
      forB: talkingPoints.pointsAsOf(b.id, a.id, exchange.lastAt, lang).slice(0, KIOSK_POINTS),
    },
  };
}

/**
 * Mails a person their own link (through the one mailer: SMTP, or the outbox without one). A fresh
 * event's placeholder organizer sends nothing, as for digests: the link is on screen meanwhile.
 */
export async function mailLink({ store, mailer, mailFrom, publicUrl, secret, templates }: Deps, a: Attendee, reason: 'registered' | 'again' | 'staff'): Promise<void> {
  const event = store.event;
  if (mailSenderProblem(event, mailFrom)) {
    throw new AppError(409, 'organizer_email_missing', `Personal links would go out from the placeholder ${event.organizerEmail}. Set the organizer's name and email in Settings (or MAIL_FROM) first.`);
  }
  await mailer.send(
    await linkMail(a, {
      event: event.name,
      from: mailFrom || `"${event.name.replace(/"/g, '')}" <${event.organizerEmail}>`,
      profileUrl: profileUrl(publicUrl, a.editKey),
      badgeUrl: badgeUrl(publicUrl, signBadge(secret, a.id, a.badgeVersion)),
      reason,
      lang: languageOf(a, event),
      badgePdf: await badgeAlone(templates, a, { publicUrl, secret, event: event.name }),
    }),
  );
}

// A label stock, one badge a page: what a phone shows at the desk best, and what prints anywhere.
const MAIL_BADGE_STOCK = 'thermal-4x3';

/** The person's badge alone as a PDF, as it prints (null if no badge stock is loaded). */
async function badgeAlone(templates: Deps['templates'], a: Attendee, ctx: { publicUrl: string; secret: string; event: string }): Promise<Buffer | null> {
  const stock = templates.get(MAIL_BADGE_STOCK) ?? templates.values().next().value;
  if (!stock) return null;
  const { writeBadgesPdf } = await import('../badges/pdf-writer.ts');
  return writeBadgesPdf(stock, badgeContents([a], ctx), `${ctx.event}: ${a.name}`);
}
