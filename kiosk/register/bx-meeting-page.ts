import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, ApiError, type TakeAlong } from '../api.ts';
import type { Language } from '../../server/i18n/languages.ts';
import { chooseLanguage, language, LocaleController, preferredLanguage, setLanguage, t } from '../i18n.ts';
import { own, pageError, pageList, withWords } from './page-text.ts';
import '../components/bx-language-switch.ts';
import '../station/bx-talking-points.ts';

const first = (name: string) => name.trim().split(/\s+/)[0] ?? name;
// No more points a side than the kiosk's meeting screen shows (the server sends no more either).
const KIOSK_POINTS = 3;

/**
 * One meeting, taken along from the kiosk's QR (/m/<token>): both cards and both sets of talking
 * points, nothing the kiosk screen did not show, in the phone's language (or the one picked at
 * the top). Kept on the phone once opened, for offline reading.
 */
@customElement('bx-meeting-page')
export class BxMeetingPage extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 40rem; margin: 0 auto; padding: 1rem; --bx-points-heading: #1b1b1b; }
    header { --bx-switch-size: 0.85rem; }
    h1 { font-size: 1.35rem; overflow-wrap: anywhere; }
    section { background: #fff; border: 1px solid #e1e3e8; border-radius: 10px; padding: 0.8rem; margin-bottom: 1rem; }
    .name { font-weight: 700; font-size: 1.15rem; overflow-wrap: anywhere; }
    .sub { color: #555; font-size: 0.92rem; overflow-wrap: anywhere; }
    .offering { overflow-wrap: anywhere; }
  `;

  @property() token = '';
  @state() private meeting: TakeAlong | null = null;
  @state() private error = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    setLanguage(preferredLanguage());
    void this.load();
  }

  /** The meeting with its points in the page's language; the copy on the phone when the network is gone. */
  private async load() {
    const key = `bx-meeting:${this.token}`;
    try {
      this.meeting = await api.meeting(this.token, language());
      this.error = '';
      localStorage.setItem(key, JSON.stringify(this.meeting));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        localStorage.removeItem(key);
        this.meeting = null;
        this.error = t('pages.meeting.gone');
        return;
      }
      this.meeting ??= JSON.parse(localStorage.getItem(key) ?? 'null') as TakeAlong | null;
      if (!this.meeting) this.error = pageError(err);
    }
  }

  private pickLanguage(lang: Language) {
    chooseLanguage(lang);
    void this.load();
  }

  override render() {
    const top = html`<header><bx-language-switch label=${t('pages.language')} @bx-language=${(e: CustomEvent<Language>) => this.pickLanguage(e.detail)}></bx-language-switch></header>`;
    if (!this.meeting) return html`${top}<main>${this.error ? html`<p role="alert">${this.error}</p>` : html`<p>${t('pages.loading')}</p>`}</main>`;
    const { people, talkingPoints } = this.meeting;
    const side = (me: TakeAlong['people']['a'], other: TakeAlong['people']['a'], points: TakeAlong['talkingPoints']['forA']) => html`<section>
      <div class="name"><bdi>${me.name}</bdi></div>
      <div class="sub" dir="auto">${pageList([me.title, me.company])}</div>
      <p class="offering">${withWords(t('pages.quoted', { text: own(me.offering) }))}</p>
      <bx-talking-points .heading=${html`${withWords(t('pages.meeting.pointsHeading', { me: own(first(me.name)), other: own(first(other.name)) }))}`} .max=${KIOSK_POINTS} .points=${points}></bx-talking-points>
    </section>`;
    return html`${top}<main>
      <h1>${withWords(t('pages.meeting.heading', { a: own(people.a.name), b: own(people.b.name) }))}</h1>
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
