import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PublicCard } from '../api.ts';

/**
 * One person's card at the kiosk: name, title and company, the offering. Sizes are in em of the
 * kiosk's body text, so the whole screen scales together; a name never leaves its card, however
 * long and unbroken.
 */
@customElement('bx-attendee-card')
export class BxAttendeeCard extends LitElement {
  static override styles = css`
    :host { display: block; background: #fff; color: #111; border-radius: 16px; padding: 0.8em 1.1em; box-shadow: 0 2px 10px #0003;
      min-width: 0; }
    h2 { font-size: 1.75em; line-height: 1.15; margin: 0 0 0.15em; overflow-wrap: anywhere; }
    .role { font-size: 1em; color: #333; margin: 0 0 0.3em; overflow-wrap: anywhere; }
    .offering { font-size: 1.05em; line-height: 1.3; margin: 0; overflow-wrap: anywhere; }
    :host([compact]) { padding: 0.55em 0.9em; }
    :host([compact]) h2 { font-size: 1.45em; }
    /* A phone is held close: less type, so both people and their points fit one screen. */
    @media (max-width: 699px) { :host([compact]) { padding: 0.45em 0.75em; } :host([compact]) h2 { font-size: 1.3em; } }
    /* The tightest the meeting screen goes: the offering keeps two lines, the rest gives way first. */
    :host([tight]) .offering { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
    :host([tight]) .role { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  `;

  @property({ attribute: false }) card: PublicCard | null = null;
  /** Smaller type, for two cards side by side with their talking points. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** When space is short: title and company on one line, the offering on two. */
  @property({ type: Boolean, reflect: true }) tight = false;

  override render() {
    const c = this.card;
    if (!c) return nothing;
    const role = [c.title, c.company].filter(Boolean).join(', ');
    // Each line is the person's own words: it takes their direction (an English name starts at the
    // left on an Arabic screen, an Arabic one at the right on an English screen).
    return html`<h2 dir="auto">${c.name}</h2>${role ? html`<p class="role" dir="auto">${role}</p>` : nothing}${c.offering ? html`<p class="offering" dir="auto">${c.offering}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-attendee-card': BxAttendeeCard;
  }
}
