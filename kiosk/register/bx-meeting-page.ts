import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, ApiError, type TakeAlong } from '../api.ts';
import '../station/bx-talking-points.ts';

const first = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/**
 * One meeting, taken along from the kiosk's QR (/m/<token>): both cards and both sets of talking
 * points, nothing the kiosk screen did not show. Kept on the phone once opened, for offline reading.
 */
@customElement('bx-meeting-page')
export class BxMeetingPage extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 40rem; margin: 0 auto; padding: 1rem; --bx-points-heading: #1b1b1b; }
    h1 { font-size: 1.35rem; }
    section { background: #fff; border: 1px solid #e1e3e8; border-radius: 10px; padding: 0.8rem; margin-bottom: 1rem; }
    .name { font-weight: 700; font-size: 1.15rem; overflow-wrap: anywhere; }
    .sub { color: #555; font-size: 0.92rem; overflow-wrap: anywhere; }
    .offering { overflow-wrap: anywhere; }
  `;

  @property() token = '';
  @state() private meeting: TakeAlong | null = null;
  @state() private error = '';

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    const key = `bx-meeting:${this.token}`;
    try {
      this.meeting = await api.meeting(this.token);
      localStorage.setItem(key, JSON.stringify(this.meeting));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        localStorage.removeItem(key);
        this.error = err.message;
        return;
      }
      this.meeting = JSON.parse(localStorage.getItem(key) ?? 'null') as TakeAlong | null;
      if (!this.meeting) this.error = (err as Error).message;
    }
  }

  override render() {
    if (!this.meeting) return html`<main>${this.error ? html`<p role="alert">${this.error}</p>` : html`<p>Loading…</p>`}</main>`;
    const { people, talkingPoints } = this.meeting;
    const side = (me: TakeAlong['people']['a'], other: TakeAlong['people']['a'], points: TakeAlong['talkingPoints']['forA']) => html`<section>
      <div class="name"><bdi>${me.name}</bdi></div>
      <div class="sub">${[me.title, me.company].filter(Boolean).join(', ')}</div>
      <p class="offering">“<bdi>${me.offering}</bdi>”</p>
      <bx-talking-points .heading=${html`<bdi>${first(me.name)}</bdi>, with <bdi>${first(other.name)}</bdi>:`} .max=${5} .points=${points}></bx-talking-points>
    </section>`;
    return html`<main>
      <h1><bdi>${people.a.name}</bdi> and <bdi>${people.b.name}</bdi></h1>
      ${side(people.a, people.b, talkingPoints.forA)}
      ${side(people.b, people.a, talkingPoints.forB)}
    </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-meeting-page': BxMeetingPage;
  }
}
