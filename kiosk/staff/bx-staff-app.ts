import { LitElement, html, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../api.ts';
import './bx-sign-in.ts';
import './bx-attendees-panel.ts';
import './bx-desk-panel.ts';
import './bx-dashboard-panel.ts';
import './bx-import-panel.ts';
import './bx-print-panel.ts';
import './bx-kiosks-panel.ts';
import './bx-digests-panel.ts';
import './bx-settings-panel.ts';
import './bx-topics-panel.ts';
import './bx-claims-panel.ts';

type Tab = 'attendees' | 'desk' | 'dashboard' | 'print' | 'kiosks' | 'digests' | 'import' | 'topics' | 'claims' | 'settings';
const TABS: [Tab, string][] = [
  ['attendees', 'Attendees'], ['desk', 'Walk-up desk'], ['dashboard', 'Dashboard'], ['print', 'Print badges'], ['kiosks', 'Kiosks'], ['digests', 'Digests'], ['import', 'Import CSV'],
  ['topics', 'Topics'], ['claims', 'Claims'], ['settings', 'Settings'],
];

/** The tab the URL names (`#print`), or the attendee list. */
function tabFromUrl(): Tab {
  const name = location.hash.slice(1);
  return TABS.some(([id]) => id === name) ? (name as Tab) : 'attendees';
}

/** The staff console: sign-in, then attendees, badge printing, CSV import and settings. Each tab loads fresh data when shown. */
@customElement('bx-staff-app')
export class BxStaffApp extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    header { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; border-bottom: 1px solid #e1e3e8; padding-bottom: 0.5rem; }
    header h1 { font-size: 1.3rem; margin: 0; flex: 1; }
    /* On a phone the tabs wrap rather than run off the screen (WCAG reflow). */
    nav { display: flex; flex-wrap: wrap; gap: 0.25rem; order: 2; flex-basis: 100%; }
    .signout { order: 1; }
    nav button, .signout { font: inherit; min-height: 44px; padding: 0.4rem 0.9rem; border: 0; border-radius: 6px; background: none; cursor: pointer; color: #1a5fd0; white-space: nowrap; }
    nav button[aria-current='page'] { background: #1a5fd0; color: #fff; }
    nav button:focus-visible, .signout:focus-visible { outline: 3px solid #1a5fd0; outline-offset: 2px; }
    header + main { padding-top: 1rem; }
    /* A phone: the tabs stay in a few compact rows above the work, not a screenful. */
    @media (max-width: 600px) {
      :host { padding: 0.5rem 0.75rem 2rem; }
      header h1 { font-size: 1.1rem; }
      nav button, .signout { padding: 0.3rem 0.6rem; }
    }
  `;

  @state() private signedIn: boolean | null = null;
  @state() private signInError = '';
  @state() private eventName = '';
  /** The event's time zone, which the panels show times in (UTC when it has none). */
  @state() private timeZone = 'UTC';
  @state() private tab: Tab = tabFromUrl();

  // The tab lives in the URL (/staff#print): a reload stays on it, Back returns to the last one.
  private readonly onHashChange = () => {
    this.tab = tabFromUrl();
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
  }

  private show(tab: Tab) {
    // Setting the hash adds a history entry and fires hashchange, which switches the tab.
    if (tab !== this.tab) location.hash = tab;
  }

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    const [session, event] = await Promise.all([api.session(), api.event()]).catch(() => [{ staff: false }, { name: '' }] as const);
    this.eventName = event.name;
    this.timeZone = ('timeZone' in event && event.timeZone) || 'UTC';
    this.signedIn = session.staff;
  }

  private async signIn(token: string) {
    try {
      await api.signIn(token);
      this.signInError = '';
      this.signedIn = true;
    } catch (err) {
      this.signInError = (err as Error).message;
    }
  }

  override render() {
    if (this.signedIn === null) return html`<main><p>Loading…</p></main>`;
    if (!this.signedIn) {
      return html`<main><bx-sign-in .error=${this.signInError} @bx-sign-in=${(e: CustomEvent<{ token: string }>) => this.signIn(e.detail.token)}></bx-sign-in></main>`;
    }
    return html`
      <header>
        <h1>${this.eventName} · Staff</h1>
        <nav aria-label="Console sections">
          ${TABS.map(([id, label]) => html`<button aria-current=${this.tab === id ? 'page' : 'false'} @click=${() => this.show(id)}>${label}</button>`)}
        </nav>
        <button class="signout" @click=${async () => { await api.signOut(); this.signedIn = false; }}>Sign out</button>
      </header>
      <main>
        ${this.tab === 'attendees' ? html`<bx-attendees-panel .timeZone=${this.timeZone}></bx-attendees-panel>` : ''}
        ${this.tab === 'desk' ? html`<bx-desk-panel></bx-desk-panel>` : ''}
        ${this.tab === 'dashboard' ? html`<bx-dashboard-panel></bx-dashboard-panel>` : ''}
        ${this.tab === 'print' ? html`<bx-print-panel></bx-print-panel>` : ''}
        ${this.tab === 'kiosks' ? html`<bx-kiosks-panel .timeZone=${this.timeZone}></bx-kiosks-panel>` : ''}
        ${this.tab === 'digests' ? html`<bx-digests-panel></bx-digests-panel>` : ''}
        ${this.tab === 'import' ? html`<bx-import-panel></bx-import-panel>` : ''}
        ${this.tab === 'topics' ? html`<bx-topics-panel></bx-topics-panel>` : ''}
        ${this.tab === 'claims' ? html`<bx-claims-panel .timeZone=${this.timeZone}></bx-claims-panel>` : ''}
        ${this.tab === 'settings'
          ? html`<bx-settings-panel @bx-event-saved=${(e: CustomEvent<{ name: string; timeZone: string }>) => {
              // Without this, the header kept the old name and every tab the old zone until a reload.
              this.eventName = e.detail.name;
              this.timeZone = e.detail.timeZone || 'UTC';
            }}></bx-settings-panel>`
          : ''}
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-staff-app': BxStaffApp;
  }
}
