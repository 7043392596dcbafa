import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, type DigestProgress, type StaffAttendee } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';

/**
 * After the event: look at anyone's digest, send a test copy to yourself, then send to everyone
 * who asked for one, with a progress bar and counts.
 */
// Enough to pick from by eye; a bigger event types a few letters instead.
const PAGE = 50;

@customElement('bx-digests-panel')
export class BxDigestsPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      section { margin-bottom: 1.5rem; max-width: 44rem; }
      select { font: inherit; padding: 0.5rem; min-height: 44px; width: 100%; border-radius: 6px; border: 1px solid #8a8f98; }
      .row { margin-top: 0.6rem; flex-wrap: wrap; }
      a.button { display: inline-flex; align-items: center; min-height: 44px; padding: 0 1rem; border-radius: 6px; font-weight: 600;
        text-decoration: none; border: 1px solid #1a5fd0; color: #1a5fd0; }
      progress { width: 100%; height: 1.4rem; }
      .counts { font-weight: 600; }
      .choice { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; margin: 0.35rem 0; }
      .confirm { background: #fff6e0; border-radius: 8px; padding: 0.5rem 0.9rem 0.9rem; margin-top: 0.75rem; }
    `,
  ];

  // Who asked for a digest: a page of search results, and how many there are in all.
  @state() private people: StaffAttendee[] = [];
  @state() private total = 0;
  @state() private query = '';
  @state() private chosen = '';
  @state() private email = '';
  @state() private noMeetings: 'skip' | 'note' = 'skip';
  @state() private progress: (DigestProgress & { log: { sent: number; failed: number } }) | null = null;
  /** Who a run would mail, shown before staff confirm with the number; null when not asked. */
  @state() private confirming: Awaited<ReturnType<typeof api.digestRecipients>> | null = null;
  @state() private message = '';
  @state() private error = '';
  private poll: ReturnType<typeof setInterval> | undefined;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searchSeq = 0;

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    try {
      await Promise.all([this.search(''), this.refresh()]);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.poll);
    clearTimeout(this.searchTimer);
  }

  /** A page of the people who asked for a digest, found by name, company or email. */
  private async search(query: string) {
    const seq = ++this.searchSeq;
    const found = await api.attendees(query.trim(), PAGE, { digest: true });
    // An older search answering late must not replace a newer one.
    if (seq !== this.searchSeq) return;
    this.people = found.attendees;
    if (!query.trim()) this.total = found.total;
    this.chosen = this.people.some((a) => a.id === this.chosen) ? this.chosen : (this.people[0]?.id ?? '');
  }

  private onQuery(value: string) {
    this.query = value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.search(value).catch((err: Error) => (this.error = err.message)), 200);
  }

  private async refresh() {
    this.progress = await api.digests();
    if (this.progress.running && !this.poll) this.poll = setInterval(() => void this.refresh(), 1000);
    if (!this.progress.running && this.poll) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  private async act(work: () => Promise<unknown>, done: string) {
    this.error = this.message = '';
    try {
      await work();
      this.message = done;
      await this.refresh();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  /** Sending to everyone is deliberate: first who would get one, then a button with the number. */
  private async askToConfirm() {
    this.error = this.message = '';
    try {
      this.confirming = await api.digestRecipients(this.noMeetings);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private renderConfirm(c: NonNullable<BxDigestsPanel['confirming']>) {
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    const left = [
      c.metNobody ? plural(c.metNobody, 'met nobody', 'met nobody') : '',
      c.noEmail ? `${c.noEmail} ${c.noEmail === 1 ? 'has' : 'have'} no email` : '',
      c.sentBefore ? `${c.sentBefore} had one before` : '',
    ].filter(Boolean);
    return html`<div class="confirm" role="group" aria-label="Confirm sending">
      ${c.senderProblem || c.windowProblem
        ? html`<p class="error" role="alert">${c.senderProblem ?? c.windowProblem}</p>`
        : html`<p><strong>${plural(c.recipients, 'person', 'people')}</strong> will get a digest${this.noMeetings === 'note' ? ' (those who met nobody, a short thank-you)' : ''}.
            ${left.length ? html`Not sent, of the ${c.asked} who asked for one: ${left.join(', ')}.` : nothing}</p>`}
      <div class="row">
        ${c.senderProblem || c.windowProblem || c.recipients === 0
          ? nothing
          : html`<button @click=${() => { this.confirming = null; void this.act(() => api.sendDigests({ noMeetings: this.noMeetings }), 'Sending started.'); }}>
              Send ${plural(c.recipients, 'digest', 'digests')}</button>`}
        <button class="secondary" @click=${() => (this.confirming = null)}>Cancel</button>
      </div>
    </div>`;
  }

  override render() {
    const p = this.progress;
    const handled = p ? p.sent + p.alreadySent + p.skipped + p.noEmail + p.failed : 0;
    return html`
      <h2>Digests</h2>
      <section>
        <label for="find">Look at one attendee's digest</label>
        <input id="find" type="search" placeholder="Find by name, company or email" .value=${this.query}
          @input=${(e: InputEvent) => this.onQuery((e.target as HTMLInputElement).value)} />
        <label for="who" class="visually-hidden">Attendee</label>
        <select id="who" .value=${this.chosen} @change=${(e: Event) => (this.chosen = (e.target as HTMLSelectElement).value)}>
          ${this.people.map((a) => html`<option value=${a.id} ?selected=${a.id === this.chosen}>${a.name}${a.company ? ` (${a.company})` : ''}</option>`)}
        </select>
        ${this.people.length === 0
          ? html`<p>${this.query.trim() ? `Nobody who asked for a digest matches “${this.query.trim()}”.` : 'Nobody has asked for a digest yet.'}</p>`
          : nothing}
        <div class="row">
          <a class="button" target="_blank" href="/api/digests/${this.chosen}/preview">Open the mail</a>
          <a class="button" target="_blank" href="/api/digests/${this.chosen}/preview?format=text">Plain-text part</a>
        </div>
        <form class="row" @submit=${(e: Event) => {
            e.preventDefault();
            void this.act(() => api.testDigest(this.chosen, this.email.trim()), `Test copy sent to ${this.email.trim()}.`);
          }}>
          <label for="test-email" class="visually-hidden">Your email</label>
          <input id="test-email" type="email" placeholder="your@email, for a test copy" .value=${this.email}
            @input=${(e: InputEvent) => (this.email = (e.target as HTMLInputElement).value)} style="flex:1; min-width:14rem" />
          <button type="submit" class="secondary">Send me a test copy</button>
        </form>
      </section>
      <section>
        <h3>Send to everyone who asked for one (${this.total})</h3>
        <label class="choice"><input type="radio" name="none" .checked=${this.noMeetings === 'skip'} @change=${() => { this.noMeetings = 'skip'; this.confirming = null; }} />People who met nobody get nothing</label>
        <label class="choice"><input type="radio" name="none" .checked=${this.noMeetings === 'note'} @change=${() => { this.noMeetings = 'note'; this.confirming = null; }} />People who met nobody get a short thank-you</label>
        <div class="row">
          <button ?disabled=${p?.running || this.confirming !== null} @click=${() => this.askToConfirm()}>Send digests…</button>
          <button class="secondary" ?disabled=${p?.running} @click=${() => this.act(() => api.sendDigests({ noMeetings: this.noMeetings, dryRun: true }), 'Counted, nothing sent.')}>Count only (dry run)</button>
        </div>
        ${this.confirming ? this.renderConfirm(this.confirming) : nothing}
        ${p && p.startedAt
          ? html`<p><progress max=${p.total || 1} value=${handled} aria-label="Digests handled"></progress></p>
              <p class="counts" role="status">${p.running ? 'Sending… ' : ''}${p.dryRun ? 'Dry run: ' : ''}${p.sent} ${p.dryRun ? 'would be sent' : 'sent'},
                ${p.alreadySent} sent before, ${p.skipped} skipped (met nobody), ${p.noEmail} without an email, ${p.failed} failed (of ${p.total}). Mail goes to ${p.mailer}.</p>
              ${p.stopped ? html`<p class="error">${p.stopped}</p>` : nothing}
              ${p.errors.length ? html`<ul>${p.errors.map((e) => html`<li class="error">${e.name}: ${e.message}</li>`)}</ul>` : nothing}`
          : html`<p>No digests sent yet${p?.log.sent ? ` in this session (${p.log.sent} recorded before)` : ''}.</p>`}
      </section>
      <div role="status">${this.message ? html`<p>${this.message}</p>` : nothing}</div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-digests-panel': BxDigestsPanel;
  }
}
