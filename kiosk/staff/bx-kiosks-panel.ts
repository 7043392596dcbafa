import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { api, type KioskInfo } from '../api.ts';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_NAMES, LANGUAGES } from '../../server/i18n/languages.ts';
import { formStyles } from '../components/shared-styles.ts';
import { clock } from './clock.ts';

interface LiveMeeting {
  names: string;
  kiosk: string;
  count: number;
  at: string;
}

/** One line of the list: a meeting heard on the stream and the same one in the latest fetched are one. */
const liveKey = (m: LiveMeeting) => `${m.at} ${m.names}`;

/**
 * Kiosks: add one and pair a tablet with its code or QR, give a new code, unpair a lost one, set
 * the language its screens start in (each language named in itself, as people at the kiosk see it).
 * Below, the latest meetings, then each new one as kiosks record it, live from /api/stream.
 */
@customElement('bx-kiosks-panel')
export class BxKiosksPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      form { display: flex; gap: 0.75rem; align-items: end; max-width: 36rem; }
      form > div { flex: 1; }
      ul { list-style: none; padding: 0; display: grid; gap: 0.75rem; }
      li.kiosk { display: grid; grid-template-columns: 1fr auto; gap: 1rem; align-items: center; background: #fff; border: 1px solid #e1e3e8; border-radius: 8px; padding: 0.75rem 1rem; }
      .code { font-family: ui-monospace, monospace; font-size: 1.6rem; letter-spacing: 0.1em; }
      .qr { width: 150px; height: 150px; }
      .muted { color: #555; font-size: 0.9rem; }
      .switch { display: flex; gap: 0.6rem; align-items: center; font-weight: 400; margin: 0.4rem 0; min-height: 44px; }
      .switch input { width: 1.3rem; height: 1.3rem; }
      .language { display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; font-weight: 400; margin: 0.4rem 0; }
      .language select { width: auto; min-height: 44px; }
      .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }
      .live li { font-size: 0.95rem; }
      .live:empty { margin: 0; }
      .url { overflow-wrap: anywhere; }
      /* A phone: the QR code goes under the text instead of pushing the card off-screen. */
      @media (max-width: 600px) {
        li.kiosk { grid-template-columns: 1fr; }
        .code { font-size: 1.3rem; white-space: nowrap; }
      }
    `,
  ];

  /** The event's time zone: last seen and meeting times are shown in it. */
  @property({ attribute: false }) timeZone = 'UTC';
  @state() private kiosks: KioskInfo[] = [];
  @state() private name = '';
  @state() private error = '';
  @state() private live: LiveMeeting[] = [];
  /** The event's language, which a kiosk without its own follows. */
  @state() private eventLanguage = DEFAULT_LANGUAGE;
  private stream: EventSource | null = null;
  private refresh: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    void api.eventSettings().then((e) => (this.eventLanguage = e.language ?? DEFAULT_LANGUAGE), () => {});
    // The session cookie authorizes the stream: EventSource cannot send a header.
    this.stream = new EventSource('/api/stream');
    this.stream.addEventListener('exchange', (e) => {
      const d = JSON.parse((e as MessageEvent<string>).data) as { exchange: { count: number; lastAt: string }; people: { a: { name: string }; b: { name: string } }; kiosk: string };
      this.live = [{ names: `${d.people.a.name} & ${d.people.b.name}`, kiosk: d.kiosk, count: d.exchange.count, at: d.exchange.lastAt }, ...this.live].slice(0, 12);
      // A kiosk that records a meeting has been paired: show it as such.
      void this.load();
    });
    // The stream tells only what happens from now on: without the latest meetings so far, the
    // list stayed empty however many were recorded before the tab was opened.
    void api.dashboard().then((d) => {
      const earlier = d.recent.map((m) => ({ names: m.names.join(' & '), kiosk: m.kiosk, count: m.count, at: m.at }));
      const heard = new Set(this.live.map(liveKey));
      this.live = [...this.live, ...earlier.filter((m) => !heard.has(liveKey(m)))].slice(0, 12);
    }, () => {});
    this.refresh = setInterval(() => void this.load(), 15_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stream?.close();
    clearInterval(this.refresh);
  }

  private async load() {
    try {
      this.kiosks = (await api.kiosks()).kiosks;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async act(work: () => Promise<unknown>) {
    this.error = '';
    try {
      await work();
      await this.load();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private renderKiosk(k: KioskInfo) {
    const seen = k.lastSeenAt ? `last seen ${clock(k.lastSeenAt, this.timeZone)}` : 'not seen since the server started';
    const state = k.revokedAt ? 'Unpaired' : k.paired ? `Paired · ${k.online ? 'online' : 'offline'}, ${seen}` : 'Waiting to be paired';
    return html`<li class="kiosk" data-kiosk=${k.name}>
      <div>
        <strong>${k.name}</strong> <span class="muted">· ${state}</span>
        ${k.pairingCode
          ? html`<p>Open <strong>/kiosk</strong> on the tablet and type <span class="code">${k.pairingCode}</span>, or scan this link:
              <br /><span class="muted url">${k.pairingUrl} — valid until ${clock(k.expiresAt!, this.timeZone)}</span></p>`
          : nothing}
        <label class="switch"><input type="checkbox" .checked=${k.camera}
          @change=${(e: Event) => this.act(() => api.updateKiosk(k.id, { camera: (e.target as HTMLInputElement).checked }))} />
          Reads badges with its camera${k.camera ? '' : ' (off: a USB scanner or NFC only)'}</label>
        <label class="language">Language on its screens
          <select @change=${(e: Event) => {
              const value = (e.target as HTMLSelectElement).value;
              void this.act(() => api.updateKiosk(k.id, { language: isLanguage(value) ? value : null }));
            }}>
            <option value="" ?selected=${!k.ownLanguage}>Event's language (${LANGUAGE_NAMES[this.eventLanguage]})</option>
            ${LANGUAGES.map((lang) => html`<option value=${lang} lang=${lang} ?selected=${k.ownLanguage === lang}>${LANGUAGE_NAMES[lang]}</option>`)}
          </select></label>
        <div class="actions">
          <button class="secondary" @click=${() => this.act(() => api.newPairingCode(k.id))}>${k.paired ? 'Pair another tablet' : 'New code'}</button>
          ${k.paired ? html`<button class="danger" @click=${() => confirm(`Unpair ${k.name}? It stops working at once.`) && this.act(() => api.unpairKiosk(k.id))}>Unpair</button>` : nothing}
        </div>
      </div>
      ${k.pairingCode ? html`<img class="qr" alt="QR code of the pairing link for ${k.name}" src="/api/kiosks/${k.id}/pairing.svg?c=${k.pairingCode}" />` : nothing}
    </li>`;
  }

  override render() {
    return html`
      <h2>Kiosks</h2>
      <form @submit=${(e: Event) => {
          e.preventDefault();
          const name = this.name.trim();
          if (name) void this.act(async () => { await api.addKiosk(name); this.name = ''; });
        }}>
        <div><label for="kiosk-name">New kiosk</label>
          <input id="kiosk-name" type="text" maxlength="60" placeholder="Hall A, left" .value=${this.name}
            @input=${(e: InputEvent) => (this.name = (e.target as HTMLInputElement).value)} /></div>
        <button type="submit">Add kiosk</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <ul>${this.kiosks.map((k) => this.renderKiosk(k))}</ul>
      <h3>Meetings, live</h3>
      <!-- Always in the page, each meeting its own keyed item: a screen reader hears the new one, not the whole list again. -->
      <ul class="live" aria-live="polite">${repeat(this.live, liveKey,
        (m) => html`<li>${clock(m.at, this.timeZone)} · ${m.names}${m.count > 1 ? ` (${m.count}×)` : ''} · ${m.kiosk}</li>`)}</ul>
      ${this.live.length ? nothing : html`<p class="muted">Meetings appear here as kiosks record them.</p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-kiosks-panel': BxKiosksPanel;
  }
}
