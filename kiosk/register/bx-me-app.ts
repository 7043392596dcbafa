import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, ApiError, formErrors, type MyMeeting, type OwnProfile, type ProfileInput, type Suggestion } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';
import { isLanguage, LANGUAGE_NAMES, type Language } from '../../server/i18n/languages.ts';
import { chooseLanguage, language, LocaleController, preferredLanguage, setLanguage, t } from '../i18n.ts';
import { isolate } from '../../server/domain/user-text.ts';
import { own, pageClock, pageError, pageList, withWords } from './page-text.ts';
import '../components/bx-language-switch.ts';
import '../components/bx-profile-form.ts';
import '../station/bx-talking-points.ts';
import { TopicCatalog } from './topic-catalog.ts';
import { OFFLINE_CACHE } from './offline-cache.ts';

type Tab = 'met' | 'next' | 'me';
const TABS: Tab[] = ['met', 'next', 'me'];
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
      header { --bx-switch-size: 0.85rem; margin-bottom: 0.4rem; }
      .offer { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      .offer p { margin: 0; flex: 1 1 12rem; }
      h1 { font-size: 1.4rem; margin: 0.2rem 0; overflow-wrap: anywhere; }
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
  readonly #topics = new TopicCatalog(this);
  /** A language picked on this page that the profile does not have yet: the page offers to save it. */
  @state() private offer: Language | null = null;
  /** The page's language as picked on this page, on this phone: it outranks the one saved in the profile. */
  private pickedHere: Language | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly propose = async (text: string, side: 'offering' | 'need') => (await api.proposeTopics(text, side, language())).topics;
  private readonly storageKey = () => `bx-me:${this.profileKey.slice(0, 8)}`;
  private readonly languageKey = () => `${this.storageKey()}:language`;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    try {
      this.kept = JSON.parse(localStorage.getItem(this.storageKey()) ?? 'null') as Kept | null;
      const picked = localStorage.getItem(this.languageKey());
      this.pickedHere = isLanguage(picked) ? picked : null;
    } catch {
      this.kept = null;
    }
    // The page opens in the language picked here, else the person's own, else the browser's.
    setLanguage(this.pickedHere ?? this.kept?.profile.language ?? preferredLanguage());
    void this.refresh();
    this.keepOffline();
  }

  /**
   * Opens again without the network where the browser allows a service worker (HTTPS, or this
   * machine): the worker answers from a cache when the server cannot. A page the worker did not
   * fetch (the first visit) puts itself there.
   */
  private keepOffline() {
    if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
    const fetchedByWorker = navigator.serviceWorker.controller !== null;
    navigator.serviceWorker
      .register('/me/offline-worker.js', { scope: '/me/' })
      .then(() => (fetchedByWorker ? undefined : caches.open(OFFLINE_CACHE)))
      .then((cache) => cache?.addAll([location.pathname, '/assets/register.js', '/assets/page.css']))
      .catch(() => {});
  }

  /** Nothing of a link that stopped working stays on the phone: the data, the language, the page's offline copy. */
  private forget() {
    localStorage.removeItem(this.storageKey());
    localStorage.removeItem(this.languageKey());
    if ('caches' in window) void caches.delete(OFFLINE_CACHE).catch(() => {});
    this.kept = null;
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
      const profile = await api.profile(this.profileKey);
      // The talking points come in the page's language, so it is settled first.
      if (!this.pickedHere && profile.language) setLanguage(profile.language);
      const [{ meetings }, { suggestions }] = await Promise.all([
        api.myMeetings(this.profileKey, language()),
        wantSuggestions ? api.suggestions(this.profileKey) : { suggestions: this.kept!.suggestions },
      ]);
      this.kept = { profile, meetings, suggestions, at: new Date().toISOString() };
      localStorage.setItem(this.storageKey(), JSON.stringify(this.kept));
      this.offline = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        // A link that no longer works (erased, or replaced by staff).
        this.forget();
        this.failed = t('pages.me.linkInvalid');
      } else this.offline = true;
    }
  }

  private async saveNote(m: MyMeeting, note: string) {
    if (note.trim() === m.note) return;
    try {
      await api.saveNote(this.profileKey, m.person.id, note);
      this.notice = t('pages.me.noteSaved', { name: own(m.person.name) });
      await this.refresh();
    } catch (err) {
      this.notice = pageError(err);
    }
  }

  private async saveProfile(input: ProfileInput) {
    this.busy = true;
    this.errors = {};
    try {
      await api.updateProfile(this.profileKey, input);
      this.notice = t('pages.me.profileSaved');
      await this.refresh();
    } catch (err) {
      const errors = formErrors(err);
      this.errors = '_' in errors ? { _: pageError(err) } : errors;
    } finally {
      this.busy = false;
    }
  }

  private async eraseMe() {
    if (!confirm(t('pages.me.eraseConfirm'))) return;
    try {
      await api.eraseMe(this.profileKey);
      this.forget();
      clearTimeout(this.timer);
      this.erased = true;
    } catch (err) {
      this.notice = pageError(err);
    }
  }

  /** A language picked at the top: the page follows at once; the profile's, for mails, only if the person says so. */
  private pickLanguage(lang: Language) {
    chooseLanguage(lang);
    this.pickedHere = lang;
    try {
      localStorage.setItem(this.languageKey(), lang);
    } catch {
      // Not kept on this phone; still used now.
    }
    this.offer = this.kept && this.kept.profile.language !== lang ? lang : null;
    this.notice = '';
    void this.refresh();
  }

  private async saveLanguage(lang: Language) {
    this.offer = null;
    try {
      await api.updateProfile(this.profileKey, { language: lang });
      this.notice = t('pages.me.languageSaved', { language: LANGUAGE_NAMES[lang] });
      await this.refresh();
    } catch (err) {
      this.notice = pageError(err);
    }
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('refreshMs')) this.schedule();
    if (this.kept) document.title = t('pages.title.me', { event: isolate(this.kept.profile.event) });
  }

  override render() {
    const top = html`<header><bx-language-switch label=${t('pages.language')} @bx-language=${(e: CustomEvent<Language>) => this.pickLanguage(e.detail)}></bx-language-switch></header>`;
    if (this.erased) return html`${top}<main><h1>${t('pages.me.erasedTitle')}</h1><p role="status">${t('pages.me.erasedText')}</p></main>`;
    if (!this.kept) return html`${top}<main>${this.failed ? html`<p role="alert">${this.failed}</p>` : this.offline ? html`<p role="alert">${t('pages.offline')}</p>` : html`<p>${t('pages.loading')}</p>`}</main>`;
    const { profile, meetings } = this.kept;
    const labels: Record<Tab, string> = { met: t('pages.me.tabMet', { count: meetings.length }), next: t('pages.me.tabNext'), me: t('pages.me.tabProfile') };
    return html`${top}<main>
      <h1><bdi>${profile.name}</bdi></h1>
      <p class="event" dir="auto">${profile.event}</p>
      <nav aria-label=${t('pages.me.nav')}>
        ${TABS.map((id) => html`<button class="secondary" aria-current=${this.tab === id ? 'page' : 'false'} @click=${() => { this.tab = id; this.notice = ''; if (id === 'next') void this.refresh(); }}>${labels[id]}</button>`)}
      </nav>
      ${this.offer ? this.renderOffer(this.offer) : nothing}
      ${this.offline ? html`<p class="offline" role="status">${t('pages.me.offline', { time: pageClock(this.kept.at, profile.timeZone) })}</p>` : nothing}
      <div role="status">${this.notice ? html`<p class="notice">${withWords(this.notice)}</p>` : nothing}</div>
      ${this.tab === 'met' ? this.renderMet() : this.tab === 'next' ? this.renderNext() : this.renderMe()}
    </main>`;
  }

  private renderOffer(lang: Language) {
    const name = LANGUAGE_NAMES[lang];
    return html`<div class="notice offer" role="status">
      <p>${t('pages.me.languageOffer', { language: name })}</p>
      <button @click=${() => this.saveLanguage(lang)}>${t('pages.me.languageOfferYes', { language: name })}</button>
      <button class="secondary" @click=${() => (this.offer = null)}>${t('pages.me.languageOfferNo')}</button>
    </div>`;
  }

  private renderMet() {
    const { meetings, profile } = this.kept!;
    if (!meetings.length) return html`<p class="empty">${t('pages.me.nobodyYet')}</p>`;
    return html`
      <p><a class="button" href="/api/profile/${encodeURIComponent(this.profileKey)}/contacts.vcf" download="people-i-met.vcf">${t('pages.me.vcard')}</a>
        <span class="sub">${t('pages.me.vcardNote')}</span></p>
      <ul class="people">
        ${meetings.map(
          (m) => html`<li class="person" data-id=${m.person.id}>
            <div class="name"><bdi>${m.person.name}</bdi></div>
            <div class="sub" dir="auto">${pageList([m.person.title, m.person.company])}</div>
            ${m.person.email ? html`<div class="sub"><a href="mailto:${m.person.email}">${m.person.email}</a></div>` : nothing}
            <p class="offering">${withWords(t('pages.quoted', { text: own(m.person.offering) }))}</p>
            <div class="sub">${t('pages.me.met', { count: m.count, first: pageClock(m.firstAt, profile.timeZone), last: pageClock(m.lastAt, profile.timeZone) })}</div>
            <bx-talking-points .heading=${t('pages.me.pointsHeading')} .max=${5} .points=${m.points}></bx-talking-points>
            <label for="note-${m.person.id}">${t('pages.me.noteLabel')}</label>
            <textarea id="note-${m.person.id}" dir="auto" maxlength="1000" .value=${m.note} placeholder=${t('pages.me.notePlaceholder')}
              @change=${(e: Event) => this.saveNote(m, (e.target as HTMLTextAreaElement).value)}></textarea>
          </li>`,
        )}
      </ul>`;
  }

  private renderNext() {
    const { suggestions } = this.kept!;
    return html`<p class="sub">${t('pages.me.nextLead')}</p>
      ${suggestions.length
        ? html`<ul class="people">
            ${suggestions.map(
              (s) => html`<li class="person suggestion">
                <div class="name"><bdi>${s.person.name}</bdi></div>
                <div class="sub" dir="auto">${pageList([s.person.title, s.person.company])}</div>
                <p class="offering">${withWords(t('pages.quoted', { text: own(s.person.offering) }))}</p>
                <div class="sub">${withWords(t('pages.me.mayHelp', { need: own(s.need), topics: pageList(s.matched.slice(0, 2)) }))}</div>
              </li>`,
            )}
          </ul>`
        : html`<p class="empty">${t('pages.me.nobodyNext')}</p>`}`;
  }

  private renderMe() {
    const { profile } = this.kept!;
    const { event: _event, timeZone: _timeZone, complete: _complete, ...value } = profile;
    return html`
      <bx-profile-form language-choice .value=${value} .errors=${this.errors} ?busy=${this.busy} .topicCatalog=${this.#topics.topics} .propose=${this.propose}
        submit-label=${t('pages.me.saveProfile')} @bx-profile-submit=${(e: CustomEvent<ProfileInput>) => this.saveProfile(e.detail)}></bx-profile-form>
      <section class="danger-zone">
        <h2>${t('pages.me.erase')}</h2>
        <p class="sub">${t('pages.me.eraseText')}</p>
        <button class="danger" @click=${() => this.eraseMe()}>${t('pages.me.erase')}</button>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-me-app': BxMeApp;
  }
}
