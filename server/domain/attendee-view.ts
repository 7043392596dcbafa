import { badgeUrl, signBadge } from './badge-token.ts';
import { isComplete, type Attendee } from './attendee.ts';

/** What a response needs to turn an attendee into URLs. */
export interface UrlContext {
  publicUrl: string;
  secret: string;
}

/** What staff see: everything but the raw personal-link key, plus the badge and personal link URLs. */
export function staffView(a: Attendee, ctx: UrlContext) {
  // Private notes are the attendee's own: staff never see them.
  const { editKey, notes: _notes, ...rest } = a;
  return {
    ...rest,
    offeringTopics: a.offeringTopics ?? [],
    needTopics: a.needs.map((_, i) => a.needTopics?.[i] ?? []),
    language: a.language ?? null,
    complete: isComplete(a),
    badgeUrl: badgeUrl(ctx.publicUrl, signBadge(ctx.secret, a.id, a.badgeVersion)),
    profileUrl: profileUrl(ctx.publicUrl, editKey),
  };
}

/** The personal link where an attendee completes or corrects their own profile. */
export function profileUrl(publicUrl: string, editKey: string): string {
  return `${publicUrl}/me/${editKey}`;
}

/** What the attendee sees of themselves through their personal link. */
export function ownProfile(a: Attendee) {
  return {
    name: a.name,
    email: a.email,
    company: a.company,
    title: a.title,
    offering: a.offering,
    needs: a.needs,
    goal: a.goal,
    shareEmail: a.shareEmail,
    digest: a.digest,
    suggest: a.suggest ?? false,
    offeringTopics: a.offeringTopics ?? [],
    needTopics: a.needs.map((_, i) => a.needTopics?.[i] ?? []),
    complete: isComplete(a),
    /** The language they chose (absent: none yet). */
    language: a.language,
  };
}

/** Someone an attendee met, as their own page shows them: the public card, and the email only if they chose to share it. */
export function metCard(a: Attendee) {
  return { ...publicCard(a), ...(a.shareEmail ? { email: a.email } : {}) };
}

/** The public card: what a badge shows anyone. Nothing private. */
export function publicCard(a: Attendee) {
  return { id: a.id, name: a.name, title: a.title, company: a.company, offering: a.offering };
}
