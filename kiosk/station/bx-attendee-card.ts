import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PublicCard } from '../api.ts';

/** One person's card at the kiosk: name, title and company, the offering. */
@customElement('bx-attendee-card')
export class BxAttendeeCard extends LitElement {
  static override styles = css`
    :host { display: block; background: #fff; color: #111; border-radius: 16px; padding: 1.2rem 1.5rem; box-shadow: 0 2px 10px #0003; }
    h2 { font-size: 2.2rem; line-height: 1.15; margin: 0 0 0.3rem; }
    .role { font-size: 1.25rem; color: #333; margin: 0 0 0.6rem; }
    .offering { font-size: 1.35rem; margin: 0; }
    :host([compact]) { padding: 0.8rem 1.1rem; }
    :host([compact]) h2 { font-size: 1.7rem; }
    :host([compact]) .role { font-size: 1.05rem; margin-bottom: 0.3rem; }
    :host([compact]) .offering { font-size: 1.1rem; }
  `;

  @property({ attribute: false }) card: PublicCard | null = null;
  /** Smaller type, for two cards side by side with their talking points. */
  @property({ type: Boolean, reflect: true }) compact = false;

  override render() {
    const c = this.card;
    if (!c) return nothing;
    const role = [c.title, c.company].filter(Boolean).join(', ');
    return html`<h2>${c.name}</h2>${role ? html`<p class="role">${role}</p>` : nothing}${c.offering ? html`<p class="offering">${c.offering}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-attendee-card': BxAttendeeCard;
  }
}
