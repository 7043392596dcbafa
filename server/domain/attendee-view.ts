import { badgeUrl, signBadge } from './badge-token.ts';
import { isComplete, type Attendee } from './attendee.ts';

/** What a response needs to turn an attendee into URLs. */
export interface UrlContext {
  publicUrl: string;
  secret: string;
}

/** What staff see: everything but the raw personal-link key, plus the badge and personal link URLs. */
export function staffView(a: Attendee, ctx: UrlContext) {
  const { editKey, ...rest } = a;
  return {
    ...rest,
    offeringTopics: a.offeringTopics ?? [],
    needTopics: a.needs.map((_, i) => a.needTopics?.[i] ?? []),
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
    offeringTopics: a.offeringTopics ?? [],
    needTopics: a.needs.map((_, i) => a.needTopics?.[i] ?? []),
    complete: isComplete(a),
  };
}

/** The public card: what a badge shows anyone. Nothing private. */
export function publicCard(a: Attendee) {
  return { id: a.id, name: a.name, title: a.title, company: a.company, offering: a.offering };
}
