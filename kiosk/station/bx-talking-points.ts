import { LitElement, html, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TalkingPointView } from '../api.ts';

const LABELS: Record<TalkingPointView['kind'], string> = {
  'need-match': 'You may help',
  intro: 'Introduce',
  need: 'Ask',
  goal: 'Their goal',
  comment: 'About their offering',
  open: 'Ask',
};

/** The talking points for one person, most useful first (the first three: readable at a metre, no scrolling). */
@customElement('bx-talking-points')
export class BxTalkingPoints extends LitElement {
  static override styles = css`
    :host { display: block; }
    h3 { font-size: 1.3rem; margin: 0 0 0.5rem; }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.55rem; }
    li { font-size: 1.15rem; line-height: 1.3; background: #f2f5fb; color: #111; border-radius: 10px; padding: 0.5rem 0.75rem; }
    li.need-match, li.intro { background: #e3f4e8; }
    .kind { display: block; font-size: 0.85rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: #35506b; }
  `;

  @property() heading = '';
  @property({ attribute: false }) points: TalkingPointView[] = [];

  override render() {
    return html`<h3>${this.heading}</h3>
      <ol>${this.points.slice(0, 3).map((p) => html`<li class=${p.kind}><span class="kind">${LABELS[p.kind]}</span>${p.text}</li>`)}</ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-talking-points': BxTalkingPoints;
  }
}
