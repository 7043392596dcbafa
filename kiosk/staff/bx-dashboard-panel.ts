import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, type Dashboard } from '../api.ts';
import { clock } from './clock.ts';

// A burst of meetings (a queue of kiosks syncing) asks for the figures once, not once each.
const REFETCH_AFTER_MS = 500;
// Kiosks' "online" and "last seen" move on without meetings: a slow refresh keeps them true.
const REFRESH_EVERY_MS = 20_000;

/**
 * The organizer's live dashboard: figures, meetings per hour, kiosks with last seen, people who
 * met no one yet, topics most asked for and offered, the latest meetings. Refetches on each
 * meeting the server announces on /api/stream.
 */
@customElement('bx-dashboard-panel')
export class BxDashboardPanel extends LitElement {
  static override styles = css`
    :host { display: block; }
    h2 { margin: 0 0 0.75rem; }
    h3 { margin: 1.25rem 0 0.5rem; font-size: 1.05rem; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.75rem; }
    .figure { background: #fff; border: 1px solid #e1e3e8; border-radius: 8px; padding: 0.6rem 0.8rem; }
    .figure strong { display: block; font-size: 1.8rem; line-height: 1.2; }
    .figure span { color: #555; font-size: 0.9rem; }
    .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5rem; }
    .chart { display: flex; align-items: flex-end; gap: 4px; height: 9rem; padding: 0.25rem 0; border-bottom: 1px solid #8a8f98; overflow-x: auto; }
    .bar { flex: 1 0 1.6rem; max-width: 3rem; display: flex; flex-direction: column; justify-content: flex-end; align-items: center; height: 100%; }
    .bar div { width: 100%; background: #1a5fd0; border-radius: 3px 3px 0 0; min-height: 2px; }
    .bar small { font-size: 0.75rem; color: #333; }
    .hours { display: flex; gap: 4px; overflow: hidden; }
    .hours span { flex: 1 0 1.6rem; max-width: 3rem; font-size: 0.7rem; color: #555; text-align: center; }
    ul { list-style: none; padding: 0; margin: 0; }
    li { padding: 0.35rem 0; border-bottom: 1px solid #eef0f3; }
    .muted { color: #555; font-size: 0.9rem; }
    .queued { color: #7a4b00; font-size: 0.9rem; font-weight: 600; }
    .dot { display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 50%; background: #9aa0a6; margin-right: 0.4rem; }
    .dot.on { background: #1e8e3e; }
    .error { color: #b3261e; }
    @media (max-width: 700px) { .grid { grid-template-columns: 1fr; } }
  `;

  @state() private data: Dashboard | null = null;
  @state() private error = '';
  private stream: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refresh: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    // The session cookie authorizes the stream: EventSource cannot send a header.
    this.stream = new EventSource('/api/stream');
    this.stream.addEventListener('exchange', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.load(), REFETCH_AFTER_MS);
    });
    this.refresh = setInterval(() => void this.load(), REFRESH_EVERY_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stream?.close();
    clearTimeout(this.timer);
    clearInterval(this.refresh);
  }

  private async load() {
    try {
      this.data = await api.dashboard();
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private figure(value: number, label: string) {
    return html`<div class="figure"><strong>${value}</strong><span>${label}</span></div>`;
  }

  private chart(d: Dashboard) {
    const hours = d.meetings.perHour;
    if (!hours.length) return html`<p class="muted">No meetings yet.</p>`;
    const max = Math.max(...hours.map((h) => h.count));
    return html`<div class="chart" role="img" aria-label="Meetings per hour: ${hours.map((h) => `${h.hour.slice(11)}, ${h.count}`).join('; ')}">
        ${hours.map((h) => html`<div class="bar"><small>${h.count}</small><div style="height:${(h.count / max) * 100}%"></div></div>`)}
      </div>
      <div class="hours" aria-hidden="true">${hours.map((h) => html`<span>${h.hour.slice(11, 13)}h</span>`)}</div>`;
  }

  override render() {
    const d = this.data;
    if (!d) return html`<p class=${this.error ? 'error' : ''}>${this.error || 'Loading…'}</p>`;
    return html`
      <h2>Dashboard</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="figures" role="group" aria-label="Figures">
        ${this.figure(d.attendees.registered, 'registered')}
        ${this.figure(d.attendees.checkedIn, 'checked in (badge printed)')}
        ${this.figure(d.meetings.total, 'meetings')}
        ${this.figure(d.meetings.peopleWhoMet, 'people who met someone')}
        ${this.figure(d.metNobody.count, 'met no one yet')}
      </div>
      <h3>Meetings per hour <span class="muted">(${d.timeZone})</span></h3>
      ${this.chart(d)}
      <div class="grid">
        <section>
          <h3>Kiosks</h3>
          ${d.kiosks.length
            ? html`<ul>${d.kiosks.map((k) => html`<li data-kiosk=${k.name}><span class="dot ${k.online ? 'on' : ''}"></span><strong>${k.name}</strong>
                · ${k.meetings} ${k.meetings === 1 ? 'meeting' : 'meetings'}
                <div class="muted">${!k.paired ? 'not paired' : k.online ? 'online' : 'offline'}${k.lastSeenAt ? `, last seen ${clock(k.lastSeenAt, d.timeZone)}` : k.paired ? ', not seen since the server started' : ''}</div>
                ${k.queued ? html`<div class="queued">${k.queued} ${k.queued === 1 ? 'meeting' : 'meetings'} waiting to sync</div>` : ''}</li>`)}</ul>`
            : html`<p class="muted">No kiosks yet: add one in the Kiosks tab.</p>`}
          <h3>Latest meetings</h3>
          ${d.recent.length
            ? html`<ul class="recent">${d.recent.map((m) => html`<li>${clock(m.at, d.timeZone)} · ${m.names.join(' & ')}${m.count > 1 ? ` (${m.count}×)` : ''}${m.kiosk ? ` · ${m.kiosk}` : ''}</li>`)}</ul>`
            : html`<p class="muted">Meetings appear here as kiosks record them.</p>`}
        </section>
        <section>
          <h3>Met no one yet <span class="muted">(introduce them)</span></h3>
          ${d.metNobody.count
            ? html`<ul class="lonely">${d.metNobody.people.map((p) => html`<li><strong>${p.name}</strong>${p.company ? html` <span class="muted">${p.company}</span>` : nothing}
                ${p.offering ? html`<div class="muted">${p.offering}</div>` : nothing}</li>`)}</ul>
              ${d.metNobody.count > d.metNobody.people.length ? html`<p class="muted">… and ${d.metNobody.count - d.metNobody.people.length} more.</p>` : nothing}`
            : html`<p class="muted">Everyone has met someone.</p>`}
          <h3>Topics most asked for</h3>
          ${this.topics(d.topics.asked)}
          <h3>Topics most offered</h3>
          ${this.topics(d.topics.offered)}
        </section>
      </div>`;
  }

  private topics(list: Dashboard['topics']['asked']) {
    return list.length
      ? html`<ul>${list.map((t) => html`<li>${t.label} <span class="muted">· ${t.count}</span></li>`)}</ul>`
      : html`<p class="muted">No confirmed topics yet.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-dashboard-panel': BxDashboardPanel;
  }
}
