import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, type ImportResult } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';

/**
 * CSV import with a preview: choose a file, see what will be created, updated and refused (and
 * which columns were understood), then import. Nothing is written until staff confirm.

 */
@customElement('bx-import-panel')
export class BxImportPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
      th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #e1e3e8; }
      .summary { font-size: 1.1rem; font-weight: 600; }
      .refused td { color: #b3261e; }
      .ok { background: #e6f4ea; padding: 0.6rem 0.8rem; border-radius: 6px; }
      .columns { color: #555; font-size: 0.9rem; }
      .pager { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    `,
  ];

  @state() private file: File | null = null;
  @state() private preview: ImportResult | null = null;
  @state() private done: ImportResult | null = null;
  @state() private error = '';
  @state() private busy = false;

  private async choose(file: File | undefined) {
    this.file = file ?? null;
    this.preview = this.done = null;
    this.error = '';
    if (file) await this.showPage(0);
  }

  /** A big file's preview comes a page at a time: the file is read again for each page, nothing is written. */
  private async showPage(offset: number) {
    if (!this.file) return;
    this.busy = true;
    try {
      this.preview = await api.importCsv(this.file, true, offset);
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private async confirmImport() {
    if (!this.file) return;
    this.busy = true;
    try {
      this.done = await api.importCsv(this.file, false);
      this.preview = null;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  /** "Rows 101–200 of 20,000" and the buttons to the pages beside it, when the file has more than one page. */
  private renderPager(p: ImportResult) {
    const total = Math.max(p.previewTotal, p.errorsTotal);
    if (total <= p.limit) return nothing;
    const last = Math.min(p.offset + p.limit, total);
    return html`<p class="pager">Showing rows ${(p.offset + 1).toLocaleString('en')}–${last.toLocaleString('en')} of each list
      <button class="secondary" ?disabled=${this.busy || p.offset === 0} @click=${() => this.showPage(Math.max(0, p.offset - p.limit))}>Previous ${p.limit}</button>
      <button class="secondary" ?disabled=${this.busy || last >= total} @click=${() => this.showPage(p.offset + p.limit)}>Next ${p.limit}</button></p>`;
  }

  private renderRefused(p: ImportResult, heading: string) {
    return p.errors.length
      ? html`<h3>${heading}</h3>
          <table class="refused"><thead><tr><th>Row</th><th>Why</th></tr></thead>
          <tbody>${p.errors.map((e) => html`<tr><td>${e.row}</td><td>${e.message}</td></tr>`)}</tbody></table>
          ${p.errorsTotal > p.errors.length && p.dryRun === false
            ? html`<p>… and ${(p.errorsTotal - p.errors.length).toLocaleString('en')} more: download them all below.</p>`
            : nothing}
          <button class="secondary" ?disabled=${this.busy} @click=${() => this.downloadRefused()}>Download the ${p.errorsTotal.toLocaleString('en')} refused ${p.errorsTotal === 1 ? 'row' : 'rows'} (CSV)</button>`
      : nothing;
  }

  /** Every refused row of the chosen file, row number and reason, as a CSV to fix the file by. */
  private async downloadRefused() {
    if (!this.file) return;
    try {
      const blob = await api.refusedRowsCsv(this.file);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `refused-rows-${this.file.name.replace(/\.csv$/i, '')}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private renderPreview(p: ImportResult) {
    const understood = p.columns.filter((c) => c.field).map((c) => c.header);
    const ignored = p.columns.filter((c) => !c.field).map((c) => c.header);
    return html`
      <p class="summary" aria-live="polite">${p.created.toLocaleString('en')} to create, ${p.updated.toLocaleString('en')} to update,
        ${p.errorsTotal.toLocaleString('en')} refused${p.incomplete ? html`; ${p.incomplete.toLocaleString('en')} will have an incomplete profile` : nothing}.</p>
      <p class="columns">Columns used: ${understood.join(', ')}${ignored.length ? html`. Ignored: ${ignored.join(', ')}` : nothing}.</p>
      ${this.renderPager(p)}
      ${this.renderRefused(p, 'Refused rows (the others will still be imported)')}
      ${p.preview.length
        ? html`<table><thead><tr><th>Row</th><th>Action</th><th>Name</th><th>Email</th><th>Profile</th></tr></thead>
            <tbody>${p.preview.map(
              (r) => html`<tr><td>${r.row}</td><td>${r.action === 'create' ? 'Create' : 'Update'}</td><td>${r.name}</td><td>${r.email}</td>
                <td>${r.complete ? 'Complete' : html`<span class="tag">Incomplete</span>`}</td></tr>`,
            )}</tbody></table>
          ${this.renderPager(p)}
          <button @click=${this.confirmImport} ?disabled=${this.busy}>Import ${(p.created + p.updated).toLocaleString('en')} ${p.created + p.updated === 1 ? 'row' : 'rows'}</button>`
        : html`<p>No row can be imported.</p>`}
    `;
  }

  override render() {
    return html`
      <h2>Import attendees from a CSV</h2>
      <p>Exports from pretix, Eventbrite and similar work as they are (comma or semicolon separated, UTF-8). Our own columns:
        Name, Email (optional), Company, Title, Offering, Need 1, Need 2, Need 3, Goal, Share email, Digest. A known email updates that person.</p>
      <label for="file">CSV file</label>
      <input id="file" type="file" accept=".csv,text/csv" @change=${(e: Event) => this.choose((e.target as HTMLInputElement).files?.[0])} />
      <div role="status">${this.busy ? html`<p>Reading…</p>` : nothing}</div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.preview ? this.renderPreview(this.preview) : nothing}
      <div role="status">${this.done
        ? html`<p class="ok">Imported: ${this.done.created.toLocaleString('en')} created, ${this.done.updated.toLocaleString('en')} updated,
            ${this.done.errorsTotal.toLocaleString('en')} refused.</p>`
        : nothing}</div>
      ${this.done ? this.renderRefused(this.done, 'Refused rows (not imported: fix them in the file and import it again)') : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-import-panel': BxImportPanel;
  }
}
