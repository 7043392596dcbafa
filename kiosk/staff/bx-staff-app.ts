import { LitElement, html, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../api.ts';
import './bx-sign-in.ts';
import './bx-attendees-panel.ts';
import './bx-import-panel.ts';
import './bx-print-panel.ts';
import './bx-kiosks-panel.ts';
import './bx-digests-panel.ts';
import './bx-settings-panel.ts';
import './bx-topics-panel.ts';
import './bx-claims-panel.ts';

type Tab = 'attendees' | 'print' | 'kiosks' | 'digests' | 'import' | 'topics' | 'claims' | 'settings';
const TABS: [Tab, string][] = [
  ['attendees', 'Attendees'], ['print', 'Print badges'], ['kiosks', 'Kiosks'], ['digests', 'Digests'], ['import', 'Import CSV'],
  ['topics', 'Topics'], ['claims', 'Claims'], ['settings', 'Settings'],
];

/** The staff console: sign-in, then attendees, badge printing, CSV import and settings. Each tab loads fresh data when shown. */
@customElement('bx-staff-app')
export class BxStaffApp extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    header { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; border-bottom: 1px solid #e1e3e8; padding-bottom: 0.5rem; }
    header h1 { font-size: 1.3rem; margin: 0; flex: 1; }
    /* On a phone the tabs wrap rather than run off the screen (WCAG reflow). */
    nav { display: flex; flex-wrap: wrap; gap: 0.25rem; }
    nav button, .signout { font: inherit; min-height: 44px; padding: 0.4rem 0.9rem; border: 0; border-radius: 6px; background: none; cursor: pointer; color: #1a5fd0; white-space: nowrap; }
    nav button[aria-current='page'] { background: #1a5fd0; color: #fff; }
    nav button:focus-visible, .signout:focus-visible { outline: 3px solid #1a5fd0; outline-offset: 2px; }
    header + main { padding-top: 1rem; }
  `;

  @state() private signedIn: boolean | null = null;
  @state() private signInError = '';
  @state() private eventName = '';
  @state() private tab: Tab = 'attendees';

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    const [session, event] = await Promise.all([api.session(), api.event()]).catch(() => [{ staff: false }, { name: '' }] as const);
    this.eventName = event.name;
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
          ${TABS.map(([id, label]) => html`<button aria-current=${this.tab === id ? 'page' : 'false'} @click=${() => (this.tab = id)}>${label}</button>`)}
        </nav>
        <button class="signout" @click=${async () => { await api.signOut(); this.signedIn = false; }}>Sign out</button>
      </header>
      <main>
        ${this.tab === 'attendees' ? html`<bx-attendees-panel></bx-attendees-panel>` : ''}
        ${this.tab === 'print' ? html`<bx-print-panel></bx-print-panel>` : ''}
        ${this.tab === 'kiosks' ? html`<bx-kiosks-panel></bx-kiosks-panel>` : ''}
        ${this.tab === 'digests' ? html`<bx-digests-panel></bx-digests-panel>` : ''}
        ${this.tab === 'import' ? html`<bx-import-panel></bx-import-panel>` : ''}
        ${this.tab === 'topics' ? html`<bx-topics-panel></bx-topics-panel>` : ''}
        ${this.tab === 'claims' ? html`<bx-claims-panel></bx-claims-panel>` : ''}
        ${this.tab === 'settings' ? html`<bx-settings-panel></bx-settings-panel>` : ''}
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-staff-app': BxStaffApp;
  }
}
