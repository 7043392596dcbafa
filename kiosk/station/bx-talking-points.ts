import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TalkingPointView } from '../api.ts';
import { LocaleController, t } from '../i18n.ts';
import { bdi } from './isolated-text.ts';

// Each kind's label, a whole catalog key each.
const LABELS: Record<TalkingPointView['kind'], () => string> = {
  'need-match': () => t('kiosk.point.needMatch'),
  intro: () => t('kiosk.point.intro'),
  need: () => t('kiosk.point.need'),
  goal: () => t('kiosk.point.goal'),
  comment: () => t('kiosk.point.comment'),
  open: () => t('kiosk.point.open'),
};

/**
 * The talking points for one person, most useful first. Shows at most `max` of them, each
 * whole: the kiosk lowers `max` when the screen cannot hold them all, rather than cutting one.
 */
@customElement('bx-talking-points')
export class BxTalkingPoints extends LitElement {
  static override styles = css`
    :host { display: block; min-width: 0; }
    h3 { font-size: 1.05em; margin: 0 0 0.35em; color: var(--bx-points-heading, #fff); overflow-wrap: anywhere; }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.45em; }
    li { font-size: 1em; line-height: 1.3; background: #f2f5fb; color: #111; border-radius: 10px; padding: 0.4em 0.65em; overflow-wrap: anywhere; }
    li.need-match, li.intro { background: #e3f4e8; }
    .kind { display: block; font-size: 0.7em; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: #2c4660; }
    /* Spacing letters apart breaks the joins of Arabic script. */
    .kind:lang(ar) { letter-spacing: 0; font-size: 0.8em; }
    li.need-match .kind, li.intro .kind { color: #1d5a2f; }
  `;

  /** Names people typed sit in `<bdi>` here, as in the points. */
  @property({ attribute: false }) heading: string | TemplateResult = '';
  @property({ attribute: false }) points: TalkingPointView[] = [];
  /** How many points to show (the first, most useful ones). */
  @property({ type: Number }) max = 3;

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    // No room for a single point (a phone kiosk, a name a hundred letters long): no heading either.
    if (this.max <= 0) return nothing;
    return html`<h3>${this.heading}</h3>
      <ol>${this.points.slice(0, this.max).map((p) => html`<li class=${p.kind}><span class="kind">${LABELS[p.kind]()}</span>${bdi(p.text)}</li>`)}</ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-talking-points': BxTalkingPoints;
  }
}
