import { buildDigest, type DigestContent } from '../domain/digest.ts';
import type { Attendee } from '../domain/attendee.ts';
import { talkingPointsFor } from '../domain/talking-points.ts';
import { AppError } from '../errors.ts';
import { SendError, type Mailer, type OutgoingMail } from '../mail/mailer.ts';
import type { RenderedDigest } from '../mail/render-digest.ts';
import type { Store } from '../store/store.ts';
import type { TalkingPoints } from './talking-points.ts';
import { languageOf } from '../i18n/languages.ts';
import { mailText } from '../i18n/server-catalogs.ts';
import { languageHeaders } from '../mail/mail-language.ts';

export interface DigestRun {
  /** Render and count, send nothing. */
  dryRun?: boolean;
  /** Send again to people who were sent one already. */
  force?: boolean;
  /** Only these attendees (ids). */
  only?: string[];
  /** People who met nobody: no mail ("skip", the default) or a short thank-you ("note"). */
  noMeetings?: 'skip' | 'note';
}

export interface DigestProgress {
  running: boolean;
  dryRun: boolean;
  total: number;
  sent: number;
  /** Sent in an earlier run (not sent again). */
  alreadySent: number;
  skipped: number;
  /** Asked for a digest but have no email (walk-ins): nothing to send to. */
  noEmail: number;
  failed: number;
  errors: { attendee: string; name: string; message: string }[];
  /** Why a run stopped early (the mail server went away), to resume later. */
  stopped: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  mailer: string;
}

/**
 * Digests in flight at once. The mail pool has two connections; with eight, each always has a mail
 * going and more rendered and journalled behind it, and the journal's group commit puts several
 * mails' lines in one fsync (four measured 1.36x bare nodemailer, eight 1.24x). It is also how
 * many mails a crash can leave in doubt (accepted by the mail server, not yet journalled 'sent'):
 * a resumed run sends those again with the Message-ID journalled before their first try.
 */
const IN_FLIGHT = 8;

const idle = (mailer: string): DigestProgress => ({
  running: false, dryRun: false, total: 0, sent: 0, alreadySent: 0, skipped: 0, noEmail: 0, failed: 0, errors: [], stopped: null, startedAt: null, finishedAt: null, mailer,
});

/**
 * Post-event digests: preview one, send a test copy, and the resumable job that mails everyone
 * who asked for one. Each send is journalled before and after (store.digests), so a run stopped
 * by a crash or an outage picks up where it was, and nobody gets two copies unless staff force it.
 */
export class Digests {
  #progress: DigestProgress;

  constructor(
    private readonly store: Store,
    private readonly talkingPoints: TalkingPoints,
    private readonly mailer: Mailer,
    private readonly options: { from?: string; retryDelaysMs?: number[]; now?: () => Date } = {},
  ) {
    this.#progress = idle(mailer.describe);
  }

  progress(): DigestProgress {
    return { ...this.#progress, errors: [...this.#progress.errors] };
  }

  async content(attendee: Attendee): Promise<DigestContent> {
    const met = this.store.exchanges.met(attendee.id).flatMap((id) => this.store.attendee(id) ?? []);
    await this.talkingPoints.read([attendee, ...met]);
    const meetings = this.store.exchanges.ofAttendee(attendee.id).flatMap((e) => {
      const person = this.store.attendee(e.a === attendee.id ? e.b : e.a);
      return person ? [{ person, count: e.count, firstAt: e.firstAt }] : [];
    });
    await this.talkingPoints.settled();
    const index = this.talkingPoints.index;
    // One language for the whole mail: its sentences and the talking points in it.
    const lang = languageOf(attendee, this.store.event);
    return buildDigest(attendee, meetings, (other) => talkingPointsFor(attendee, other, index, met, this.talkingPoints.markedWrong, lang), this.store.event.name, lang);
  }

  async render(attendee: Attendee): Promise<RenderedDigest> {
    const content = await this.content(attendee);
    const unsubscribe = mailText(content.lang)('mail.digest.unsubscribe', { email: this.store.event.organizerEmail });
    // Loaded when the first mail is rendered, not at every start (juice and its HTML parser).
    const { renderDigest } = await import('../mail/render-digest.ts');
    return renderDigest(content, unsubscribe, this.store.event.timeZone);
  }

  /** One attendee's digest as the mail a run sends, under `messageId`. */
  async mail(attendee: Attendee, messageId: string): Promise<OutgoingMail> {
    return this.#mail(attendee, await this.render(attendee), messageId);
  }

  async preview(id: string): Promise<RenderedDigest> {
    const attendee = this.store.attendee(id.toLowerCase());
    if (!attendee) throw new AppError(404, 'not_found', `No attendee has the id ${id}.`);
    return this.render(attendee);
  }

  /** Sends one attendee's digest to another address (staff checking it), recording nothing. */
  async sendTest(id: string, address: string): Promise<void> {
    const rendered = await this.preview(id);
    const attendee = this.store.attendee(id.toLowerCase())!;
    await this.mailer.send(this.#mail(attendee, rendered, `<test-${attendee.id}-${Date.now()}@badge-exchange.local>`, { name: 'Staff', address }));
  }

  /** Starts a run in the background; refuses while one is going. */
  start(run: DigestRun): DigestProgress {
    if (this.#progress.running) throw new AppError(409, 'already_running', 'Digests are being sent already; watch the progress.');
    void this.run(run).catch((err) => {
      this.#progress = { ...this.#progress, running: false, stopped: String(err), finishedAt: this.#now().toISOString() };
    });
    return this.progress();
  }

  /** Runs to the end (or until the mail server is gone); resolves with the final progress. */
  async run(run: DigestRun): Promise<DigestProgress> {
    const only = run.only?.map((id) => id.toLowerCase());
    const wanted = this.store.attendees().filter((a) => a.digest && (!only || only.includes(a.id)));
    const p: DigestProgress = { ...idle(this.mailer.describe), running: true, dryRun: Boolean(run.dryRun), total: wanted.length, startedAt: this.#now().toISOString() };
    this.#progress = p;
    let next = 0;
    // Each lane takes the next attendee until none is left or the mail server is gone.
    const lane = async () => {
      while (next < wanted.length && !p.stopped) await this.#one(wanted[next++]!, run, p);
    };
    try {
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    } finally {
      p.running = false;
      p.finishedAt = this.#now().toISOString();
    }
    return this.progress();
  }

  /** One attendee's turn in a run: skip, count, or journal, send and journal again. */
  async #one(attendee: Attendee, run: DigestRun, p: DigestProgress): Promise<void> {
    // Erased while the run went on: nothing to send, nobody to name.
    if (!this.store.attendee(attendee.id)) return;
    if (!attendee.email) {
      p.noEmail++;
      return;
    }
    const before = this.store.digests.latest(attendee.id);
    if (!run.force && (before?.state === 'sent' || before?.state === 'failed')) {
      if (before.state === 'sent') p.alreadySent++;
      else p.failed++;
      return;
    }
    const met = this.store.exchanges.ofAttendee(attendee.id).length;
    if (!met && (run.noMeetings ?? 'skip') === 'skip') {
      p.skipped++;
      return;
    }
    const rendered = await this.render(attendee);
    if (run.dryRun) {
      p.sent++;
      return;
    }
    // Re-sending after a crash reuses the Message-ID, so mailboxes that drop duplicates do.
    const messageId =
      before?.state === 'sending' && !run.force && before.messageId ? before.messageId : `<digest-${attendee.id}-${Date.now().toString(36)}@badge-exchange.local>`;
    await this.store.digests.record({ attendee: attendee.id, state: 'sending', messageId, at: this.#now().toISOString() });
    // Another lane found the mail server gone meanwhile: this one stays 'sending', for the next run.
    if (p.stopped) return;
    const outcome = await this.#sendWithRetries(this.#mail(attendee, rendered, messageId));
    if (outcome === 'sent') {
      await this.store.digests.record({ attendee: attendee.id, state: 'sent', messageId, at: this.#now().toISOString() });
      p.sent++;
    } else if (outcome.transient) {
      p.stopped ??= `The mail server is not answering (${outcome.message}). Nothing more was sent; start again to resume.`;
    } else {
      await this.store.digests.record({ attendee: attendee.id, state: 'failed', messageId, error: outcome.message, at: this.#now().toISOString() });
      p.failed++;
      p.errors.push({ attendee: attendee.id, name: attendee.name, message: outcome.message });
    }
  }

  async #sendWithRetries(mail: Parameters<Mailer['send']>[0]): Promise<'sent' | SendError> {
    const delays = this.options.retryDelaysMs ?? [2_000, 10_000, 30_000];
    for (let attempt = 0; ; attempt++) {
      try {
        await this.mailer.send(mail);
        return 'sent';
      } catch (err) {
        const e = err instanceof SendError ? err : new SendError(String(err), true);
        if (!e.transient || attempt >= delays.length) return e;
        await new Promise((r) => setTimeout(r, delays[attempt]));
      }
    }
  }

  #mail(attendee: Attendee, rendered: RenderedDigest, messageId: string, to = { name: attendee.name, address: attendee.email }): OutgoingMail {
    const event = this.store.event;
    return {
      from: this.options.from ?? `"${(event.organizerName ? `${event.organizerName} (${event.name})` : event.name).replace(/"/g, '')}" <${event.organizerEmail}>`,
      to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId,
      headers: { 'List-Unsubscribe': `<mailto:${event.organizerEmail}?subject=unsubscribe%20${attendee.id}>`, ...languageHeaders(rendered.lang) },
      // Whose details it carries: the recipient and everyone it names (introductions are among the people met).
      about: [attendee.id, ...this.store.exchanges.met(attendee.id)],
      attachments: rendered.vcard ? [{ filename: 'contacts.vcf', content: rendered.vcard, contentType: 'text/vcard; charset=utf-8' }] : [],
    };
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
