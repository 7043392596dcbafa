import { writeBadgesHtml } from '../badges/html-writer.ts';
import { writeBadgesZpl } from '../badges/zpl-writer.ts';
import { badgeUrl, signBadge } from '../domain/badge-token.ts';
import { companyLine, type BadgeContent } from '../domain/badge-layout.ts';
import type { BadgeTemplate } from '../domain/badge-template.ts';
import type { Attendee } from '../domain/attendee.ts';
import { byName, queryMatcher } from '../domain/attendee.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/store.ts';

/** Which badges to print: chosen ids, or everyone (optionally only those not printed yet, or matching a search). */
export interface PrintSelection {
  ids?: string[];
  unprinted?: boolean;
  q?: string;
}

/** The template by name, or a 400 that lists the ones there are. */
export function chooseTemplate(templates: Map<string, BadgeTemplate>, name: string | undefined): BadgeTemplate {
  const template = templates.get(name ?? '');
  if (!template) {
    const known = [...templates.keys()].join(', ');
    throw new AppError(400, 'unknown_template', `${name ? `There is no badge template "${name}".` : 'Choose a badge template.'} Templates: ${known}.`, {
      templates: [...templates.keys()],
    });
  }
  return template;
}

/** The attendees a selection names, in name order; refuses unknown ids and an empty result. */
export function selectForPrint(store: Store, selection: PrintSelection): Attendee[] {
  let chosen: Attendee[];
  if (selection.ids?.length) {
    const unknown = selection.ids.filter((id) => !store.attendee(id.toLowerCase()));
    if (unknown.length) throw new AppError(400, 'unknown_attendee', `No attendee has the id ${unknown.join(', ')}.`);
    chosen = [...new Set(selection.ids.map((id) => id.toLowerCase()))].map((id) => store.attendee(id)!);
  } else {
    chosen = store.attendees().filter(queryMatcher(selection.q ?? ''));
  }
  if (selection.unprinted) chosen = chosen.filter((a) => !a.printedAt);
  if (chosen.length === 0) {
    throw new AppError(400, 'empty_selection', selection.unprinted ? 'Every selected badge has been printed already.' : 'No attendee matches this selection.');
  }
  return [...chosen].sort((a, b) => byName(a.name, b.name));
}

/** What each badge shows, with its signed QR content. */
export function badgeContents(attendees: Attendee[], ctx: { publicUrl: string; secret: string; event: string }): BadgeContent[] {
  return attendees.map((a) => ({
    name: a.name,
    companyLine: companyLine(a.title, a.company),
    offering: a.offering,
    event: ctx.event,
    qrText: badgeUrl(ctx.publicUrl, signBadge(ctx.secret, a.id, a.badgeVersion)),
  }));
}

/** Marks badges printed now, in one write (on each record as it is then, so an import meanwhile stays). */
export async function markPrinted(store: Store, attendees: Attendee[], now: Date): Promise<void> {
  const at = now.toISOString();
  await store.updateAttendees(attendees.map((a) => a.id), (current) => ({ ...current, printedAt: at }));
}

export type BadgeFormat = 'pdf' | 'html' | 'zpl';

export interface PrintRequest extends PrintSelection {
  template: string | undefined;
  format: BadgeFormat;
  /** Produce without marking the badges printed. */
  preview?: boolean;
}

/**
 * Renders the selected badges in a format and, unless previewing, marks them printed. The one
 * path the routes and `badge-exchange print` share.
 */
export async function printBadges(
  store: Store,
  templates: Map<string, BadgeTemplate>,
  request: PrintRequest,
  ctx: { publicUrl: string; secret: string; now: Date },
): Promise<{ template: BadgeTemplate; count: number; body: Buffer | string }> {
  const template = chooseTemplate(templates, request.template);
  const attendees = selectForPrint(store, request);
  const contents = badgeContents(attendees, { ...ctx, event: store.event.name });
  const body =
    request.format === 'pdf'
      ? await (await import('../badges/pdf-writer.ts')).writeBadgesPdf(template, contents, `${store.event.name} badges`)
      : request.format === 'zpl'
        ? writeBadgesZpl(template, contents)
        : String(await writeBadgesHtml(template, contents));
  if (!request.preview) await markPrinted(store, attendees, ctx.now);
  return { template, count: attendees.length, body };
}
