import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, ApiError, formErrors, type MyMeeting, type OwnProfile, type ProfileInput, type Suggestion, type TopicView } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';
import { eventClock } from '../../server/domain/event-time.ts';
import '../components/bx-profile-form.ts';
import '../station/bx-talking-points.ts';

type Tab = 'met' | 'next' | 'me';
const TABS: [Tab, string][] = [['met', 'People I met'], ['next', 'Who to meet'], ['me', 'My profile']];
// New meetings at a kiosk show up while the page is open; a phone in a pocket is not asked.
const REFRESH_MS = 15_000;

/** What the page last showed, kept on the phone so it stays readable without the network. */
interface Kept {
  profile: OwnProfile;
  meetings: MyMeeting[];
  suggestions: Suggestion[];
  at: string;
}


/**
 * The attendee's own page at /me/<key>, phone first: the people they met with the talking points
 * of each meeting and a private note, whom to meet next, their profile and consents, and erasing
 * themselves. It refreshes while open and keeps the last state for when the network is gone.
 */
@customElement('bx-me-app')
export class BxMeApp extends LitElement {
  static override styles = [
    formStyles,
    css`
      :host { display: block; max-width: 40rem; margin: 0 auto; padding: 0.75rem 1rem 3rem; --bx-points-heading: #1b1b1b; }
      h1 { font-size: 1.4rem; margin: 0.2rem 0; }
      .event { color: #555; margin: 0; }
      nav { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0.8rem 0; position: sticky; top: 0; background: var(--bx-page, #f7f8fa); padding: 0.3rem 0; z-index: 1; }
      nav button { background: #fff; color: #1a5fd0; }
      nav button[aria-current='page'] { background: #1a5fd0; color: #fff; }
      .offline { background: #fff4d6; border-radius: 6px; padding: 0.5rem 0.7rem; }
      .notice { background: #e8f1ff; border-radius: 6px; padding: 0.5rem 0.7rem; }
      ul.people { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
      li.person { background: #fff; border: 1px solid #e1e3e8; border-radius: 10px; padding: 0.8rem; }
      .name { font-weight: 700; font-size: 1.15rem; overflow-wrap: anywhere; }
      .sub { color: #555; font-size: 0.92rem; overflow-wrap: anywhere; }
      .offering { margin: 0.3rem 0 0.6rem; overflow-wrap: anywhere; }
      textarea { min-height: 3.2rem; }
      .empty { color: #555; }
      .danger-zone { margin-top: 2.5rem; border-top: 1px solid #e1e3e8; padding-top: 1rem; }
      a.button { display: inline-flex; align-items: center; min-height: 48px; padding: 0 1rem; border-radius: 6px; border: 1px solid #1a5fd0; color: #1a5fd0; font-weight: 600; text-decoration: none; }
    `,
  ];

  /** The personal-link key (from the address). */
  @property({ attribute: 'profile-key' }) profileKey = '';
  /** How often the page asks for new meetings while it is in view. */
  @property({ type: Number, attribute: 'refresh-ms' }) refreshMs = REFRESH_MS;
  @state() private tab: Tab = 'met';
  @state() private kept: Kept | null = null;
  @state() private offline = false;
  @state() private failed = '';
  @state() private notice = '';
  @state() private errors: Record<string, string> = {};
  @state() private busy = false;
  @state() private erased = false;
  @state() private topics: TopicView[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly propose = async (text: string, side: 'offering' | 'need') => (await api.proposeTopics(text, side)).topics;
  private readonly storageKey = () => `bx-me:${this.profileKey.slice(0, 8)}`;

  override connectedCallback(): void {
    super.connectedCallback();
    try {
      this.kept = JSON.parse(localStorage.getItem(this.storageKey()) ?? 'null') as Kept | null;
    } catch {
      this.kept = null;
    }
    api.topics().then((r) => (this.topics = r.topics), () => {});
    void this.refresh();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('refreshMs')) this.schedule();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private schedule() {
    clearTimeout(this.timer);
    if (this.erased) return;
    this.timer = setTimeout(async () => {
      if (document.visibilityState === 'visible') await this.refresh();
      this.schedule();
    }, this.refreshMs);
  }

  private async refresh() {
    try {
      // Suggestions cost the server a search of the event: asked for when they are in view (or never yet), not on every refresh.
      const wantSuggestions = this.tab === 'next' || !this.kept;
      const [profile, { meetings }, { suggestions }] = await Promise.all([
        api.profile(this.profileKey),
        api.myMeetings(this.profileKey),
        wantSuggestions ? api.suggestions(this.profileKey) : { suggestions: this.kept!.suggestions },
      ]);
      this.kept = { profile, meetings, suggestions, at: new Date().toISOString() };
      localStorage.setItem(this.storageKey(), JSON.stringify(this.kept));
      this.offline = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        // A link that no longer works (erased, or replaced by staff): nothing of it stays on the phone.
        localStorage.removeItem(this.storageKey());
        this.kept = null;
        this.failed = 'This personal link is not valid. Ask at the registration desk for yours.';
      } else this.offline = true;
    }
  }

  private async saveNote(m: MyMeeting, note: string) {
    if (note.trim() === m.note) return;
    try {
      await api.saveNote(this.profileKey, m.person.id, note);
      this.notice = `Note on ${m.person.name} saved.`;
      await this.refresh();
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  private async saveProfile(input: ProfileInput) {
    this.busy = true;
    this.errors = {};
    try {
      await api.updateProfile(this.profileKey, input);
      this.notice = 'Your profile is saved.';
      await this.refresh();
    } catch (err) {
      this.errors = formErrors(err);
    } finally {
      this.busy = false;
    }
  }

  private async eraseMe() {
    if (!confirm('Delete everything about you: your profile, your meetings, your notes, and you in other people’s lists? This cannot be undone.')) return;
    try {
      await api.eraseMe(this.profileKey);
      localStorage.removeItem(this.storageKey());
      clearTimeout(this.timer);
      this.kept = null;
      this.erased = true;
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  override render() {
    if (this.erased) return html`<main><h1>Deleted</h1><p role="status">Everything about you is deleted from this event. Thank you for coming.</p></main>`;
    if (!this.kept) return html`<main>${this.failed ? html`<p role="alert">${this.failed}</p>` : this.offline ? html`<p role="alert">The server cannot be reached. Check the network and try again.</p>` : html`<p>Loading…</p>`}</main>`;
    const { profile, meetings } = this.kept;
    return html`<main>
      <h1><bdi>${profile.name}</bdi></h1>
      <p class="event">${profile.event}</p>
      <nav aria-label="Your page">
        ${TABS.map(([id, label]) => html`<button class="secondary" aria-current=${this.tab === id ? 'page' : 'false'} @click=${() => { this.tab = id; this.notice = ''; if (id === 'next') void this.refresh(); }}>${label}${id === 'met' ? ` (${meetings.length})` : ''}</button>`)}
      </nav>
      ${this.offline ? html`<p class="offline" role="status">Offline: showing what was loaded at ${eventClock(this.kept.at, this.kept.profile.timeZone)}.</p>` : nothing}
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      ${this.tab === 'met' ? this.renderMet() : this.tab === 'next' ? this.renderNext() : this.renderMe()}
    </main>`;
  }

  private renderMet() {
    const { meetings, profile } = this.kept!;
    if (!meetings.length) return html`<p class="empty">Nobody yet. Tap your badge with someone else's at a kiosk, and they appear here with what to talk about.</p>`;
    return html`
      <p><a class="button" href="/api/profile/${encodeURIComponent(this.profileKey)}/contacts.vcf" download="people-i-met.vcf">Save contacts (vCard)</a>
        <span class="sub">Only the people who chose to share their email.</span></p>
      <ul class="people">
        ${meetings.map(
          (m) => html`<li class="person" data-id=${m.person.id}>
            <div class="name"><bdi>${m.person.name}</bdi></div>
            <div class="sub">${[m.person.title, m.person.company].filter(Boolean).join(', ')}</div>
            ${m.person.email ? html`<div class="sub"><a href="mailto:${m.person.email}">${m.person.email}</a></div>` : nothing}
            <p class="offering">“<bdi>${m.person.offering}</bdi>”</p>
            <div class="sub">Met at ${eventClock(m.firstAt, profile.timeZone)}${m.count > 1 ? ` · ${m.count} times, last at ${eventClock(m.lastAt, profile.timeZone)}` : ''}</div>
            <bx-talking-points .heading=${'What to raise'} .max=${5} .points=${m.points}></bx-talking-points>
            <label for="note-${m.person.id}">My note (only I see it)</label>
            <textarea id="note-${m.person.id}" maxlength="1000" .value=${m.note} placeholder="Send the deck on Monday"
              @change=${(e: Event) => this.saveNote(m, (e.target as HTMLTextAreaElement).value)}></textarea>
          </li>`,
        )}
      </ul>`;
  }

  private renderNext() {
    const { suggestions } = this.kept!;
    return html`<p class="sub">People here whose offering may help with one of your needs, whom you have not met yet. Only people who agreed to be suggested appear.</p>
      ${suggestions.length
        ? html`<ul class="people">
            ${suggestions.map(
              (s) => html`<li class="person suggestion">
                <div class="name"><bdi>${s.person.name}</bdi></div>
                <div class="sub">${[s.person.title, s.person.company].filter(Boolean).join(', ')}</div>
                <p class="offering">“<bdi>${s.person.offering}</bdi>”</p>
                <div class="sub">May help with your need “<bdi>${s.need}</bdi>” (${s.matched.slice(0, 2).join(', ')})</div>
              </li>`,
            )}
          </ul>`
        : html`<p class="empty">No one yet. Confirming the topics of your needs (My profile) helps us find them.</p>`}`;
  }

  private renderMe() {
    const { profile } = this.kept!;
    const { event: _event, timeZone: _timeZone, complete: _complete, ...value } = profile;
    return html`
      <bx-profile-form .value=${value} .errors=${this.errors} ?busy=${this.busy} .topicCatalog=${this.topics} .propose=${this.propose}
        submit-label="Save my profile" @bx-profile-submit=${(e: CustomEvent<ProfileInput>) => this.saveProfile(e.detail)}></bx-profile-form>
      <section class="danger-zone">
        <h2>Delete everything about me</h2>
        <p class="sub">Your profile, your meetings and notes, and you in other people’s lists and digests. Printed badges stop working.</p>
        <button class="danger" @click=${() => this.eraseMe()}>Delete everything about me</button>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-me-app': BxMeApp;
  }
}
