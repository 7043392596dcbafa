import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TopicView } from '../api.ts';
import { emit } from '../events.ts';
import { LocaleController, t } from '../i18n.ts';

/**
 * The topics of one text (an offering or a need), as chips: those the person confirmed (✓, a tap
 * removes), those the matcher proposes for what they typed (+, a tap confirms), and a list of
 * every other topic to add one. Nothing is required. It never talks to the server.
 *
 * @fires bx-topics-change - with the confirmed topic ids, after each tap or choice
 */
@customElement('bx-topic-chips')
export class BxTopicChips extends LitElement {
  static override styles = css`
    :host { display: block; margin: 0.35rem 0 0.6rem; }
    .chips { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
    .lead { font-size: 0.9rem; color: var(--bx-muted, #555); margin-inline-end: 0.2rem; }
    /* 48 px tall, like every control attendees touch: a thumb's target. */
    button, select {
      font: inherit; font-size: 0.95rem; min-height: 48px; padding: 0.3rem 0.8rem; border-radius: 999px; cursor: pointer;
      border: 1px solid #1a5fd0; background: #fff; color: #1a5fd0;
    }
    button[aria-pressed='true'] { background: #1a5fd0; color: #fff; }
    select { border-style: dashed; color: #333; border-color: #6b7280; max-width: 14rem; }
    button:focus-visible, select:focus-visible { outline: 3px solid var(--bx-focus, #1a5fd0); outline-offset: 2px; }
  `;

  /** What the chips are for, read to screen readers ("Topics of need 1"); "Topics" in the page's language when not given. */
  @property() label = '';
  @property({ attribute: false }) confirmed: string[] = [];
  @property({ attribute: false }) proposed: TopicView[] = [];
  @property({ attribute: false }) catalog: TopicView[] = [];
  @property({ type: Number }) max = 3;

  constructor() {
    super();
    new LocaleController(this);
  }

  private change(next: string[]) {
    emit(this, 'bx-topics-change', { topics: next });
  }

  override render() {
    const labelOf = new Map(this.catalog.map((t) => [t.id, t.label]));
    const offered = this.proposed.filter((t) => !this.confirmed.includes(t.id));
    const full = this.confirmed.length >= this.max;
    const others = this.catalog.filter((t) => !this.confirmed.includes(t.id) && !offered.some((o) => o.id === t.id));
    if (!this.confirmed.length && !offered.length && !others.length) return nothing;
    const label = this.label || t('pages.chips.label');
    return html`<div class="chips" role="group" aria-label=${label}>
      <span class="lead" aria-hidden="true">${this.confirmed.length ? t('pages.chips.about') : offered.length ? t('pages.chips.aboutConfirm') : ''}</span>
      ${this.confirmed.map(
        (id) => html`<button type="button" aria-pressed="true" title=${t('pages.chips.remove')}
          @click=${() => this.change(this.confirmed.filter((x) => x !== id))}>✓ ${labelOf.get(id) ?? id}</button>`,
      )}
      ${full
        ? nothing
        : offered.map((t) => html`<button type="button" aria-pressed="false" @click=${() => this.change([...this.confirmed, t.id])}>+ ${t.label}</button>`)}
      ${full || !others.length
        ? nothing
        : html`<select aria-label=${t('pages.chips.addAnother', { label })}
            @change=${(e: Event) => {
              const select = e.target as HTMLSelectElement;
              if (select.value) this.change([...this.confirmed, select.value]);
              select.value = '';
            }}>
            <option value="">${t('pages.chips.other')}</option>
            ${others.map((t) => html`<option value=${t.id}>${t.label}</option>`)}
          </select>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-topic-chips': BxTopicChips;
  }
}
