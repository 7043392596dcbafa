import { LitElement, html, css, nothing } from 'lit';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import QRCode from 'qrcode';
import { customElement, state } from 'lit/decorators.js';
import { api, ApiError, formErrors, type ProfileInput } from '../api.ts';
import { emptyProfile } from '../components/bx-profile-form.ts';
import type { Language } from '../../server/i18n/languages.ts';
import { chooseLanguage, language, LocaleController, preferredLanguage, setLanguage, t } from '../i18n.ts';
import { isolate } from '../../server/domain/user-text.ts';
import { own, pageError, withWords } from './page-text.ts';
import '../components/bx-profile-form.ts';
import '../components/bx-language-switch.ts';
import { TopicCatalog } from './topic-catalog.ts';

type View =
  | { kind: 'loading' }
  | { kind: 'closed'; event: string }
  | { kind: 'form'; event: string; value: ProfileInput }
  | { kind: 'done'; name: string; profileUrl?: string; qr?: string; mailed?: boolean }
  | { kind: 'mailed'; email: string }
  | { kind: 'failed'; error: unknown };

/**
 * Self-registration at /register, in the visitor's language (the browser's, or the one they
 * pick at the top, remembered on this device); the person is registered with it, so their
 * mails and own page speak it too. The personal link it hands out opens bx-me-app.
 */
@customElement('bx-register-app')
export class BxRegisterApp extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 40rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    header { --bx-switch-size: 0.85rem; margin-bottom: 0.5rem; }
    h1 { font-size: 1.6rem; margin-bottom: 0.25rem; overflow-wrap: anywhere; }
    .lead { color: #444; margin-top: 0; }
    .done { background: #e6f4ea; border-radius: 8px; padding: 1rem 1.2rem; }
    .done h1:focus { outline: none; }
    .link { font-family: ui-monospace, monospace; word-break: break-all; font-size: 0.85rem; color: #333; direction: ltr; text-align: start; }
    a.button { display: inline-flex; align-items: center; min-height: 48px; padding: 0 1.2rem; border-radius: 6px; background: #1a5fd0; color: #fff; font-weight: 600; text-decoration: none; }
    .qr { width: 160px; height: 160px; background: #fff; }
    .qr svg { width: 100%; height: 100%; }
  `;

  @state() private view: View = { kind: 'loading' };
  @state() private errors: Record<string, string> = {};
  @state() private busy = false;
  readonly #topics = new TopicCatalog(this);
  private readonly propose = async (text: string, side: 'offering' | 'need') => (await api.proposeTopics(text, side, language())).topics;

  constructor() {
    super();
    new LocaleController(this);
  }

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    setLanguage(preferredLanguage());
    try {
      const event = await api.event();
      this.view = event.registrationOpen ? { kind: 'form', event: event.name, value: emptyProfile() } : { kind: 'closed', event: event.name };
    } catch (err) {
      this.view = { kind: 'failed', error: err };
    }
  }

  private async submit(input: ProfileInput) {
    this.busy = true;
    this.errors = {};
    try {
      const saved = await api.register({ ...input, language: language() });
      if (!('name' in saved)) {
        this.view = { kind: 'mailed', email: saved.email };
        return;
      }
      // The link as a QR too, to open it on the phone when registering on a tablet at the desk.
      const qr = await QRCode.toString(saved.profileUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      this.view = { kind: 'done', name: saved.name, profileUrl: saved.profileUrl, qr, mailed: saved.mailed };
    } catch (err) {
      if (err instanceof ApiError && err.code === 'registration_closed' && this.view.kind === 'form') this.view = { kind: 'closed', event: this.view.event };
      else {
        const errors = formErrors(err);
        this.errors = '_' in errors ? { _: pageError(err) } : errors;
      }
    } finally {
      this.busy = false;
    }
  }

  override updated(changed: Map<string, unknown>): void {
    // The form and its button are gone once saved: the focus goes to the thanks, which a screen
    // reader then reads, instead of falling back to the top of the page.
    if (changed.has('view') && (this.view.kind === 'done' || this.view.kind === 'mailed')) this.renderRoot.querySelector<HTMLElement>('.done h1')?.focus();
    const v = this.view;
    if (v.kind === 'form' || v.kind === 'closed') document.title = t('pages.title.register', { event: isolate(v.event) });
  }

  override render() {
    return html`<header><bx-language-switch label=${t('pages.language')} @bx-language=${(e: CustomEvent<Language>) => chooseLanguage(e.detail)}></bx-language-switch></header>
      <main>${this.renderView()}</main>`;
  }

  private renderView() {
    const v = this.view;
    switch (v.kind) {
      case 'loading':
        return html`<p>${t('pages.loading')}</p>`;
      case 'failed':
        return html`<p role="alert">${pageError(v.error)}</p>`;
      case 'closed':
        return html`<h1 dir="auto">${v.event}</h1><p>${t('pages.register.closed')}</p>`;
      case 'done':
        return html`<div class="done" role="status">
          <h1 tabindex="-1">${withWords(t('pages.register.thanks', { name: own(v.name) }))}</h1>
          <p>${t('pages.register.registered')}</p>
          ${v.profileUrl
            ? html`<p>${v.mailed ? t('pages.register.ownPageMailed') : t('pages.register.ownPage')}</p>
                <p><a class="button" href=${v.profileUrl}>${t('pages.register.openPage')}</a></p>
                ${v.qr ? html`<div class="qr" role="img" aria-label=${t('pages.register.qr')}>${unsafeSVG(v.qr)}</div>` : nothing}
                <p class="link">${v.profileUrl}</p>`
            : nothing}
        </div>`;
      case 'mailed':
        return html`<div class="done" role="status"><h1 tabindex="-1">${t('pages.register.checkMail')}</h1>
          <p>${withWords(t('pages.register.mailedAgain', { email: own(v.email) }))}</p></div>`;
      case 'form':
        return html`
          <h1>${withWords(t('pages.register.heading', { event: own(v.event) }))}</h1>
          <p class="lead">${t('pages.register.lead')}</p>
          <bx-profile-form .value=${v.value} .errors=${this.errors} ?busy=${this.busy} .topicCatalog=${this.#topics.topics} .propose=${this.propose}
            submit-label=${t('pages.register.submit')}
            @bx-profile-submit=${(e: CustomEvent<ProfileInput>) => this.submit(e.detail)}></bx-profile-form>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-register-app': BxRegisterApp;
  }
}
