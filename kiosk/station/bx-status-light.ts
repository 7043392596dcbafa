import { LitElement, html, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n.ts';

/** Online or offline, and how many meetings wait to be sent. */
@customElement('bx-status-light')
export class BxStatusLight extends LitElement {
  static override styles = css`
    :host { display: inline-flex; align-items: center; gap: 0.5rem; font-size: 1rem; color: #dfe6ee; }
    .dot { width: 0.9rem; height: 0.9rem; border-radius: 50%; background: #3ccf6e; }
    :host([offline]) .dot { background: #f0a030; }
  `;

  @property({ type: Boolean, reflect: true }) offline = false;
  @property({ type: Number }) waiting = 0;

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    const count = this.waiting;
    const text = this.offline
      ? count ? t('kiosk.status.offlineWaiting', { count }) : t('kiosk.status.offline')
      : count ? t('kiosk.status.onlineWaiting', { count }) : t('kiosk.status.online');
    return html`<span class="dot" aria-hidden="true"></span><span role="status">${text}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-status-light': BxStatusLight;
  }
}
