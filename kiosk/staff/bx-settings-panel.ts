import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, type EventInfo } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';

/** The event's name and whether attendees may register themselves at /register. */
@customElement('bx-settings-panel')
export class BxSettingsPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      .switch { display: flex; gap: 0.7rem; align-items: center; font-weight: 600; margin: 1rem 0; }
      .switch input { width: 1.4rem; height: 1.4rem; }
      form { max-width: 32rem; }
    `,
  ];

  @state() private event: Pick<EventInfo, 'name' | 'date' | 'registrationOpen'> | null = null;
  @state() private name = '';
  @state() private message = '';
  @state() private error = '';
  @state() private purgeConfirm = '';

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    try {
      this.event = await api.event();
      this.name = this.event.name;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async change(changes: Partial<EventInfo>, done: string) {
    this.message = this.error = '';
    try {
      const saved = await api.updateEvent(changes);
      this.event = saved;
      this.message = done;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  override render() {
    if (!this.event) return html`<p>${this.error || 'Loading…'}</p>`;
    const open = this.event.registrationOpen;
    return html`
      <h2>Settings</h2>
      <label class="switch"><input type="checkbox" id="registration-open" .checked=${open}
        @change=${(e: Event) => {
          const on = (e.target as HTMLInputElement).checked;
          void this.change({ registrationOpen: on }, on ? 'Self-registration is open at /register.' : 'Self-registration is closed.');
        }} />
        Self-registration at /register is ${open ? 'open' : 'closed'}</label>
      <form @submit=${(e: Event) => { e.preventDefault(); void this.change({ name: this.name.trim() }, 'Event name saved.'); }}>
        <label for="event-name">Event name</label>
        <div class="row">
          <input id="event-name" type="text" maxlength="120" .value=${this.name} @input=${(e: InputEvent) => (this.name = (e.target as HTMLInputElement).value)} />
          <button type="submit">Save</button>
        </div>
      </form>
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
