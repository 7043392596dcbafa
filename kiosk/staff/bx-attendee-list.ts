import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { StaffAttendee } from '../api.ts';
import { emit } from '../events.ts';
import { formStyles } from '../components/shared-styles.ts';
import { clock } from './clock.ts';
import { eventDayTime } from '../../server/domain/event-time.ts';

/**
 * The attendee table: who, their offering, whether the profile is complete. On a phone each
 * row is shown as a card.
 *
 * @fires bx-attendee-edit - when Edit is pressed on a row
 * @fires bx-attendee-erase - when Erase is pressed on a row
 * @fires bx-attendee-print - when Print badge is pressed on a row
 */
/** "at 09:12" today, "on Sat 5 Dec, 09:12" another day, in the event's time zone. */
export function printedAt(iso: string, timeZone = 'UTC'): string {
  const day = (d: string | Date) => eventDayTime(d, timeZone).replace(/, .*$/, '');
  return day(iso) === day(new Date()) ? `at ${clock(iso, timeZone)}` : `on ${eventDayTime(iso, timeZone)}`;
}

@customElement('bx-attendee-list')
export class BxAttendeeList extends LitElement {
  static override styles = [
    formStyles,
    css`
      /* A narrow screen scrolls the table sideways, not the whole page. */
      :host { display: block; overflow-x: auto; }
      table { width: 100%; border-collapse: collapse; }
      th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid #e1e3e8; vertical-align: top; }
      th { font-size: 0.85rem; color: #555; }
      .name { font-weight: 600; }
      .sub { color: #555; font-size: 0.9rem; }
      td.actions { white-space: nowrap; }
      td.actions button { min-height: 36px; padding: 0.25rem 0.7rem; }
      .empty { padding: 2rem; text-align: center; color: #555; }
      /* A phone: each row is a card, its buttons full-size under the text, nothing off-screen. */
      @media (max-width: 600px) {
        :host { overflow-x: visible; }
        thead { display: none; }
        table, tbody, tr, td { display: block; width: auto; }
        tr { border: 1px solid #d5d8de; border-radius: 8px; padding: 0.5rem 0.75rem; margin-bottom: 0.75rem; background: #fff; }
        td { border: 0; padding: 0.2rem 0; }
        td.actions { display: flex; gap: 0.5rem; flex-wrap: wrap; padding-top: 0.5rem; white-space: normal; }
        td.actions button { flex: 1; min-height: 44px; }
      }
    `,
  ];

  @property({ attribute: false }) attendees: StaffAttendee[] = [];
  /** The event's time zone, for when badges were printed. */
  @property({ attribute: false }) timeZone = 'UTC';

  override render() {
    if (this.attendees.length === 0) return html`<p class="empty">No attendees match.</p>`;
    return html`<table>
      <thead><tr><th scope="col">Name</th><th scope="col">Offering</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>
        ${this.attendees.map(
          (a) => html`<tr data-id=${a.id}>
            <td><div class="name">${a.name}</div><div class="sub">${[a.title, a.company].filter(Boolean).join(', ')}</div><div class="sub">${a.email || html`<span class="tag">No email · no digest</span>`}</div></td>
            <td>${a.complete ? a.offering : html`<span class="tag">Incomplete profile</span>`}
              ${a.printedAt ? html`<div class="sub printed">Badge printed ${printedAt(a.printedAt, this.timeZone)}</div>` : nothing}</td>
            <td class="actions">
              <button class="secondary" @click=${() => emit(this, 'bx-attendee-print', { id: a.id })} aria-label="Print badge of ${a.name}">Print</button>
              <button class="secondary" @click=${() => emit(this, 'bx-attendee-edit', { id: a.id })} aria-label="Edit ${a.name}">Edit</button>
              <button class="danger" @click=${() => emit(this, 'bx-attendee-erase', { id: a.id })} aria-label="Erase ${a.name}">Erase</button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>${nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-attendee-list': BxAttendeeList;
  }
}
