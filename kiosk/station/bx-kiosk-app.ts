import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, kioskApi, type ExchangeResult, type PublicCard } from '../api.ts';
import { parseBadgePayload } from '../../server/domain/badge-payload.ts';
import { IdleResetController } from './idle-reset.ts';
import { offlineQueue } from './offline-queue.ts';
import { ScannerInputController } from './scanner-input.ts';
import { listCameras, type CameraInfo } from './camera-scanner.ts';
import './bx-attendee-card.ts';
import './bx-status-light.ts';
import './bx-talking-points.ts';

type Screen =
  | { kind: 'unpaired'; error: string; busy: boolean }
  | { kind: 'ready' }
  | { kind: 'first'; payload: string; token: string; card: PublicCard | null }
  | { kind: 'done'; result: ExchangeResult }
  | { kind: 'saved' };

// After a meeting the screen stays long enough to read; a lone first badge waits for its pair.
// (Attributes result-ms and first-badge-ms change them, for rehearsals and tests.)
const RESULT_MS = 20_000;
const FIRST_BADGE_MS = 30_000;
const SAVED_MS = 6_000;
const NOTICE_MS = 4_000;
const SYNC_EVERY_MS = 5_000;

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/**
 * The kiosk: two people tap their badges, it records the meeting and shows each of them what to
 * talk about. Reads badges by camera, USB scanner or NFC; keeps meetings in the browser when the
 * server is away and sends them when it is back. The camera's container is a light-DOM child
 * (slot "camera"), because the camera library looks it up by id.
 */
@customElement('bx-kiosk-app')
export class BxKioskApp extends LitElement {
  static override styles = css`
    :host { display: grid; grid-template-rows: auto 1fr auto; height: 100vh; box-sizing: border-box; padding: 1rem 1.5rem;
      background: #0f2233; color: #fff; font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', sans-serif; }
    header { display: flex; justify-content: space-between; align-items: center; font-size: 1.1rem; color: #c9d6e2; }
    main { display: grid; align-content: center; gap: 1rem; min-height: 0; overflow: hidden; }
    .big { font-size: 3rem; font-weight: 700; text-align: center; margin: 0; }
    .sub { font-size: 1.5rem; text-align: center; color: #c9d6e2; margin: 0; }
    .notice { font-size: 1.5rem; text-align: center; background: #7a3b00; border-radius: 12px; padding: 0.8rem 1rem; }
    .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; align-items: start; }
    .side { display: grid; gap: 0.8rem; }
    .met { text-align: center; font-size: 1.4rem; color: #ffe29a; margin: 0; }
    .first { max-width: 44rem; margin: 0 auto; width: 100%; }
    button { font: inherit; font-size: 1.6rem; font-weight: 700; min-height: 64px; min-width: 12rem; border-radius: 14px; border: 0;
      background: #ffd04d; color: #1b1b1b; cursor: pointer; justify-self: center; padding: 0 2rem; }
    button:focus-visible, input:focus-visible { outline: 4px solid #8fd0ff; outline-offset: 3px; }
    form { display: grid; gap: 1rem; justify-items: center; }
    label { font-size: 1.6rem; }
    input { font: inherit; font-size: 2rem; text-align: center; letter-spacing: 0.15em; width: 14rem; padding: 0.5rem; border-radius: 10px; border: 0; }
    .error { color: #ffb4a8; font-size: 1.3rem; }
    footer { display: flex; justify-content: space-between; align-items: end; gap: 1rem; min-height: 0; }
    .hint { max-width: 40%; text-align: right; }
    ::slotted([slot='camera']) { width: 320px; max-width: 30vw; border-radius: 12px; overflow: hidden; background: #000; }
    .hint { color: #9fb3c6; font-size: 1rem; }
    select { font: inherit; font-size: 1rem; min-height: 44px; margin-left: 0.4rem; border-radius: 8px; }
  `;

  @property({ type: Number, attribute: 'result-ms' }) resultMs = RESULT_MS;
  @property({ type: Number, attribute: 'first-badge-ms' }) firstBadgeMs = FIRST_BADGE_MS;
  @state() private screen: Screen = kioskApi.token() ? { kind: 'ready' } : { kind: 'unpaired', error: '', busy: false };
  @state() private notice = '';
  @state() private offline = false;
  @state() private waiting = 0;
  @state() private cameras: CameraInfo[] = [];

  private readonly scanner = new ScannerInputController(this, (text) => void this.onScan(text));
  private readonly idle = new IdleResetController(this, () => this.reset());
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private syncTimer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.sync);
    this.syncTimer = setInterval(this.sync, SYNC_EVERY_MS);
    void this.sync();
    const code = new URLSearchParams(location.search).get('code');
    if (code && this.screen.kind === 'unpaired') void this.pair(code);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.sync);
    clearInterval(this.syncTimer);
  }

  override firstUpdated(): void {
    if (this.screen.kind !== 'unpaired') void this.startCamera();
  }

  /** The camera chosen on this tablet before, else the back camera; then offer the others. */
  private async startCamera(): Promise<void> {
    await this.scanner.startCamera('bx-camera', localStorage.getItem('bx-camera') ?? undefined);
    this.cameras = await listCameras().catch(() => []);
  }

  private async chooseCamera(id: string): Promise<void> {
    localStorage.setItem('bx-camera', id);
    await this.scanner.startCamera('bx-camera', id);
  }

  private say(message: string): void {
    this.notice = message;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = ''), NOTICE_MS);
  }

  private reset(): void {
    this.idle.disarm();
    if (this.screen.kind !== 'unpaired') this.screen = { kind: 'ready' };
  }

  private async pair(code: string): Promise<void> {
    this.screen = { kind: 'unpaired', error: '', busy: true };
    try {
      await kioskApi.pair(code);
      this.screen = { kind: 'ready' };
      await this.updateComplete;
      void this.startCamera();
    } catch (err) {
      this.screen = { kind: 'unpaired', error: (err as Error).message, busy: false };
    }
  }

  /** A badge was read, by whatever means. */
  private async onScan(text: string): Promise<void> {
    const screen = this.screen;
    if (screen.kind === 'unpaired') return;
    const parsed = parseBadgePayload(text);
    if (!parsed.ok) {
      this.say('That is not a badge from this event.');
      return;
    }
    if (screen.kind === 'first') {
      if (parsed.token === screen.token) {
        this.say('That is the same badge. Now the other person’s badge, please.');
        this.idle.arm(this.firstBadgeMs);
        return;
      }
      await this.exchange(screen.payload, text.trim());
      return;
    }
    await this.firstBadge(text.trim(), parsed.token);
  }

  private async firstBadge(payload: string, token: string): Promise<void> {
    this.screen = { kind: 'first', payload, token, card: null };
    this.idle.arm(this.firstBadgeMs);
    try {
      const card = await kioskApi.scan(payload);
      this.offline = false;
      if (this.screen.kind === 'first' && this.screen.token === token) this.screen = { ...this.screen, card };
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) {
        // Offline: take the badge anyway; the server checks it when the meeting syncs.
        this.offline = true;
        return;
      }
      this.refused(err);
      this.reset();
    }
  }

  private async exchange(a: string, b: string): Promise<void> {
    const key = crypto.randomUUID();
    try {
      const result = await kioskApi.exchange(a, b, key);
      this.offline = false;
      this.screen = { kind: 'done', result };
      this.idle.arm(this.resultMs);
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) {
        this.offline = true;
        await offlineQueue.add({ key, a, b, at: new Date().toISOString() });
        this.waiting = (await offlineQueue.all()).length;
        this.screen = { kind: 'saved' };
        this.idle.arm(SAVED_MS);
        return;
      }
      // The second badge was refused: keep the first, wait for a good second one.
      this.refused(err);
      this.idle.arm(this.firstBadgeMs);
    }
  }

  private refused(err: unknown): void {
    if (err instanceof ApiError && err.status === 401) {
      kioskApi.forget();
      void this.scanner.stopCamera();
      this.screen = { kind: 'unpaired', error: 'This kiosk was unpaired. Ask staff for a new pairing code.', busy: false };
      return;
    }
    this.say(err instanceof Error ? err.message : String(err));
  }

  /** Sends meetings kept offline; each exactly once, thanks to its idempotency key. */
  private sync = async (): Promise<void> => {
    if (!kioskApi.token()) return;
    const pending = await offlineQueue.all();
    this.waiting = pending.length;
    for (const e of pending) {
      try {
        await kioskApi.exchange(e.a, e.b, e.key);
        this.offline = false;
        await offlineQueue.remove(e.key);
      } catch (err) {
        if (err instanceof ApiError && err.status === 0) {
          this.offline = true;
          break;
        }
        // The server refused it for good (a revoked badge, say): retrying would not help.
        await offlineQueue.remove(e.key);
      }
    }
    this.waiting = (await offlineQueue.all()).length;
  };

  private renderMain() {
    const s = this.screen;
    switch (s.kind) {
      case 'unpaired':
        return html`<form @submit=${(e: Event) => {
            e.preventDefault();
            const input = this.renderRoot.querySelector('input');
            void this.pair(input?.value ?? '');
          }}>
          <p class="big">Pair this kiosk</p>
          <label for="code">Pairing code from the staff console</label>
          <input id="code" autocomplete="off" autocapitalize="characters" placeholder="ABCD-EFGH" required />
          ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
          <button type="submit" ?disabled=${s.busy}>${s.busy ? 'Pairing…' : 'Pair'}</button>
        </form>`;
      case 'ready':
        return html`<p class="big">Tap your badges</p><p class="sub">Hold one badge up to the camera, then the other.</p>`;
      case 'first':
        return html`<div class="first">
            ${s.card ? html`<bx-attendee-card .card=${s.card}></bx-attendee-card>` : nothing}
          </div>
          <p class="big">${s.card ? `Hi ${firstName(s.card.name)} — now the other badge` : 'Badge read — now the other badge'}</p>`;
      case 'saved':
        return html`<p class="big">Saved — will sync</p><p class="sub">The server cannot be reached; this meeting is kept here and sent when it is back.</p>`;
      case 'done': {
        const { people, talkingPoints, exchange } = s.result;
        const a = firstName(people.a.name);
        const b = firstName(people.b.name);
        return html`
          ${exchange.count > 1 ? html`<p class="met">You’ve met before — this is meeting number ${exchange.count}.</p>` : nothing}
          <div class="pair">
            <div class="side">
              <bx-attendee-card compact .card=${people.a}></bx-attendee-card>
              <bx-talking-points heading="${a}, with ${b}:" .points=${talkingPoints.forA}></bx-talking-points>
            </div>
            <div class="side">
              <bx-attendee-card compact .card=${people.b}></bx-attendee-card>
              <bx-talking-points heading="${b}, with ${a}:" .points=${talkingPoints.forB}></bx-talking-points>
            </div>
          </div>
          <button @click=${() => this.reset()}>Done</button>`;
      }
    }
  }

  override render() {
    return html`
      <header><span>${kioskApi.name() || 'Badge Exchange'}</span><bx-status-light ?offline=${this.offline} .waiting=${this.waiting}></bx-status-light></header>
      <main aria-live="polite">${this.notice ? html`<p class="notice" role="alert">${this.notice}</p>` : nothing}${this.renderMain()}</main>
      <footer>
        <slot name="camera"></slot>
        ${this.cameras.length > 1
          ? html`<label class="hint">Camera
              <select @change=${(e: Event) => this.chooseCamera((e.target as HTMLSelectElement).value)}>
                ${this.cameras.map((c) => html`<option value=${c.id} ?selected=${c.id === localStorage.getItem('bx-camera')}>${c.label || c.id}</option>`)}
              </select></label>`
          : nothing}
        <span class="hint">${this.scanner.cameraError || (this.screen.kind === 'unpaired' ? '' : 'A USB scanner works too: just scan.')}</span>
      </footer>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-kiosk-app': BxKioskApp;
  }
}
