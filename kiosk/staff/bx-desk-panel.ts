import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { api, deskPrinter, formErrors, printBadges, type BadgeTemplateInfo, type DeskPrinter, type StaffAttendee } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';

// The window the badge PDFs open in: one tab, reused for each person, so the desk's screen does
// not fill with tabs. Opened in the click itself, so no popup blocker stops it.
const BADGE_WINDOW = 'bx-desk-badge';

interface Draft {
  name: string;
  company: string;
  offering: string;
  needs: [string, string, string];
  email: string;
  shareEmail: boolean;
  /** May be suggested to people here whose needs their offering meets; off until ticked. */
  suggest: boolean;
}

const emptyDraft = (): Draft => ({ name: '', company: '', offering: '', needs: ['', '', ''], email: '', shareEmail: false, suggest: false });

/**
 * The walk-up desk: one short form (name, offering, needs, email optional), and on Save the
 * person is registered and their badge prints at once, on the desk's Zebra printer or as a PDF
 * opened for the browser's print dialog. Then the form is empty for the next person. Where it
 * prints is set once per device.
 */
@customElement('bx-desk-panel')
export class BxDeskPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      :host { display: block; max-width: 46rem; }
      h2 { margin: 0 0 0.25rem; }
      .two { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
      .needs { display: grid; gap: 0.4rem; }
      .consent { display: flex; gap: 0.6rem; align-items: center; font-weight: 400; min-height: 44px; margin: 0.4rem 0; }
      .consent input { width: 1.3rem; height: 1.3rem; }
      .note { background: #fff6e0; border-radius: 6px; padding: 0.5rem 0.75rem; margin-top: 0.4rem; }
      .done { background: #e6f4ea; border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0.75rem 0; }
      .actions { display: flex; gap: 0.75rem; margin-top: 1rem; flex-wrap: wrap; }
      .actions button[type='submit'] { flex: 1; min-height: 56px; font-size: 1.15rem; }
      details { margin: 0.5rem 0 1rem; background: #fff; border: 1px solid #e1e3e8; border-radius: 8px; padding: 0.5rem 0.9rem; }
      summary { cursor: pointer; min-height: 44px; display: flex; align-items: center; }
      fieldset { border: 0; padding: 0; margin: 0; }
      legend { font-weight: 600; margin: 0.9rem 0 0.25rem; padding: 0; }
      select { font: inherit; padding: 0.5rem; min-height: 48px; width: 100%; border-radius: 6px; border: 1px solid #8a8f98; background: #fff; }
      .counter { color: #555; font-size: 0.85rem; text-align: right; }
      @media (max-width: 600px) {
        .two { grid-template-columns: 1fr; }
      }
    `,
  ];

  @state() private draft: Draft = emptyDraft();
  @state() private errors: Record<string, string> = {};
  @state() private busy = false;
  @state() private done = '';
  @state() private printError = '';
  @state() private lastPerson: StaffAttendee | null = null;
  @state() private templates: BadgeTemplateInfo[] = [];
  @state() private printer: DeskPrinter = deskPrinter.get() ?? { kind: 'pdf', address: '', template: '' };
  /** The printer settings are open until this device has chosen a printer once. */
  @state() private printerOpen = deskPrinter.get() === null;
  @query('#desk-name') private nameInput!: HTMLInputElement;
  /** When the first key of this person was typed, to say how long a registration took. */
  private startedAt: number | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    api.badgeTemplates().then(
      (list) => {
        this.templates = list;
        this.fixTemplate();
      },
      (err: Error) => (this.printError = err.message),
    );
  }

  protected override firstUpdated(_changed: PropertyValues): void {
    this.nameInput?.focus();
  }

  /** Keeps the chosen stock one that the chosen printer can print. */
  private fixTemplate() {
    const usable = this.usableTemplates();
    if (!usable.some((t) => t.name === this.printer.template)) this.setPrinter({ template: usable[0]?.name ?? '' });
  }

  private usableTemplates() {
    return this.printer.kind === 'zebra' ? this.templates.filter((t) => t.zpl) : this.templates;
  }

  private setPrinter(changes: Partial<DeskPrinter>) {
    this.printer = { ...this.printer, ...changes };
    deskPrinter.set(this.printer);
    if (changes.kind) this.fixTemplate();
  }

  private set<K extends keyof Draft>(key: K, value: Draft[K]) {
    this.startedAt ??= performance.now();
    this.draft = { ...this.draft, [key]: value };
  }

  private setNeed(i: number, text: string) {
    const needs = [...this.draft.needs] as Draft['needs'];
    needs[i] = text;
    this.set('needs', needs);
  }

  private async save(e: Event) {
    e.preventDefault();
    if (this.busy) return;
    const d = this.draft;
    const email = d.email.trim();
    // Open the badge's tab now, inside the click: a tab opened after the save's await is a popup.
    const tab = this.printer.kind === 'pdf' ? window.open('about:blank', BADGE_WINDOW) : null;
    this.busy = true;
    this.errors = {};
    this.done = this.printError = '';
    let person: StaffAttendee;
    try {
      person = await api.createAttendee({
        name: d.name.trim(), email, company: d.company.trim(), title: '', offering: d.offering.replace(/\s+/g, ' ').trim(),
        needs: d.needs.map((n) => n.trim()).filter(Boolean), goal: '', shareEmail: Boolean(email) && d.shareEmail, digest: Boolean(email), suggest: d.suggest,
        offeringTopics: [], needTopics: [],
      });
    } catch (err) {
      this.errors = formErrors(err);
      tab?.close();
      this.busy = false;
      return;
    }
    const seconds = this.startedAt === null ? null : Math.round((performance.now() - this.startedAt) / 1000);
    this.lastPerson = person;
    // The next person starts on an empty form whatever the printer does.
    this.draft = emptyDraft();
    this.startedAt = null;
    await this.print(person);
    if (!this.printError) this.done = `${person.name} is registered${seconds === null ? '' : ` (${seconds} s)`}: ${this.where(person)}`;
    this.busy = false;
    await this.updateComplete;
    this.nameInput.focus();
  }

  private where(person: StaffAttendee) {
    return this.printer.kind === 'zebra' ? `badge sent to the printer at ${this.printer.address}.` : `${person.name}'s badge opened for printing.`;
  }

  private async print(person: StaffAttendee) {
    this.printError = '';
    try {
      if (this.printer.kind === 'zebra') {
        await api.printToPrinter({ template: this.printer.template, ids: [person.id], printer: this.printer.address });
      } else {
        printBadges('pdf', { template: this.printer.template, ids: [person.id], inline: true }, BADGE_WINDOW);
      }
    } catch (err) {
      this.printError = `${person.name} is registered, but the badge did not print: ${(err as Error).message}`;
    }
  }

  private field(key: 'name' | 'company' | 'email' | 'offering', label: string, opts: { type?: string; max: number; autocomplete?: string; help?: string }) {
    const err = this.errors[key];
    const id = `desk-${key}`;
    return html`
      <label for=${id}>${label}${opts.help ? html`<span class="help" id="${id}-help">${opts.help}</span>` : nothing}</label>
      <input id=${id} type=${opts.type ?? 'text'} .value=${this.draft[key]} maxlength=${opts.max} autocomplete=${opts.autocomplete ?? 'off'}
        aria-invalid=${err ? 'true' : 'false'} aria-describedby="${opts.help ? `${id}-help` : ''} ${err ? `${id}-error` : ''}"
        @input=${(e: InputEvent) => this.set(key, (e.target as HTMLInputElement).value)} />
      ${err ? html`<div class="error" id="${id}-error">${err}</div>` : nothing}`;
  }

  private renderPrinter() {
    const p = this.printer;
    const summary = p.kind === 'zebra' ? `Zebra printer ${p.address || '(no address yet)'}` : 'PDF, printed from this browser';
    return html`<details ?open=${this.printerOpen} @toggle=${(e: Event) => (this.printerOpen = (e.target as HTMLDetailsElement).open)}>
      <summary>Prints to: ${summary} · ${p.template || '…'}</summary>
      <fieldset>
        <legend class="visually-hidden">Where badges print</legend>
        <label class="consent"><input type="radio" name="printer" .checked=${p.kind === 'pdf'} @change=${() => this.setPrinter({ kind: 'pdf' })} />
          PDF: the badge opens in a tab for the print dialog (Chrome started with --kiosk-printing prints it without one)</label>
        <label class="consent"><input type="radio" name="printer" .checked=${p.kind === 'zebra'} @change=${() => this.setPrinter({ kind: 'zebra' })} />
          Zebra label printer on the network (ZPL)</label>
      </fieldset>
      ${p.kind === 'zebra'
        ? html`<label for="desk-printer">Printer address</label>
            <input id="desk-printer" type="text" placeholder="192.168.1.50 or 192.168.1.50:9100" .value=${p.address}
              @change=${(e: Event) => this.setPrinter({ address: (e.target as HTMLInputElement).value.trim() })} />`
        : nothing}
      <label for="desk-template">Badge stock</label>
      <select id="desk-template" .value=${p.template} @change=${(e: Event) => this.setPrinter({ template: (e.target as HTMLSelectElement).value })}>
        ${this.usableTemplates().map((t) => html`<option value=${t.name} ?selected=${t.name === p.template}>${t.label}</option>`)}
      </select>
    </details>`;
  }

  override render() {
    const d = this.draft;
    const noEmail = d.email.trim() === '';
    return html`
      <h2>Walk-up desk</h2>
      ${this.renderPrinter()}
      <div role="status">
        ${this.done ? html`<p class="done">✓ ${this.done}</p>` : nothing}
      </div>
      ${this.printError
        ? html`<p class="error" role="alert">${this.printError}
            ${this.lastPerson ? html`<button class="secondary" @click=${() => this.print(this.lastPerson!)}>Print again</button>` : nothing}</p>`
        : nothing}
      <form @submit=${this.save} novalidate>
        <div class="two">
          <div>${this.field('name', 'Name', { max: 100, autocomplete: 'name' })}</div>
          <div>${this.field('company', 'Company (optional)', { max: 100, autocomplete: 'organization' })}</div>
        </div>
        ${this.field('offering', 'Offering, in one line', { max: 120, help: 'What they offer, short and concrete: it is printed on the badge.' })}
        <div class="counter">${d.offering.length}/120</div>
        <fieldset>
          <legend>Needs (one to three)
            <span class="help">What are they looking for? What isn't working as smoothly as they'd like?</span></legend>
          <div class="needs">
            ${d.needs.map((n, i) => html`<input type="text" aria-label="Need ${i + 1}" maxlength="160" .value=${n}
              aria-invalid=${this.errors.needs && i === 0 ? 'true' : 'false'}
              @input=${(e: InputEvent) => this.setNeed(i, (e.target as HTMLInputElement).value)} />`)}
          </div>
          ${this.errors.needs ? html`<div class="error">${this.errors.needs}</div>` : nothing}
        </fieldset>
        ${this.field('email', 'Email (optional)', { type: 'email', max: 254, autocomplete: 'email' })}
        ${noEmail
          ? html`<p class="note">No email: they get a badge and can meet people, but no digest after the event.</p>`
          : html`<label class="consent"><input type="checkbox" .checked=${d.shareEmail} @change=${(e: Event) => this.set('shareEmail', (e.target as HTMLInputElement).checked)} />
              Share their email with the people they meet</label>
              <p class="help">They get the digest of the people they met after the event.</p>`}
        <label class="consent"><input type="checkbox" .checked=${d.suggest} @change=${(e: Event) => this.set('suggest', (e.target as HTMLInputElement).checked)} />
          Suggest them to people here whose needs their offering meets</label>
        ${this.errors._ ? html`<div class="error" role="alert">${this.errors._}</div>` : nothing}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Saving…' : 'Save and print badge'}</button>
          <button type="button" class="secondary" @click=${() => { this.draft = emptyDraft(); this.errors = {}; this.startedAt = null; this.nameInput.focus(); }}>Clear</button>
        </div>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-desk-panel': BxDeskPanel;
  }
}
