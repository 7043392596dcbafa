import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, kioskApi, type ExchangeResult, type PublicCard, type TalkingPointView } from '../api.ts';
import { parseBadgePayload } from '../../server/domain/badge-payload.ts';
import { clip } from '../../server/domain/user-text.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../server/i18n/languages.ts';
import { language, LocaleController, setLanguage, t } from '../i18n.ts';
import { IdleResetController } from './idle-reset.ts';
import { offlineQueue } from './offline-queue.ts';
import { ScannerInputController } from './scanner-input.ts';
import { listCameras, type CameraInfo } from './camera-scanner.ts';
import { ReadBeep } from './read-beep.ts';
import { errorText } from './kiosk-errors.ts';
import { bdi, typed } from './isolated-text.ts';
import '../components/bx-language-switch.ts';
import './bx-attendee-card.ts';
import './bx-status-light.ts';
import './bx-talking-points.ts';

type Screen =
  | { kind: 'unpaired'; error: string; busy: boolean }
  | { kind: 'ready' }
  | { kind: 'first'; payload: string; token: string; card: PublicCard | null }
  | { kind: 'done'; result: ExchangeResult; tokens: [string, string] }
  | { kind: 'saved' };

// After a meeting the screen stays long enough to read; a lone first badge waits for its pair.
// (Attributes result-ms and first-badge-ms change them, for rehearsals and tests.)
const RESULT_MS = 20_000;
const FIRST_BADGE_MS = 30_000;
const SAVED_MS = 6_000;
const NOTICE_MS = 4_000;
const SYNC_EVERY_MS = 5_000;
// How long the camera frame says "✓ Dana" after a read, and "a little closer" after a hint.
const READ_MS = 1_500;
const HINT_MS = 1_200;

/**
 * What the meeting screen gives up, step by step, when it cannot show everything whole: talking
 * points first (the least useful go), then the cards' title and offering lines, and, on a phone
 * with a name a hundred letters long, a side's last point (the other side keeps its own). Type
 * never shrinks below the size readable from a step away.
 */
const FIT = [
  { points: 3, tight: false },
  { points: 2, tight: false },
  { points: 1, tight: false },
  { points: 1, tight: true },
  { points: 0, tight: true },
] as const;

/** The server is away (0) or could not save (a full disk answers 507): keep the meeting and send it again. */
const retryLater = (err: unknown) => err instanceof ApiError && (err.status === 0 || err.status >= 500);

// A sentence greets people by first name; one that is a hundred letters with no space is cut, as
// their card shows it whole.
const firstName = (name: string) => clip(name.trim().split(/\s+/)[0] ?? name, 24);

/** The language staff set for this kiosk, as last heard (kept, so an offline kiosk starts in it). */
const staffLanguage = (): Language => {
  const lang = kioskApi.settings().language;
  return isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
};

/**
 * The kiosk: two people tap their badges, it records the meeting and shows each of them what to
 * talk about. Reads badges by camera, USB scanner or NFC; keeps meetings in the browser when the
 * server is away and sends them when it is back. The camera's container is a light-DOM child
 * (slot "camera"), because the camera library looks it up by id.
 *
 * It speaks the language staff set for it; the people at it may switch for their meeting on the
 * idle screen, and it goes back to its own once the meeting is over. It never remembers their
 * choice: the next people are someone else.
 */
@customElement('bx-kiosk-app')
export class BxKioskApp extends LitElement {
  static override styles = css`
    /* --bx-t is the body text: 16 px on a phone, 20 px on a tablet or laptop, more on a big screen. */
    :host { --bx-t: 16px; display: grid; grid-template-rows: auto minmax(0, 1fr); height: 100vh; height: 100dvh; box-sizing: border-box;
      padding: 0.5rem 0.75rem 0.75rem; gap: 0.5rem; overflow: hidden;
      background: #0f2233; color: #fff; font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', sans-serif; font-size: var(--bx-t); }
    @media (min-width: 700px) and (min-height: 600px) { :host { --bx-t: 20px; padding: 0.75rem 1.25rem 1rem; gap: 0.75rem; } }
    @media (min-width: 1600px) and (min-height: 950px) { :host { --bx-t: 26px; } }
    header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.2rem 1rem; font-size: 0.85em; color: #c9d6e2; min-width: 0; }
    header .name { overflow-wrap: anywhere; }
    main { display: flex; flex-direction: column; gap: 0.6em; min-height: 0; min-width: 0; }
    main > * { flex: none; }
    .lead, .foot { display: grid; gap: 0.4em; justify-items: center; text-align: center; min-width: 0; }
    :host([screen='done']) .lead { flex: 1 1 0; min-height: 0; grid-template-rows: minmax(0, 1fr); justify-items: stretch; align-content: stretch; }
    :host([screen='done']) .lead.repeat { grid-template-rows: auto minmax(0, 1fr); }
    .big { font-size: 2em; line-height: 1.15; font-weight: 700; margin: 0; overflow-wrap: anywhere; }
    .sub { font-size: 1.1em; color: #dbe4ec; margin: 0; }
    .notice { font-size: 1.1em; text-align: center; background: #7a3b00; border-radius: 12px; padding: 0.5em 0.9em; margin: 0; }
    .hint { color: #b8c8d6; font-size: 0.85em; margin: 0; }
    /* The take-along QR sits beside Done, as small as a phone still reads from a step away. */
    .foot.with-qr { grid-auto-flow: column; justify-content: center; align-items: center; gap: 1.2em; }
    .take { display: flex; align-items: center; gap: 0.5em; margin: 0; }
    .take img { width: 64px; height: 64px; background: #fff; padding: 4px; border-radius: 6px; }
    .take figcaption { font-size: 0.8em; color: #b8c8d6; max-width: 6em; text-align: start; }
    /* A phone as a kiosk has no room to spare for it, and the people there hold phones anyway. */
    @media (max-width: 699px) { .take { display: none; } }
    .first-card { width: min(100%, 40em); }

    /* The camera: in the middle of the screen, where the words point, as big as the room allows. */
    .stage { flex: 1 1 0; min-height: 0; min-width: 0; display: grid; place-items: center; container-type: size; }
    /* It fills its room, from square (portrait tablets) to 4:3; the preview is cropped to fit, the decoding is not. */
    .camera { position: relative; width: 100%; height: 100%; max-width: calc(100cqh * 4 / 3); max-height: 100cqw; border-radius: 18px; overflow: hidden; background: #000;
      outline: 4px solid transparent; transition: outline-color 0.15s; }
    .camera.read { outline-color: #3ccf6e; }
    ::slotted([slot='camera']) { position: absolute; inset: 0; }
    .target { position: absolute; inset: 14% 18%; border: 4px dashed #ffd04d; border-radius: 16px; pointer-events: none; box-shadow: 0 0 0 100vmax #0005; }
    .aim { position: absolute; inset-inline: 0; bottom: 4%; margin: 0; text-align: center; font-size: 1.05em; font-weight: 700; pointer-events: none; }
    .aim span { background: #0f2233d9; border-radius: 999px; padding: 0.2em 0.8em; display: inline-block; max-width: calc(100% - 2em);
      box-sizing: border-box; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; vertical-align: bottom; }
    .aim.closer span { background: #7a3b00; }
    .aim.read span { background: #1d6b37; }
    /* On the meeting screen the camera keeps reading (the next pair may start) but gives its room to the names. */
    :host([screen='done']) .stage, :host([screen='saved']) .stage, :host([screen='unpaired']) .stage {
      position: fixed; width: 2px; height: 2px; opacity: 0; pointer-events: none; inset-inline-start: 0; bottom: 0; }
    :host([no-camera]) .stage { display: none; }
    :host([screen='saved']) main, :host([screen='unpaired']) main, :host([no-camera]) main { justify-content: center; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

    /* The meeting: both people, their points, Done. What gives when room is short is decided in fitMeeting(). */
    .pair { text-align: start; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.8em 1.2em; align-content: start; min-height: 0; overflow: hidden; }
    @media (max-width: 699px) { .pair { grid-template-columns: minmax(0, 1fr); } }
    .side { display: grid; gap: 0.5em; align-content: start; align-self: start; min-width: 0; }
    .met { text-align: center; font-size: 1.1em; color: #ffe29a; margin: 0; }
    button { font: inherit; font-size: 1.2em; font-weight: 700; min-height: 56px; min-width: 10em; border-radius: 14px; border: 0;
      background: #ffd04d; color: #1b1b1b; cursor: pointer; justify-self: center; padding: 0 1.5em; }
    button:focus-visible, input:focus-visible, select:focus-visible { outline: 4px solid #8fd0ff; outline-offset: 3px; }
    form { display: grid; gap: 0.8em; justify-items: center; align-content: center; }
    label { font-size: 1.1em; }
    input { font: inherit; font-size: 1.6em; text-align: center; letter-spacing: 0.15em; width: min(14em, 90%); padding: 0.4em; border-radius: 10px; border: 0; min-height: 48px; box-sizing: border-box; }
    .error { color: #ffc4ba; font-size: 1.05em; margin: 0; }
    select { font: inherit; font-size: 0.9em; min-height: 48px; margin-inline-start: 0.4rem; border-radius: 8px; }
    /* One tap per language under the camera, below what people aim at. */
    bx-language-switch { --bx-switch-size: 0.85em; }
  `;

  @property({ type: Number, attribute: 'result-ms' }) resultMs = RESULT_MS;
  @property({ type: Number, attribute: 'first-badge-ms' }) firstBadgeMs = FIRST_BADGE_MS;
  @state() private screen: Screen = kioskApi.token() ? { kind: 'ready' } : { kind: 'unpaired', error: '', busy: false };
  @state() private notice = '';
  @state() private offline = false;
  @state() private waiting = 0;
  @state() private cameras: CameraInfo[] = [];
  /** Staff switched the camera off (a scanner-only kiosk). */
  @state() private cameraOff = kioskApi.settings().camera === false;
  /** What the camera frame says: a badge just read, or that a code is seen but too small. */
  @state() private aim: { kind: 'read'; text: string } | { kind: 'closer' } | null = null;
  /** How much each side of the meeting screen (A, B) gave up to fit (steps of FIT). */
  @state() private fit: [number, number] = [0, 0];
  /** The kiosk's own language: staff's choice for it, else the event's. */
  private kioskLanguage: Language = staffLanguage();
  /** What the people at the kiosk picked for their meeting, until it is over; null: the kiosk's own. */
  private pickedLanguage: Language | null = null;

  private readonly scanner = new ScannerInputController(this, (text) => void this.onScan(text), (hint) => this.onHint(hint));
  private readonly idle = new IdleResetController(this, () => this.reset());
  private readonly beep = new ReadBeep();
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private aimTimer: ReturnType<typeof setTimeout> | undefined;
  private syncTimer: ReturnType<typeof setInterval> | undefined;
  // A rotated tablet or a resized window may hold more (or less): fit the meeting again.
  private readonly resized = new ResizeObserver(() => {
    if (this.screen.kind === 'done') this.fit = [0, 0];
  });

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    setLanguage(this.kioskLanguage);
    window.addEventListener('online', this.sync);
    this.syncTimer = setInterval(this.sync, SYNC_EVERY_MS);
    this.resized.observe(this);
    void this.sync();
    const code = new URLSearchParams(location.search).get('code');
    if (code && this.screen.kind === 'unpaired') void this.pair(code);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.sync);
    clearInterval(this.syncTimer);
    this.resized.disconnect();
  }

  override firstUpdated(): void {
    if (this.screen.kind !== 'unpaired') void this.startCamera();
  }

  protected override willUpdate(): void {
    // The stylesheet lays out each screen by this attribute (the camera's place above all).
    this.setAttribute('screen', this.screen.kind);
    this.toggleAttribute('no-camera', this.cameraOff);
  }

  protected override updated(): void {
    if (this.screen.kind === 'done') void this.fitMeeting();
  }

  /** The camera chosen on this tablet before, else the default one; then offer the others. */
  private async startCamera(): Promise<void> {
    if (this.cameraOff) return this.scanner.stopCamera();
    await this.scanner.startCamera('bx-camera', localStorage.getItem('bx-camera') ?? undefined);
    this.cameras = await listCameras().catch(() => []);
  }

  private async chooseCamera(id: string): Promise<void> {
    localStorage.setItem('bx-camera', id);
    await this.scanner.startCamera('bx-camera', id);
  }

  /**
   * Gives up room on the meeting screen until everything shown is whole (see FIT). The names and
   * Done always stay.
   */
  private async fitMeeting(): Promise<void> {
    const parts = [...this.renderRoot.querySelectorAll('bx-attendee-card, bx-talking-points')] as LitElement[];
    await Promise.all(parts.map((p) => p.updateComplete));
    const pair = this.renderRoot.querySelector('.pair');
    if (!pair || this.screen.kind !== 'done' || pair.scrollHeight <= pair.clientHeight + 1) return;
    const sides = [...pair.querySelectorAll('.side')].map((el) => el.getBoundingClientRect().height);
    const room = pair.clientHeight;
    const sideBySide = getComputedStyle(pair).gridTemplateColumns.split(' ').length > 1;
    // Side by side, each side that is too tall gives up a step; one above the other, the taller one
    // does (or the other, once the taller has nothing left to give).
    const give = sideBySide
      ? [0, 1].filter((i) => sides[i]! > room + 1)
      : [sides[0]! >= sides[1]! ? 0 : 1, sides[0]! >= sides[1]! ? 1 : 0].filter((i) => this.fit[i]! < FIT.length - 1).slice(0, 1);
    const next: [number, number] = [...this.fit];
    for (const i of give) next[i] = Math.min(next[i]! + 1, FIT.length - 1);
    if (next[0] !== this.fit[0] || next[1] !== this.fit[1]) this.fit = next;
  }

  private say(message: string): void {
    this.notice = message;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = ''), NOTICE_MS);
  }

  private quiet(): void {
    this.notice = '';
    clearTimeout(this.noticeTimer);
  }

  private show(aim: BxKioskApp['aim'], ms: number): void {
    this.aim = aim;
    clearTimeout(this.aimTimer);
    this.aimTimer = setTimeout(() => (this.aim = null), ms);
  }

  private onHint(hint: 'closer' | null): void {
    if (hint === 'closer' && this.aim?.kind !== 'read') this.show({ kind: 'closer' }, HINT_MS);
  }

  /** The meeting is over (Done, or nobody came back to it): idle again, in the kiosk's own language. */
  private reset(): void {
    this.idle.disarm();
    // The next pair starts clean: no "Badge read" flash left from the meeting's second badge.
    this.aim = null;
    clearTimeout(this.aimTimer);
    this.pickedLanguage = null;
    setLanguage(this.kioskLanguage);
    if (this.screen.kind !== 'unpaired') this.screen = { kind: 'ready' };
  }

  /** Idle again with the meeting not begun: a language picked for it stays, until nobody comes. */
  private backToIdle(): void {
    this.screen = { kind: 'ready' };
    if (this.pickedLanguage) this.idle.arm(this.firstBadgeMs);
    else this.idle.disarm();
  }

  /** The people at the kiosk picked a language for their meeting. */
  private pickLanguage(lang: Language): void {
    this.pickedLanguage = lang === this.kioskLanguage ? null : lang;
    setLanguage(lang);
    if (this.screen.kind === 'ready') this.backToIdle();
  }

  /** Staff set another language for this kiosk: it shows at once unless people are mid-meeting or picked their own. */
  private followStaffLanguage(lang: Language): void {
    if (lang === this.kioskLanguage) return;
    this.kioskLanguage = lang;
    const between = this.screen.kind === 'ready' || this.screen.kind === 'unpaired';
    if (between && !this.pickedLanguage) setLanguage(lang);
  }

  private async pair(code: string): Promise<void> {
    this.screen = { kind: 'unpaired', error: '', busy: true };
    try {
      await kioskApi.pair(code);
      this.cameraOff = kioskApi.settings().camera === false;
      this.followStaffLanguage(staffLanguage());
      this.screen = { kind: 'ready' };
      await this.updateComplete;
      void this.startCamera();
    } catch (err) {
      this.screen = { kind: 'unpaired', error: errorText(err), busy: false };
    }
  }

  /** A badge was read, by whatever means. */
  private async onScan(text: string): Promise<void> {
    const screen = this.screen;
    if (screen.kind === 'unpaired') return;
    const parsed = parseBadgePayload(text);
    if (!parsed.ok) {
      this.say(t('kiosk.error.notBadge'));
      return;
    }
    // The two people still reading their meeting may lower and raise their badges: not a new pair.
    if (screen.kind === 'done' && screen.tokens.includes(parsed.token)) return;
    this.beep.play();
    this.show({ kind: 'read', text: t('kiosk.aim.read') }, READ_MS);
    if (screen.kind === 'first' && parsed.token === screen.token) {
      this.say(t('kiosk.error.sameBadge'));
      this.idle.arm(this.firstBadgeMs);
      return;
    }
    // A good badge: a refusal of the one before no longer applies, and left up for its seconds it
    // would sit over the greeting or the meeting as if this badge had been refused.
    this.quiet();
    if (screen.kind === 'first') {
      await this.exchange(screen, text.trim(), parsed.token);
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
      if (this.screen.kind === 'first' && this.screen.token === token) {
        this.screen = { ...this.screen, card };
        this.show({ kind: 'read', text: `✓ ${firstName(card.name)}` }, READ_MS);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) {
        // Offline: take the badge anyway; the server checks it when the meeting syncs.
        this.offline = true;
        return;
      }
      this.refused(err);
      if (this.screen.kind === 'first') this.backToIdle();
    }
  }

  private async exchange(first: Extract<Screen, { kind: 'first' }>, b: string, token: string): Promise<void> {
    const key = crypto.randomUUID();
    const a = first.payload;
    try {
      const result = await kioskApi.exchange(a, b, key, language());
      this.offline = false;
      this.fit = [0, 0];
      this.screen = { kind: 'done', result, tokens: [first.token, token] };
      this.idle.arm(this.resultMs);
    } catch (err) {
      if (retryLater(err)) {
        this.offline = (err as ApiError).status === 0;
        await offlineQueue.add({ key, a, b, at: new Date().toISOString(), language: language() });
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
      this.screen = { kind: 'unpaired', error: t('kiosk.pair.unpaired'), busy: false };
      return;
    }
    this.say(errorText(err));
  }

  /** Sends meetings kept offline, each exactly once thanks to its idempotency key; picks up what staff changed. */
  private sync = async (): Promise<void> => {
    if (!kioskApi.token()) return;
    const pending = await offlineQueue.all();
    this.waiting = pending.length;
    for (const e of pending) {
      try {
        await kioskApi.exchange(e.a, e.b, e.key, e.language);
        this.offline = false;
        await offlineQueue.remove(e.key);
      } catch (err) {
        if (retryLater(err)) {
          this.offline = (err as ApiError).status === 0;
          break;
        }
        // The server refused it for good (a revoked badge, say): retrying would not help.
        await offlineQueue.remove(e.key);
      }
    }
    this.waiting = (await offlineQueue.all()).length;
    await this.refreshSettings();
  };

  private async refreshSettings(): Promise<void> {
    try {
      const settings = await kioskApi.refreshSettings(this.waiting);
      this.offline = false;
      if (isLanguage(settings.language)) this.followStaffLanguage(settings.language);
      const off = settings.camera === false;
      if (off === this.cameraOff) return;
      this.cameraOff = off;
      await this.updateComplete;
      if (this.screen.kind !== 'unpaired') void this.startCamera();
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) this.offline = true;
      else if (err instanceof ApiError && err.status === 401) this.refused(err);
    }
  }

  /** The words above the camera (or the whole screen, where there is no camera to show). */
  private renderLead() {
    const s = this.screen;
    switch (s.kind) {
      case 'unpaired':
        return html`<form class="lead" @submit=${(e: Event) => {
            e.preventDefault();
            const input = this.renderRoot.querySelector('input');
            void this.pair(input?.value ?? '');
          }}>
          <h1 class="big">${t('kiosk.pair.title')}</h1>
          <label for="code">${t('kiosk.pair.codeLabel')}</label>
          <input id="code" autocomplete="off" autocapitalize="characters" placeholder="ABCD-EFGH" required />
          ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
          <button type="submit" ?disabled=${s.busy}>${s.busy ? t('kiosk.pair.busy') : t('kiosk.pair.submit')}</button>
        </form>`;
      case 'ready':
        return html`<div class="lead"><h1 class="big">${t('kiosk.idle.title')}</h1>
          <p class="sub">${this.cameraOff ? t('kiosk.idle.scanner') : t('kiosk.idle.camera')}</p></div>`;
      case 'first':
        return html`<div class="lead">
            ${s.card ? html`<bx-attendee-card class="first-card" compact .card=${s.card}></bx-attendee-card>` : nothing}
            <h1 class="big">${s.card ? bdi(t('kiosk.first.greeting', { name: typed(firstName(s.card.name)) })) : t('kiosk.first.read')}</h1>
          </div>`;
      case 'saved':
        return html`<div class="lead"><h1 class="big">${t('kiosk.saved.title')}</h1>
          <p class="sub">${t('kiosk.saved.body')}</p></div>`;
      case 'done': {
        const { people, talkingPoints, exchange } = s.result;
        const a = firstName(people.a.name);
        const b = firstName(people.b.name);
        const side = (card: PublicCard, heading: TemplateResult, list: TalkingPointView[], fit: number) =>
          html`<section class="side">
            <bx-attendee-card compact ?tight=${FIT[fit]!.tight} .card=${card}></bx-attendee-card>
            <bx-talking-points .heading=${heading} .max=${FIT[fit]!.points} .points=${list}></bx-talking-points>
          </section>`;
        return html`<div class="lead ${exchange.count > 1 ? 'repeat' : ''}">
          <h1 class="visually-hidden">${bdi(t('kiosk.meeting.heading', { a: typed(people.a.name), b: typed(people.b.name) }))}</h1>
          ${exchange.count > 1 ? html`<p class="met">${t('kiosk.meeting.metBefore', { count: exchange.count })}</p>` : nothing}
          <div class="pair">
            ${side(people.a, html`${bdi(t('kiosk.meeting.pointsFor', { name: typed(a), other: typed(b) }))}`, talkingPoints.forA, this.fit[0])}
            ${side(people.b, html`${bdi(t('kiosk.meeting.pointsFor', { name: typed(b), other: typed(a) }))}`, talkingPoints.forB, this.fit[1])}
          </div>
        </div>`;
      }
    }
  }

  private renderFoot() {
    const s = this.screen;
    if (s.kind === 'done') {
      // The meeting on a phone: the QR opens a page with just this meeting (/m/<token>).
      const token = s.result.takeAlongUrl?.split('/m/')[1];
      return html`<div class="foot ${token ? 'with-qr' : ''}">
        ${token ? html`<figure class="take"><img src="/api/meetings/${token}/qr.svg" alt=${t('kiosk.meeting.qrAlt')} width="64" height="64" /><figcaption>${t('kiosk.meeting.takeAlong')}</figcaption></figure>` : nothing}
        <button @click=${() => this.reset()}>${t('kiosk.meeting.done')}</button></div>`;
    }
    if (s.kind === 'unpaired') return nothing;
    const error = this.cameraOff ? '' : this.scanner.cameraError;
    return html`<div class="foot">
      ${s.kind === 'ready'
        ? html`<bx-language-switch label=${t('kiosk.idle.language')} @bx-language=${(e: CustomEvent<Language>) => this.pickLanguage(e.detail)}></bx-language-switch>`
        : nothing}
      ${error ? html`<p class="hint" role="status">${t('kiosk.camera.none', { reason: error })}</p>` : html`<p class="hint">${this.cameraOff ? t('kiosk.idle.nfc') : t('kiosk.idle.usb')}</p>`}
      ${this.cameras.length > 1 && !this.cameraOff
        ? html`<label class="hint">${t('kiosk.idle.cameraChoice')}
            <select @change=${(e: Event) => this.chooseCamera((e.target as HTMLSelectElement).value)}>
              ${this.cameras.map((c, i) => html`<option value=${c.id} ?selected=${c.id === localStorage.getItem('bx-camera')}>${c.label || t('kiosk.camera.numbered', { number: i + 1 })}</option>`)}
            </select></label>`
        : nothing}
    </div>`;
  }

  /** What a screen reader says when the screen changes (the live region itself never moves). */
  private announcement(): string {
    const s = this.screen;
    switch (s.kind) {
      case 'first':
        return s.card ? t('kiosk.first.greetingSpoken', { name: firstName(s.card.name) }) : t('kiosk.first.readSpoken');
      case 'done': {
        const { people, exchange } = s.result;
        const names = { a: people.a.name, b: people.b.name };
        return exchange.count > 1 ? t('kiosk.meeting.spokenAgain', { ...names, count: exchange.count }) : t('kiosk.meeting.spoken', names);
      }
      case 'saved':
        return t('kiosk.saved.spoken');
      default:
        return '';
    }
  }

  private renderAim() {
    const aim = this.aim;
    if (aim?.kind === 'read') return html`<p class="aim read"><span>${aim.text}</span></p>`;
    if (aim?.kind === 'closer') return html`<p class="aim closer"><span>${t('kiosk.aim.closer')}</span></p>`;
    return html`<p class="aim"><span>${this.screen.kind === 'first' ? t('kiosk.aim.other') : t('kiosk.aim.hold')}</span></p>`;
  }

  override render() {
    return html`
      <header><span class="name"><bdi>${kioskApi.name() || 'Badge Exchange'}</bdi></span><bx-status-light ?offline=${this.offline} .waiting=${this.waiting}></bx-status-light></header>
      <main>
        <p class="visually-hidden" role="status">${this.announcement()}</p>
        <div role="alert">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
        ${this.renderLead()}
        <div class="stage" aria-hidden="true">
          <div class="camera ${this.aim?.kind === 'read' ? 'read' : ''}">
            <slot name="camera"></slot>
            <div class="target"></div>
            ${this.renderAim()}
          </div>
        </div>
        ${this.renderFoot()}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-kiosk-app': BxKioskApp;
  }
}
