import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, badgesUrl, lastTemplate, printBadges, type BadgeTemplateInfo, type PrintQuery } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';

type Which = 'all' | 'unprinted' | 'search';

/**
 * Batch printing: choose the stock and which badges (everyone, those not printed yet, or those
 * matching a search), preview (marks nothing), then print: download the PDF or ZPL, or open the
 * browser's print view, each a POST that marks them printed.
 */
@customElement('bx-print-panel')
export class BxPrintPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      form { max-width: 40rem; }
      select { font: inherit; padding: 0.5rem; min-height: 44px; width: 100%; border-radius: 6px; border: 1px solid #8a8f98; }
      fieldset { border: 0; padding: 0; margin: 1rem 0 0; }
      legend { font-weight: 600; margin-bottom: 0.3rem; }
      .choice { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; margin: 0.35rem 0; }
      .choice input[type='radio'] { width: 1.2rem; height: 1.2rem; }
      .count { font-size: 1.1rem; font-weight: 600; margin: 1rem 0; }
      .actions { display: flex; gap: 0.75rem; flex-wrap: wrap; }
      a.button { display: inline-flex; align-items: center; min-height: 44px; padding: 0 1rem; border-radius: 6px; font-weight: 600;
        text-decoration: none; border: 1px solid #1a5fd0; background: #1a5fd0; color: #fff; }
      a.button.secondary { background: #fff; color: #1a5fd0; }
      /* Nothing to print: not clickable, and out of the tab order too (tabindex -1). */
      a.button[aria-disabled='true'] { opacity: 0.5; pointer-events: none; }
    `,
  ];

  @state() private templates: BadgeTemplateInfo[] = [];
  @state() private template = '';
  @state() private which: Which = 'unprinted';
  @state() private q = '';
  @state() private count: number | null = null;
  @state() private error = '';
  @state() private downloaded = '';
  private countTimer: ReturnType<typeof setTimeout> | undefined;

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    try {
      this.templates = await api.badgeTemplates();
      const last = lastTemplate.get();
      this.template = this.templates.some((t) => t.name === last) ? last! : this.templates[0]?.name ?? '';
      await this.recount();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private get query(): PrintQuery {
    return { template: this.template, unprinted: this.which === 'unprinted', q: this.which === 'search' ? this.q : undefined };
  }

  private async recount() {
    try {
      const { total } = await api.attendees(this.which === 'search' ? this.q : '', 1, this.which === 'unprinted' ? { printed: false } : {});
      this.count = total;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private change(update: () => void) {
    update();
    this.downloaded = '';
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => void this.recount(), 150);
  }

  /** The deliberate print: the file downloads (the print view opens in a tab) and those badges are marked printed. */
  private print(format: 'pdf' | 'html' | 'zpl') {
    printBadges(format, this.query, format === 'html' ? '_blank' : '_self');
    this.downloaded = format === 'html' ? 'The print view opened in a new tab. Those badges are now marked printed.' : 'Downloading. Those badges are now marked printed.';
    setTimeout(() => void this.recount(), 1500);
  }

  override render() {
    const chosen = this.templates.find((t) => t.name === this.template);
    const none = !this.count;
    const pages = chosen && this.count ? Math.ceil(this.count / chosen.perPage) : 0;
    return html`
      <h2>Print badges</h2>
      <form @submit=${(e: Event) => e.preventDefault()}>
        <label for="template">Badge stock</label>
        <select id="template" .value=${this.template}
          @change=${(e: Event) => this.change(() => { this.template = (e.target as HTMLSelectElement).value; lastTemplate.set(this.template); })}>
          ${this.templates.map((t) => html`<option value=${t.name} ?selected=${t.name === this.template}>${t.label}</option>`)}
        </select>
        <fieldset>
          <legend>Which badges</legend>
          ${([['unprinted', 'Not printed yet'], ['all', 'Everyone'], ['search', 'Those matching a search']] as [Which, string][]).map(
            ([value, label]) => html`<label class="choice"><input type="radio" name="which" value=${value} .checked=${this.which === value}
              @change=${() => this.change(() => (this.which = value))} />${label}</label>`,
          )}
          ${this.which === 'search'
            ? html`<label for="q" class="visually-hidden">Search</label>
                <input id="q" type="search" placeholder="Name, company, offering…" .value=${this.q}
                  @input=${(e: InputEvent) => this.change(() => (this.q = (e.target as HTMLInputElement).value))} />`
            : nothing}
        </fieldset>
      </form>
      <p class="count" aria-live="polite">${this.count === null ? '' : `${this.count} ${this.count === 1 ? 'badge' : 'badges'}${pages ? `, ${pages} ${pages === 1 ? 'page' : 'pages'}` : ''}`}</p>
      <div class="actions">
        <a class="button secondary" target="_blank" aria-disabled=${none} tabindex=${none ? '-1' : nothing} href=${badgesUrl('pdf', { ...this.query, preview: true })}>Preview</a>
        <button ?disabled=${none} @click=${() => this.print('pdf')}>Download PDF</button>
        <button class="secondary" ?disabled=${none} @click=${() => this.print('html')}>Print from the browser</button>
        ${chosen?.zpl ? html`<button class="secondary" ?disabled=${none} @click=${() => this.print('zpl')}>Download ZPL</button>` : nothing}
      </div>
      <div role="status">${this.downloaded ? html`<p>${this.downloaded}</p>` : nothing}</div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-print-panel': BxPrintPanel;
  }
}
