import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, formErrors, type EventInfo, type EventSettings } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';
import { emit } from '../events.ts';
import { DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, type Language } from '../../server/i18n/languages.ts';

// The send window's hours as typed ('' for none), turned into digestWindow on saving.
type Form = Required<Pick<EventInfo, 'name' | 'date' | 'endDate' | 'timeZone' | 'venue' | 'organizerName' | 'organizerEmail' | 'language'>> & { digestFrom: string; digestUntil: string };

const toForm = (e: EventSettings): Form => ({
  name: e.name, date: e.date, endDate: e.endDate ?? '', timeZone: e.timeZone ?? '', venue: e.venue ?? '',
  organizerName: e.organizerName ?? '', organizerEmail: e.organizerEmail, language: e.language ?? DEFAULT_LANGUAGE,
  digestFrom: e.digestWindow ? String(e.digestWindow.from) : '', digestUntil: e.digestWindow ? String(e.digestWindow.until) : '',
});

/** Both hours empty: any time; otherwise both as numbers (the server says which one is wrong). */
function toChanges({ digestFrom, digestUntil, ...rest }: Form): Partial<EventInfo> {
  const digestWindow = digestFrom === '' && digestUntil === '' ? null : { from: digestFrom === '' ? NaN : Number(digestFrom), until: digestUntil === '' ? NaN : Number(digestUntil) };
  return { ...rest, digestWindow };
}

// The console stays English: each language by its own name, and in English where that differs.
const IN_ENGLISH: Record<Language, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish', ar: 'Arabic' };
const languageLabel = (lang: Language) => (LANGUAGE_NAMES[lang] === IN_ENGLISH[lang] ? IN_ENGLISH[lang] : `${LANGUAGE_NAMES[lang]} (${IN_ENGLISH[lang]})`);

// Every zone the browser knows, offered as the organizer types ("Eur…" → Europe/Berlin, …).
const TIME_ZONES: string[] = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];

/**
 * The event's facts (name, dates, time zone, venue, organizer), whether attendees may register
 * themselves at /register, the CSV exports, staff sessions, and the purge after the event.
 */
@customElement('bx-settings-panel')
export class BxSettingsPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      .switch { display: flex; gap: 0.7rem; align-items: center; font-weight: 600; margin: 1rem 0; }
      .switch input { width: 1.4rem; height: 1.4rem; }
      form { max-width: 36rem; }
      select { box-sizing: border-box; width: 100%; min-height: 48px; font: inherit; padding: 0.55rem 0.65rem;
        border: 1px solid #8a8f98; border-radius: 6px; background: #fff; color: #111; }
      .two { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
      .warning { background: #fff6e0; border-radius: 6px; padding: 0.6rem 0.8rem; max-width: 36rem; }
      .actions { margin-top: 1rem; }
      fieldset { border: 1px solid #e1e3e8; border-radius: 6px; margin: 1rem 0 0; padding: 0.4rem 0.8rem 0.6rem; }
      legend { font-weight: 600; padding: 0 0.3rem; }
      .exports { flex-wrap: wrap; }
      input[type='date'] { box-sizing: border-box; width: 100%; min-height: 48px; font: inherit; padding: 0.55rem 0.65rem;
        border: 1px solid #8a8f98; border-radius: 6px; background: #fff; color: #111; }
      a.button { display: inline-flex; align-items: center; min-height: 44px; padding: 0 1rem; border-radius: 6px; font-weight: 600;
        text-decoration: none; border: 1px solid #1a5fd0; color: #1a5fd0; }
      @media (max-width: 600px) { .two { grid-template-columns: 1fr; } }
    `,
  ];

  @state() private event: EventSettings | null = null;
  @state() private form: Form | null = null;
  @state() private fieldErrors: Record<string, string> = {};
  @state() private message = '';
  @state() private error = '';
  @state() private purgeConfirm = '';

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    try {
      this.event = await api.eventSettings();
      this.form = toForm(this.event);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async change(changes: Partial<EventInfo>, done: string) {
    this.message = this.error = '';
    try {
      const saved = await api.updateEvent(changes);
      this.event = saved;
      emit(this, 'bx-event-saved', { name: saved.name, timeZone: saved.timeZone ?? '' });
      this.message = done;
      this.fieldErrors = {};
      return true;
    } catch (err) {
      this.fieldErrors = formErrors(err);
      this.error = (err as Error).message;
      return false;
    }
  }

  private field(key: keyof Form, label: string, opts: { type?: string; max?: number; help?: string; list?: string; placeholder?: string } = {}) {
    const err = this.fieldErrors[key];
    const id = `event-${key}`;
    return html`<label for=${id}>${label}${opts.help ? html`<span class="help">${opts.help}</span>` : nothing}</label>
      <input id=${id} type=${opts.type ?? 'text'} maxlength=${opts.max ?? 200} list=${opts.list ?? nothing} placeholder=${opts.placeholder ?? ''}
        .value=${this.form![key]} aria-invalid=${err ? 'true' : 'false'}
        @input=${(e: InputEvent) => (this.form = { ...this.form!, [key]: (e.target as HTMLInputElement).value })} />
      ${err ? html`<div class="error">${err}</div>` : nothing}`;
  }

  private languageField() {
    const err = this.fieldErrors.language;
    return html`<label for="event-language">Language of the event<span class="help">Kiosks and mails use it unless the kiosk or the person has
        their own (people imported from a spreadsheet often have none).</span></label>
      <select id="event-language" .value=${this.form!.language} aria-invalid=${err ? 'true' : 'false'}
        @change=${(e: Event) => (this.form = { ...this.form!, language: (e.target as HTMLSelectElement).value as Language })}>
        ${LANGUAGES.map((lang) => html`<option value=${lang} ?selected=${lang === this.form!.language}>${languageLabel(lang)}</option>`)}
      </select>
      ${err ? html`<div class="error">${err}</div>` : nothing}`;
  }

  private renderEventForm() {
    const f = this.form!;
    return html`<form @submit=${(e: Event) => {
        e.preventDefault();
        const trimmed = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.trim()])) as Form;
        void this.change(toChanges(trimmed), 'Event settings saved.').then((ok) => ok && this.event && (this.form = toForm(this.event)));
      }}>
      ${this.field('name', 'Event name', { max: 120 })}
      <div class="two">
        <div>${this.field('date', 'Date', { type: 'date' })}</div>
        <div>${this.field('endDate', 'Last day (several days only)', { type: 'date' })}</div>
      </div>
      <div class="two">
        <div>${this.field('timeZone', 'Time zone', { list: 'time-zones', placeholder: 'Europe/Berlin', max: 60, help: 'Every time in the console, pages, mails and exports is shown in it.' })}
          <datalist id="time-zones">${TIME_ZONES.map((tz) => html`<option value=${tz}></option>`)}</datalist></div>
        <div>${this.field('venue', 'Venue', { placeholder: 'Harbour Hall, Pier 3' })}</div>
      </div>
      <div class="two">
        <div>${this.languageField()}</div>
      </div>
      <div class="two">
        <div>${this.field('organizerName', 'Organizer name', { max: 100 })}</div>
        <div>${this.field('organizerEmail', 'Organizer email', { type: 'email', max: 254, help: 'Digests come from it; replies and unsubscribes go to it.' })}</div>
      </div>
      <fieldset>
        <legend>Digests go out between <span class="help">hours 0–23 in the event's time zone; leave both empty for any time. A test copy goes at any time.</span></legend>
        <div class="two">
          <div>${this.field('digestFrom', 'From (hour)', { type: 'number', max: 2, placeholder: '9' })}</div>
          <div>${this.field('digestUntil', 'Until (hour)', { type: 'number', max: 2, placeholder: '20' })}</div>
        </div>
        ${this.fieldErrors.digestWindow ? html`<div class="error">${this.fieldErrors.digestWindow}</div>` : nothing}
      </fieldset>
      <div class="actions"><button type="submit">Save event settings</button></div>
    </form>`;
  }

  override render() {
    if (!this.event || !this.form) return html`<p>${this.error || 'Loading…'}</p>`;
    const open = this.event.registrationOpen;
    return html`
      <h2>Settings</h2>
      <label class="switch"><input type="checkbox" id="registration-open" .checked=${open}
        @change=${(e: Event) => {
          const on = (e.target as HTMLInputElement).checked;
          void this.change({ registrationOpen: on }, on ? 'Self-registration is open at /register.' : 'Self-registration is closed.');
        }} />
        Self-registration at /register is ${open ? 'open' : 'closed'}</label>
      ${this.event.senderProblem ? html`<p class="warning">${this.event.senderProblem}</p>` : nothing}
      ${this.renderEventForm()}
      <h3>Exports</h3>
      <p>Spreadsheets (CSV, UTF-8) that open cleanly in Excel, Numbers and Sheets.</p>
      <div class="row exports">
        <a class="button" href="/api/exports/attendees.csv" download>Attendees (consents, badge printed, meetings)</a>
        <a class="button" href="/api/exports/meetings.csv" download>Meetings (emails only where shared)</a>
      </div>
      <h3>Staff sessions</h3>
      <p>A lost tablet or a borrowed laptop still signed in? End every staff session, this one too; everyone signs in again with the admin token.</p>
      <button class="danger" @click=${() => {
          if (!confirm('Sign out every staff device, this one too?')) return;
          void api.signOutEverywhere().then(() => location.reload(), (err: Error) => (this.error = err.message));
        }}>Sign out everywhere</button>
      <h3>After the event</h3>
      <form @submit=${(e: Event) => {
          e.preventDefault();
          if (!confirm('Erase every attendee, meeting and digest record for good?')) return;
          void api.purge(this.purgeConfirm).then(
            (r) => { this.message = `Erased ${r.erased} people and everything about them.`; this.error = ''; this.purgeConfirm = ''; },
            (err: Error) => { this.error = err.message; this.message = ''; },
          );
        }}>
        <label for="purge">Purge all personal data: type the event name, "${this.event.name}"</label>
        <div class="row">
          <input id="purge" type="text" .value=${this.purgeConfirm} @input=${(e: InputEvent) => (this.purgeConfirm = (e.target as HTMLInputElement).value)} />
          <button type="submit" class="danger" ?disabled=${this.purgeConfirm.trim() !== this.event.name}>Purge</button>
        </div>
      </form>
      <div role="status">${this.message ? html`<p>${this.message}</p>` : nothing}</div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-settings-panel': BxSettingsPanel;
  }
}
