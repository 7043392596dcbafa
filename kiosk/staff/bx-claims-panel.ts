import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, type ClaimView, type WrongClaimView } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';
import { clock } from './clock.ts';

const markOf = (c: { offeredBy: string | { id: string }; neededBy: string | { id: string }; need: string }) => ({
  offeredBy: typeof c.offeredBy === 'string' ? c.offeredBy : c.offeredBy.id,
  neededBy: typeof c.neededBy === 'string' ? c.neededBy : c.neededBy.id,
  need: c.need,
});

/**
 * The "your offering may help" claims the kiosks made, newest meeting first, with their evidence;
 * staff mark a wrong one and it is never made again for that pair. Marked claims can be undone.
 */
@customElement('bx-claims-panel')
export class BxClaimsPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      .notice { background: #e8f1ff; border-radius: 6px; padding: 0.6rem 0.8rem; }
      ul { list-style: none; padding: 0; margin: 0; }
      li { border-bottom: 1px solid #e1e3e8; padding: 0.7rem 0; display: grid; grid-template-columns: 1fr auto; gap: 0.3rem 1rem; align-items: start; }
      .who { font-weight: 600; }
      .sub { color: #555; font-size: 0.92rem; }
      .need { font-style: italic; }
      li button { min-height: 40px; padding: 0.25rem 0.8rem; }
      @media (max-width: 560px) { li { grid-template-columns: 1fr; } }
      h3 { margin-top: 2rem; }
    `,
  ];

  /** The event's time zone: a meeting's time is shown in it. */
  @property({ attribute: false }) timeZone = 'UTC';
  @state() private claims: ClaimView[] = [];
  @state() private wrong: WrongClaimView[] = [];
  @state() private next: string | null = null;
  @state() private meetings = 0;
  @state() private scanned = 0;
  @state() private notice = '';
  @state() private loading = true;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(more = false) {
    try {
      const [page, wrong] = await Promise.all([api.claims(more ? this.next ?? undefined : undefined), api.wrongClaims()]);
      this.claims = more ? [...this.claims, ...page.claims] : page.claims;
      this.scanned = (more ? this.scanned : 0) + page.meetingsScanned;
      this.meetings = page.meetings;
      this.next = page.next;
      this.wrong = wrong.wrong;
    } catch (err) {
      this.notice = (err as Error).message;
    } finally {
      this.loading = false;
    }
  }

  private async markWrong(c: ClaimView) {
    try {
      await api.markClaimWrong(markOf(c));
      this.notice = `Marked wrong: ${c.offeredBy.name}'s offering will not be said to help with "${c.need}" again.`;
      await this.load();
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  private async undo(w: WrongClaimView) {
    try {
      await api.unmarkClaim(markOf(w));
      this.notice = `Undone: the claim about "${w.need}" may be made again.`;
      await this.load();
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  override render() {
    if (this.loading) return html`<p>Loading…</p>`;
    return html`
      <h2>Claims made at the kiosks</h2>
      <p>Each "your offering may help" the kiosks said, newest meeting first, with the evidence behind it. Mark a wrong one:
        it is never said again, at a kiosk, in a digest, as an introduction or a suggestion, for those two people or for anyone
        else whose offering and need read word for word the same.</p>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      <p class="sub">${this.claims.length} ${this.claims.length === 1 ? 'claim' : 'claims'} in the latest ${this.scanned} of ${this.meetings} meetings</p>
      ${this.claims.length === 0 ? html`<p class="sub">No claims yet.</p>` : nothing}
      <ul class="claims">
        ${this.claims.map(
          (c) => html`<li>
            <div>
              <div class="who">${c.offeredBy.name} → ${c.neededBy.name} <span class="sub">· ${clock(c.at, this.timeZone)}</span></div>
              <div class="sub">Offering: “${c.offeredBy.offering}”</div>
              <div class="sub">Need: <span class="need">“${c.need}”</span></div>
              <div class="sub">Evidence: ${c.matched.join(', ') || '—'} (score ${c.score.toFixed(2)})</div>
            </div>
            <button class="danger" @click=${() => this.markWrong(c)} aria-label="Mark wrong: ${c.offeredBy.name}'s offering for ${c.neededBy.name}'s need ${c.need}">Mark wrong</button>
          </li>`,
        )}
      </ul>
      ${this.next ? html`<button class="secondary" @click=${() => this.load(true)}>Older meetings</button>` : nothing}

      <h3>Marked wrong</h3>
      ${this.wrong.length === 0 ? html`<p class="sub">None.</p>` : nothing}
      <ul class="wrong">
        ${this.wrong.map(
          (w) => html`<li>
            <div>
              <div class="who">${w.offeredByName} → ${w.neededByName}</div>
              <div class="sub">“${w.offering}” does not help with <span class="need">“${w.need}”</span></div>
            </div>
            <button class="secondary" @click=${() => this.undo(w)} aria-label="Undo: ${w.offeredByName} for ${w.need}">Undo</button>
          </li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-claims-panel': BxClaimsPanel;
  }
}
