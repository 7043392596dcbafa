import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, deskPrinter, printBadges, formErrors, lastTemplate, type ProfileInput, type StaffAttendee, type TopicView } from '../api.ts';
import { printedAt } from './bx-attendee-list.ts';
import { emptyProfile } from '../components/bx-profile-form.ts';
import { formStyles } from '../components/shared-styles.ts';
import '../components/bx-profile-form.ts';
import './bx-attendee-list.ts';

// The form's starting value lives in the mode, made once: a fresh object on every render would
// make the form start over and drop what staff typed.
type Mode = { kind: 'list' } | { kind: 'add'; value: ProfileInput } | { kind: 'edit'; attendee: StaffAttendee; value: ProfileInput };

const asInput = (a: StaffAttendee): ProfileInput => ({
  name: a.name, email: a.email, company: a.company, title: a.title, offering: a.offering,
  needs: a.needs, goal: a.goal, shareEmail: a.shareEmail, digest: a.digest, suggest: a.suggest ?? false,
  offeringTopics: a.offeringTopics, needTopics: a.needTopics, ...(a.language ? { language: a.language } : {}),
});

const propose = async (text: string, side: 'offering' | 'need') => (await api.proposeTopics(text, side)).topics;

/** Staff work on the registry: search, add, edit, erase. Talks to the server through `api`. */
@customElement('bx-attendees-panel')
export class BxAttendeesPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      .toolbar { display: flex; gap: 0.75rem; align-items: center; margin-bottom: 1rem; }
      .toolbar input { flex: 1; }
      .count { color: #555; margin: 0 0 0.5rem; }
      .notice { background: #e8f1ff; border-radius: 6px; padding: 0.6rem 0.8rem; margin-bottom: 1rem; }
      .link { font-family: ui-monospace, monospace; word-break: break-all; }
    `,
  ];

  @state() private attendees: StaffAttendee[] = [];
  @state() private total = 0;
  @state() private query = '';
  @state() private mode: Mode = { kind: 'list' };
  @state() private errors: Record<string, string> = {};
  @state() private busy = false;
  @state() private notice = '';
  @state() private topics: TopicView[] = [];
  /** The event's time zone (the console passes it down). */
  @property({ attribute: false }) timeZone = 'UTC';
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    // Without the topic list the editor simply shows no topics.
    api.topics().then((r) => (this.topics = r.topics), () => {});
  }

  /** Reloads the list, e.g. after an import elsewhere in the console. */
  async load(): Promise<void> {
    try {
      const { attendees, total } = await api.attendees(this.query);
      this.attendees = attendees;
      this.total = total;
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  private onSearch(q: string) {
    this.query = q;
    clearTimeout(this.searchTimer);
    // Search as staff type, without a request per keystroke.
    this.searchTimer = setTimeout(() => void this.load(), 150);
  }

  private async save(input: ProfileInput) {
    this.busy = true;
    this.errors = {};
    try {
      const editing = this.mode.kind === 'edit' ? this.mode.attendee.id : null;
      const saved = editing ? await api.updateAttendee(editing, input) : await api.createAttendee(input);
      // Back to a list that already shows the change: the notice and a stale row never meet.
      await this.load();
      this.notice = `${editing ? 'Saved' : 'Added'} ${saved.name}.`;
      this.mode = { kind: 'list' };
    } catch (err) {
      this.errors = formErrors(err);
    } finally {
      this.busy = false;
    }
  }

  private async erase(id: string) {
    const a = this.attendees.find((x) => x.id === id);
    if (!a || !confirm(`Erase ${a.name}? Their profile, badge and everything they are part of are removed for good.`)) return;
    try {
      await api.eraseAttendee(id);
      await this.load();
      this.notice = `Erased ${a.name}.`;
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  /** Reprint at the desk: one click, and a second only to confirm a badge that was printed before. */
  private async print(a: StaffAttendee) {
    if (a.printedAt && !confirm(`${a.name}'s badge was already printed ${printedAt(a.printedAt, this.timeZone)}. Print again?`)) return;
    try {
      // A desk with a Zebra printer reprints on it; otherwise the PDF, with the stock used last.
      const desk = deskPrinter.get();
      if (desk?.kind === 'zebra' && desk.address) {
        await api.printToPrinter({ template: desk.template, ids: [a.id], printer: desk.address });
        this.notice = `${a.name}'s badge sent to the printer at ${desk.address}.`;
        await this.load();
        return;
      }
      const template = lastTemplate.get() ?? (await api.badgeTemplates())[0]?.name ?? '';
      printBadges('pdf', { template, ids: [a.id] });
      this.notice = `Printing ${a.name}'s badge.`;
      setTimeout(() => void this.load(), 1500);
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  private async mailLink(a: StaffAttendee) {
    try {
      const r = await api.mailLink(a.id);
      this.notice = `Sent ${a.name}'s personal link to ${r.to}.`;
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  /** A link seen by someone else: a new one, and the old one stops working at once. */
  private async rotateLink(a: StaffAttendee) {
    if (!confirm(`Replace ${a.name}'s personal link? The current link stops working at once; mail them the new one.`)) return;
    try {
      const fresh = await api.rotateLink(a.id);
      this.mode = { kind: 'edit', attendee: fresh, value: asInput(fresh) };
      this.notice = `${a.name} has a new personal link; the old one no longer opens their page.`;
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  /** A lost badge: the old QR stops working at once, and the new one is printed. */
  private async reissue(a: StaffAttendee) {
    if (!confirm(`Reissue ${a.name}'s badge? The current badge stops working at once.`)) return;
    try {
      const fresh = await api.reissueBadge(a.id);
      this.mode = { kind: 'list' };
      await this.print(fresh);
      this.notice = `New badge issued for ${a.name}: the old one no longer scans.`;
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  private renderEditor(mode: Exclude<Mode, { kind: 'list' }>) {
    const editing = mode.kind === 'edit' ? mode.attendee : null;
    return html`
      <h2>${editing ? `Edit ${editing.name}` : 'Add an attendee'}</h2>
      ${editing && !editing.complete
        ? html`<p class="notice">This profile is incomplete: no offering or needs yet. Fill them in with the person, or mail them
            their personal link (below).</p>`
        : nothing}
      <bx-profile-form email-optional language-optional .value=${mode.value} .errors=${this.errors} ?busy=${this.busy} .topicCatalog=${this.topics} .propose=${propose} ?allow-incomplete=${Boolean(editing && !editing.complete)}
        submit-label=${editing ? 'Save changes' : 'Add attendee'} cancel-label="Cancel"
        @bx-profile-submit=${(e: CustomEvent<ProfileInput>) => this.save(e.detail)}
        @bx-profile-cancel=${() => { this.mode = { kind: 'list' }; this.errors = {}; }}></bx-profile-form>
      ${editing
        ? html`<h3>Personal link</h3>
            <p>Where ${editing.name} sees the people they met, whom to meet next, and fixes their profile. Keep it between you and them.</p>
            <p class="link">${editing.profileUrl}</p>
            <div class="row">
              ${editing.email ? html`<button class="secondary" @click=${() => this.mailLink(editing)}>Mail the link to ${editing.email}</button>` : nothing}
              <button class="danger" @click=${() => this.rotateLink(editing)}>Replace the link</button>
            </div>
            <h3>Badge</h3>
            <p>Lost or damaged badge? Reissue it: the old QR code is refused from that moment, and the new badge downloads for printing.</p>
            <button class="danger" @click=${() => this.reissue(editing)}>Reissue badge</button>`
        : nothing}`;
  }

  // The status region stays in the page whatever the mode: a screen reader announces a change
  // in a live region it already knows, not one inserted with its text ("Saved Dana").
  override render() {
    return html`<div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.mode.kind === 'list' ? this.renderList() : this.renderEditor(this.mode)}`;
  }

  private renderList() {
    return html`
      <div class="toolbar">
        <label for="search" class="visually-hidden">Search attendees</label>
        <input id="search" type="search" placeholder="Search by name, email, company, offering…" .value=${this.query}
          @input=${(e: InputEvent) => this.onSearch((e.target as HTMLInputElement).value)} />
        <button @click=${() => { this.mode = { kind: 'add', value: emptyProfile() }; this.notice = ''; this.errors = {}; }}>Add attendee</button>
      </div>
      <p class="count" aria-live="polite">${this.total} ${this.total === 1 ? 'attendee' : 'attendees'}${this.query ? ' match' : ''}</p>
      <bx-attendee-list .attendees=${this.attendees} .timeZone=${this.timeZone}
        @bx-attendee-edit=${(e: CustomEvent<{ id: string }>) => {
          const attendee = this.attendees.find((a) => a.id === e.detail.id);
          if (attendee) { this.mode = { kind: 'edit', attendee, value: asInput(attendee) }; this.notice = ''; this.errors = {}; }
        }}
        @bx-attendee-erase=${(e: CustomEvent<{ id: string }>) => this.erase(e.detail.id)}
        @bx-attendee-print=${(e: CustomEvent<{ id: string }>) => {
          const attendee = this.attendees.find((a) => a.id === e.detail.id);
          if (attendee) void this.print(attendee);
        }}></bx-attendee-list>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-attendees-panel': BxAttendeesPanel;
  }
}
