import { LitElement, html, css, nothing } from 'lit';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import QRCode from 'qrcode';
import { customElement, state } from 'lit/decorators.js';
import { api, formErrors, type ProfileInput, type TopicView } from '../api.ts';
import { emptyProfile } from '../components/bx-profile-form.ts';
import '../components/bx-profile-form.ts';

type View =
  | { kind: 'loading' }
  | { kind: 'closed'; event: string }
  | { kind: 'form'; event: string; value: ProfileInput }
  | { kind: 'done'; name: string; profileUrl?: string; qr?: string; mailed?: boolean }
  | { kind: 'mailed'; message: string }
  | { kind: 'failed'; message: string };

/** Self-registration at /register; the personal link it hands out opens bx-me-app. */
@customElement('bx-register-app')
export class BxRegisterApp extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 40rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    h1 { font-size: 1.6rem; margin-bottom: 0.25rem; }
    .lead { color: #444; margin-top: 0; }
    .done { background: #e6f4ea; border-radius: 8px; padding: 1rem 1.2rem; }
    .done h1:focus { outline: none; }
    .link { font-family: ui-monospace, monospace; word-break: break-all; font-size: 0.85rem; color: #333; }
    a.button { display: inline-flex; align-items: center; min-height: 48px; padding: 0 1.2rem; border-radius: 6px; background: #1a5fd0; color: #fff; font-weight: 600; text-decoration: none; }
    .qr { width: 160px; height: 160px; background: #fff; }
    .qr svg { width: 100%; height: 100%; }
  `;

  @state() private view: View = { kind: 'loading' };
  @state() private errors: Record<string, string> = {};
  @state() private busy = false;
  @state() private topics: TopicView[] = [];
  private readonly propose = async (text: string, side: 'offering' | 'need') => (await api.proposeTopics(text, side)).topics;

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    // Topics are optional: a page that cannot load them still registers people.
    api.topics().then((r) => (this.topics = r.topics), () => {});
    try {
      const event = await api.event();
      this.view = event.registrationOpen ? { kind: 'form', event: event.name, value: emptyProfile() } : { kind: 'closed', event: event.name };
    } catch (err) {
      this.view = { kind: 'failed', message: (err as Error).message };
    }
  }

  private async submit(input: ProfileInput) {
    this.busy = true;
    this.errors = {};
    try {
      const saved = await api.register(input);
      if (!('name' in saved)) {
        this.view = { kind: 'mailed', message: saved.message };
        return;
      }
      // The link as a QR too, to open it on the phone when registering on a tablet at the desk.
      const qr = await QRCode.toString(saved.profileUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      this.view = { kind: 'done', name: saved.name, profileUrl: saved.profileUrl, qr, mailed: saved.mailed };
    } catch (err) {
      this.errors = formErrors(err);
    } finally {
      this.busy = false;
    }
  }

  override updated(changed: Map<string, unknown>): void {
    // The form and its button are gone once saved: the focus goes to the thanks, which a screen
    // reader then reads, instead of falling back to the top of the page.
    if (changed.has('view') && (this.view.kind === 'done' || this.view.kind === 'mailed')) this.renderRoot.querySelector<HTMLElement>('.done h1')?.focus();
  }

  override render() {
    return html`<main>${this.renderView()}</main>`;
  }

  private renderView() {
    const v = this.view;
    switch (v.kind) {
      case 'loading':
        return html`<p>Loading…</p>`;
      case 'failed':
        return html`<p role="alert">${v.message}</p>`;
      case 'closed':
        return html`<h1>${v.event}</h1><p>Self-registration is closed. Please ask at the registration desk.</p>`;
      case 'done':
        return html`<div class="done" role="status">
          <h1 tabindex="-1">Thank you, ${v.name}!</h1>
          <p>You are registered. Pick up your badge at the registration desk.</p>
          ${v.profileUrl
            ? html`<p>Your own page shows the people you meet, their talking points and whom to meet next${v.mailed ? '; we have also mailed you the link' : ''}.</p>
                <p><a class="button" href=${v.profileUrl}>Open my page</a></p>
                ${v.qr ? html`<div class="qr" role="img" aria-label="QR code of your page's link, to open it on your phone">${unsafeSVG(v.qr)}</div>` : nothing}
                <p class="link">${v.profileUrl}</p>`
            : nothing}
        </div>`;
      case 'mailed':
        return html`<div class="done" role="status"><h1 tabindex="-1">Check your mail</h1><p>${v.message}</p></div>`;
      case 'form':
        return html`
          <h1>Register · ${v.event}</h1>
          <p class="lead">Your badge shows your name, company and your offering in one line. Your needs help the people you meet
            find something to talk about; only those you meet see them.</p>
          <bx-profile-form .value=${v.value} .errors=${this.errors} ?busy=${this.busy} .topicCatalog=${this.topics} .propose=${this.propose}
            submit-label="Register"
            @bx-profile-submit=${(e: CustomEvent<ProfileInput>) => this.submit(e.detail)}></bx-profile-form>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-register-app': BxRegisterApp;
  }
}
