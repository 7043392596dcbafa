import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, formErrors, type TopicDetail } from '../api.ts';
import { formStyles } from '../components/shared-styles.ts';

const lines = (text: string) => text.split(/\n/).map((l) => l.trim()).filter(Boolean);
const commas = (text: string) => text.split(/[,\n]/).map((l) => l.trim()).filter(Boolean);

/**
 * The event's vocabulary: every topic people can confirm, with the words and examples behind it
 * and how many attendees it reaches; staff add the event's own topics ("hydrogen") and remove
 * them. The matcher reads a change at once.
 */
@customElement('bx-topics-panel')
export class BxTopicsPanel extends LitElement {
  static override styles = [
    formStyles,
    css`
      form { max-width: 40rem; background: #f6f7f9; border-radius: 8px; padding: 0.3rem 1rem 1rem; margin-bottom: 1.5rem; }
      textarea { min-height: 4.5rem; }
      .notice { background: #e8f1ff; border-radius: 6px; padding: 0.6rem 0.8rem; }
      .filter { max-width: 24rem; margin-bottom: 0.8rem; }
      ul.topics { list-style: none; padding: 0; margin: 0; }
      li.topic { border-bottom: 1px solid #e1e3e8; padding: 0.6rem 0; }
      .head { display: flex; gap: 0.8rem; align-items: baseline; flex-wrap: wrap; }
      .label { font-weight: 600; font-size: 1.05rem; }
      .reach { color: #333; }
      .sub { color: #555; font-size: 0.9rem; }
      details { margin-top: 0.3rem; }
      summary { cursor: pointer; color: #1a5fd0; min-height: 32px; }
      .head button { min-height: 36px; padding: 0.2rem 0.7rem; margin-left: auto; }
    `,
  ];

  @state() private topics: TopicDetail[] = [];
  @state() private attendees = 0;
  @state() private filter = '';
  @state() private draft = { label: '', terms: '', offers: '', needs: '' };
  @state() private errors: Record<string, string> = {};
  @state() private notice = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      const r = await api.topicDetail();
      // The event's own first, then by how many people each reaches.
      this.topics = r.topics.sort((a, b) => Number(b.source === 'event') - Number(a.source === 'event') || b.reach.found - a.reach.found);
      this.attendees = r.attendees;
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  private async add(e: Event) {
    e.preventDefault();
    this.busy = true;
    this.errors = {};
    try {
      const d = this.draft;
      const topic = await api.addTopic({ label: d.label.trim(), terms: commas(d.terms), offers: lines(d.offers), needs: lines(d.needs) });
      this.draft = { label: '', terms: '', offers: '', needs: '' };
      this.notice = `Added "${topic.label}". People can confirm it from now on, and the matcher reads its words at once.`;
      await this.load();
    } catch (err) {
      this.errors = formErrors(err);
    } finally {
      this.busy = false;
    }
  }

  private async removeTopic(t: TopicDetail) {
    if (!confirm(`Remove the topic "${t.label}"? ${t.reach.confirmed} people confirmed it; their confirmation will count for nothing.`)) return;
    try {
      await api.removeTopic(t.id);
      this.notice = `Removed "${t.label}".`;
      await this.load();
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  private field(key: keyof BxTopicsPanel['draft'], label: string, help: string, multiline = false) {
    const set = (e: Event) => (this.draft = { ...this.draft, [key]: (e.target as HTMLInputElement).value });
    const err = this.errors[key];
    return html`<label for="topic-${key}">${label}<span class="help">${help}</span></label>
      ${multiline
        ? html`<textarea id="topic-${key}" .value=${this.draft[key]} @input=${set} aria-invalid=${err ? 'true' : 'false'}></textarea>`
        : html`<input id="topic-${key}" type="text" .value=${this.draft[key]} @input=${set} aria-invalid=${err ? 'true' : 'false'} />`}
      ${err ? html`<div class="error">${err}</div>` : nothing}`;
  }

  override render() {
    const q = this.filter.trim().toLowerCase();
    const shown = q ? this.topics.filter((t) => `${t.label} ${t.id} ${t.terms.topic.join(' ')} ${t.terms.offers.join(' ')} ${t.terms.needs.join(' ')}`.toLowerCase().includes(q)) : this.topics;
    return html`
      <h2>Topics</h2>
      <p>People confirm up to three topics for their offering and for each need; when one person's offering and another's need
        share a confirmed topic, the kiosk says "your offering may help" with certainty. Add the topics of this event that the list lacks.</p>
      <div role="status">${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}</div>
      <form @submit=${this.add} aria-labelledby="add-topic">
        <h3 id="add-topic">Add a topic for this event</h3>
        ${this.field('label', 'Name', 'Short, as people would say it: "veterinary practices", "hydrogen".')}
        ${this.field('terms', 'Words that name it (optional)', 'Separated by commas: "vets, veterinary, animal clinic". The name always counts.')}
        ${this.field('offers', 'Example offerings (optional)', 'One per line, as attendees would write them.', true)}
        ${this.field('needs', 'Example needs (optional)', 'One per line.', true)}
        ${this.errors._ ? html`<div class="error" role="alert">${this.errors._}</div>` : nothing}
        <div class="actions" style="margin-top:1rem"><button type="submit" ?disabled=${this.busy}>${this.busy ? 'Adding…' : 'Add topic'}</button></div>
      </form>

      <label for="topic-filter">Find a topic</label>
      <input id="topic-filter" class="filter" type="search" .value=${this.filter} @input=${(e: InputEvent) => (this.filter = (e.target as HTMLInputElement).value)} />
      <p class="sub">${this.topics.length} topics · ${this.attendees} attendees</p>
      <ul class="topics">
        ${shown.map(
          (t) => html`<li class="topic" data-id=${t.id}>
            <div class="head">
              <span class="label">${t.label}</span>
              ${t.source === 'event' ? html`<span class="tag">this event</span>` : nothing}
              <span class="reach">reaches ${t.reach.found} ${t.reach.found === 1 ? 'person' : 'people'}${t.reach.confirmed ? html`, ${t.reach.confirmed} confirmed` : nothing}</span>
              ${t.source === 'event' ? html`<button class="danger" @click=${() => this.removeTopic(t)} aria-label="Remove topic ${t.label}">Remove</button>` : nothing}
            </div>
            <details>
              <summary>Words and examples</summary>
              ${t.terms.topic.length ? html`<div class="sub">Topic words: ${t.terms.topic.join(', ')}</div>` : nothing}
              ${t.terms.offers.length ? html`<div class="sub">Offered as: ${t.terms.offers.join(', ')}</div>` : nothing}
              ${t.terms.needs.length ? html`<div class="sub">Needed as: ${t.terms.needs.join(', ')}</div>` : nothing}
              ${t.examples.offers.length ? html`<div class="sub">Example offerings: ${t.examples.offers.slice(0, 5).map((x) => `“${x}”`).join(' · ')}</div>` : nothing}
              ${t.examples.needs.length ? html`<div class="sub">Example needs: ${t.examples.needs.slice(0, 5).map((x) => `“${x}”`).join(' · ')}</div>` : nothing}
            </details>
          </li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-topics-panel': BxTopicsPanel;
  }
}
