import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ProfileInput, TopicView } from '../api.ts';
import { emit } from '../events.ts';
import { language, LocaleController, t } from '../i18n.ts';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage } from '../../server/i18n/languages.ts';
import { LIMITS } from '../../server/domain/field-limits.ts';
import { checkProfile } from './profile-check.ts';
import { formStyles } from './shared-styles.ts';
import './bx-topic-chips.ts';

// About what a person reads in the twenty seconds they give a stranger's badge.
const OFFERING_WORDS_HINT = 20;

export const emptyProfile = (): ProfileInput => ({
  name: '', email: '', company: '', title: '', offering: '', needs: [''], goal: '', shareEmail: false, digest: true, suggest: false,
  offeringTopics: [], needTopics: [[]],
});

/** Proposes topics for a text being typed (the page passes the server's; the form never fetches). */
export type ProposeTopics = (text: string, side: 'offering' | 'need') => Promise<TopicView[]>;

type Field = 'name' | 'email' | 'company' | 'title' | 'goal';

// Ask for proposals once typing pauses, not on every key.
const PROPOSE_AFTER_MS = 350;

/**
 * A person's profile: who they are, the one-line offering (with a live counter and coaching),
 * one to three needs, each text with the topics the person confirms (chips proposed as they
 * type), a goal and the two consents. Used by the staff console, the registration page and the
 * personal link. It never talks to the server: proposals come through `propose`. Its words are
 * the page's language (the staff console's stays English); it checks what people commonly miss
 * before sending, in that language, and shows the server's own messages as they come.
 *
 * @fires bx-profile-submit - with the profile, when the form is submitted
 * @fires bx-profile-cancel - when the cancel button is pressed (shown only with `cancelLabel`)
 */
@customElement('bx-profile-form')
export class BxProfileForm extends LitElement {
  static override styles = [
    formStyles,
    css`
      fieldset { border: 0; padding: 0; margin: 0; }
      legend { font-weight: 600; margin-top: 0.9rem; padding: 0; }
      .counter { font-size: 0.85rem; color: var(--bx-muted, #555); text-align: end; margin-top: 0.2rem; }
      select { box-sizing: border-box; min-height: 48px; font: inherit; padding: 0.45rem 0.6rem; border: 1px solid #8a8f98; border-radius: 6px; background: #fff; color: #111; max-width: 100%; }
      .counter.over { color: #b3261e; font-weight: 600; }
      .need { display: flex; gap: 0.5rem; margin-top: 0.4rem; }
      .need button { min-width: 48px; padding: 0.4rem; }
      /* The whole label is the target, 48 px tall like the other controls. */
      .consent { display: flex; gap: 0.6rem; align-items: center; min-height: 48px; font-weight: 400; margin: 0.3rem 0; }
      .consent input { flex: none; width: 1.3rem; height: 1.3rem; margin: 0; }
      .actions { display: flex; gap: 0.75rem; margin-top: 1.3rem; flex-wrap: wrap; }
      .two { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
      @media (max-width: 560px) { .two { grid-template-columns: 1fr; } }
    `,
  ];

  /** The profile to start from. */
  @property({ attribute: false }) value: ProfileInput = emptyProfile();
  /** Messages from the server, by field name. */
  @property({ attribute: false }) errors: Record<string, string> = {};
  /** The submit button's words; "Save" in the page's language when not given. */
  @property({ attribute: 'submit-label' }) submitLabel = '';
  @property({ attribute: 'cancel-label' }) cancelLabel = '';
  @property({ type: Boolean }) busy = false;
  /** Staff may save a ticket holder without offering or needs; attendees may not. */
  @property({ type: Boolean, attribute: 'allow-incomplete' }) allowIncomplete = false;
  /** Staff may leave the email out (a walk-in, a speaker): the form then says what that means. */
  @property({ type: Boolean, attribute: 'email-optional' }) emailOptional = false;
  /** Every topic a person may confirm; without any, the form shows no topics. */
  @property({ attribute: false }) topicCatalog: TopicView[] = [];
  @property({ attribute: false }) propose: ProposeTopics | null = null;
  /** Offers the "Language for your emails" choice (the personal link; registration takes the page's). */
  @property({ type: Boolean, attribute: 'language-choice' }) languageChoice = false;
  /**
   * Staff choose the person's language, or leave them on the event's: the choice is offered
   * with "The event's language" first, and nothing is sent until one is picked.
   */
  @property({ type: Boolean, attribute: 'language-optional' }) languageOptional = false;

  @state() private draft: ProfileInput = emptyProfile();
  /** What the matcher proposes for the offering and for each need, as typed so far. */
  @state() private proposals: { offering: TopicView[]; needs: TopicView[][] } = { offering: [], needs: [[]] };
  /** What the form itself found wrong at the last submit, by field; cleared when the server answers. */
  @state() private slips: Record<string, string> = {};
  private proposeTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    super();
    new LocaleController(this);
  }

  /** The form's own findings, else the server's. */
  private get shown(): Record<string, string> {
    return Object.keys(this.slips).length ? this.slips : this.errors;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('errors')) this.slips = {};
    if (changed.has('value')) {
      const needs = this.value.needs.length ? [...this.value.needs] : [''];
      this.draft = { ...this.value, needs, offeringTopics: [...(this.value.offeringTopics ?? [])], needTopics: needs.map((_, i) => [...(this.value.needTopics?.[i] ?? [])]) };
      this.proposals = { offering: [], needs: needs.map(() => []) };
    }
    // A profile that already has texts gets its proposals at once (the editor, the personal link).
    if ((changed.has('value') || changed.has('propose') || changed.has('topicCatalog')) && this.propose) {
      this.askProposals('offering', this.draft.offering, 0);
      this.draft.needs.forEach((n, i) => this.askProposals('need', n, i, 0));
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const t of this.proposeTimers.values()) clearTimeout(t);
  }

  /** Proposals for one text once typing pauses; an answer for an older text is dropped. */
  private askProposals(side: 'offering' | 'need', text: string, index: number, wait = PROPOSE_AFTER_MS) {
    if (!this.propose || !this.topicCatalog.length) return;
    const key = side === 'offering' ? 'offering' : `need${index}`;
    clearTimeout(this.proposeTimers.get(key));
    this.proposeTimers.set(key, setTimeout(async () => {
      const topics = text.trim().length >= 3 ? await this.propose!(text, side).catch(() => []) : [];
      const current = side === 'offering' ? this.draft.offering : this.draft.needs[index];
      if (current !== text) return;
      if (side === 'offering') this.proposals = { ...this.proposals, offering: topics };
      else this.proposals = { ...this.proposals, needs: this.draft.needs.map((_, i) => (i === index ? topics : this.proposals.needs[i] ?? [])) };
    }, wait));
  }

  override updated(changed: Map<string, unknown>): void {
    // A refused field takes the focus: a screen reader then reads its label and the error tied
    // to it, and keyboard users land where the fix goes. A general error is an alert instead.
    if (changed.has('errors') || changed.has('slips')) this.renderRoot.querySelector<HTMLInputElement>('input[aria-invalid="true"]')?.focus();
  }

  private set<K extends keyof ProfileInput>(key: K, v: ProfileInput[K]) {
    this.draft = { ...this.draft, [key]: v };
  }

  private setNeed(i: number, text: string) {
    const needs = [...this.draft.needs];
    needs[i] = text;
    this.set('needs', needs);
    this.askProposals('need', text, i);
  }

  private setNeedTopics(i: number, topics: string[]) {
    this.set('needTopics', this.draft.needs.map((_, j) => (j === i ? topics : this.draft.needTopics[j] ?? [])));
  }

  // A need's topics and proposals move with it when needs are added or removed.
  private addNeed() {
    this.draft = { ...this.draft, needs: [...this.draft.needs, ''], needTopics: [...this.draft.needTopics, []] };
    this.proposals = { ...this.proposals, needs: [...this.proposals.needs, []] };
  }

  private removeNeed(i: number) {
    const keep = <T,>(list: T[]) => list.filter((_, j) => j !== i);
    this.draft = { ...this.draft, needs: keep(this.draft.needs), needTopics: keep(this.draft.needTopics) };
    this.proposals = { ...this.proposals, needs: keep(this.proposals.needs) };
  }

  private submit(e: Event) {
    e.preventDefault();
    const d = this.draft;
    // Blank needs are dropped with their topics, so each list stays beside its need.
    const kept = d.needs.map((n, i) => ({ text: n.trim(), topics: d.needTopics[i] ?? [] })).filter((n) => n.text);
    this.slips = checkProfile(d, { needsRequired: !this.allowIncomplete, emailOptional: this.emailOptional });
    if (Object.keys(this.slips).length) return;
    emit(this, 'bx-profile-submit', {
      ...d,
      name: d.name.trim(),
      email: d.email.trim(),
      offering: d.offering.replace(/\s+/g, ' ').trim(),
      needs: kept.map((n) => n.text),
      needTopics: kept.map((n) => n.topics),
      ...(this.languageChoice ? { language: d.language ?? language() } : {}),
      ...(this.languageOptional && d.language ? { language: d.language } : {}),
    });
  }

  private chips(label: string, confirmed: string[], proposed: TopicView[], onChange: (topics: string[]) => void) {
    if (!this.topicCatalog.length) return nothing;
    return html`<bx-topic-chips .label=${label} .confirmed=${confirmed} .proposed=${proposed} .catalog=${this.topicCatalog}
      @bx-topics-change=${(e: CustomEvent<{ topics: string[] }>) => onChange(e.detail.topics)}></bx-topic-chips>`;
  }

  private field(key: Field, label: string, opts: { type?: string; required?: boolean; help?: string; autocomplete?: string } = {}) {
    const err = this.shown[key];
    return html`
      <label for=${key}>${label}${opts.help ? html`<span class="help" id="${key}-help">${opts.help}</span>` : nothing}</label>
      <input id=${key} name=${key} type=${opts.type ?? 'text'} dir="auto" .value=${this.draft[key]} ?required=${opts.required ?? false}
        maxlength=${LIMITS[key]} autocomplete=${opts.autocomplete ?? 'off'}
        aria-invalid=${err ? 'true' : 'false'} aria-describedby="${opts.help ? `${key}-help` : ''} ${err ? `${key}-error` : ''}"
        @input=${(e: InputEvent) => this.set(key, (e.target as HTMLInputElement).value)} />
      ${err ? html`<div class="error" id="${key}-error">${err}</div>` : nothing}
    `;
  }

  override render() {
    const d = this.draft;
    const errors = this.shown;
    const length = d.offering.length;
    const words = d.offering.trim() ? d.offering.trim().split(/\s+/).length : 0;
    const required = !this.allowIncomplete;
    return html`
      <form @submit=${this.submit} novalidate>
        <div class="two">
          <div>${this.field('name', t('pages.form.name'), { required: true, autocomplete: 'name' })}</div>
          <div>${this.emailOptional
            ? this.field('email', t('pages.form.emailOptional'), { type: 'email', autocomplete: 'email', help: t('pages.form.emailOptionalHelp') })
            : this.field('email', t('pages.form.email'), { type: 'email', required: true, autocomplete: 'email' })}</div>
          <div>${this.field('company', t('pages.form.company'), { autocomplete: 'organization' })}</div>
          <div>${this.field('title', t('pages.form.title'), { autocomplete: 'organization-title' })}</div>
        </div>

        <label for="offering">${t('pages.form.offering')}
          <span class="help" id="offering-help">${t('pages.form.offeringHelp')}</span>
        </label>
        <input id="offering" name="offering" type="text" dir="auto" .value=${d.offering} ?required=${required} maxlength=${LIMITS.offering}
          aria-describedby="offering-help offering-counter ${errors.offering ? 'offering-error' : ''}"
          aria-invalid=${errors.offering ? 'true' : 'false'}
          @input=${(e: InputEvent) => {
            const text = (e.target as HTMLInputElement).value;
            this.set('offering', text);
            this.askProposals('offering', text, 0);
          }} />
        <!-- The counter is read with the field (aria-describedby), not after every keystroke. -->
        <div class="counter ${length > LIMITS.offering ? 'over' : ''}" id="offering-counter">${t('pages.form.counter', { length, max: LIMITS.offering })}</div>
        <div role="status">${words > OFFERING_WORDS_HINT ? html`<div class="hint">${t('pages.form.wordsHint', { words })}</div>` : nothing}</div>
        ${errors.offering ? html`<div class="error" id="offering-error">${errors.offering}</div>` : nothing}
        ${this.chips(t('pages.form.offeringTopics'), d.offeringTopics, this.proposals.offering, (topics) => this.set('offeringTopics', topics))}
        ${errors.offeringTopics ? html`<div class="error">${errors.offeringTopics}</div>` : nothing}

        <fieldset>
          <legend>${t('pages.form.needs')}
            <span class="help">${t('pages.form.needsHelp')}</span>
          </legend>
          ${this.topicCatalog.length ? html`<span class="help">${t('pages.form.topicsHelp')}</span>` : nothing}
          ${d.needs.map(
            (need, i) => html`<div class="need">
              <input type="text" dir="auto" name="need${i + 1}" aria-label=${t('pages.form.need', { n: i + 1 })} .value=${need} maxlength=${LIMITS.need} ?required=${required && i === 0}
                aria-invalid=${errors.needs && i === 0 ? 'true' : 'false'} aria-describedby=${errors.needs && i === 0 ? 'needs-error' : nothing}
                @input=${(e: InputEvent) => this.setNeed(i, (e.target as HTMLInputElement).value)} />
              ${d.needs.length > 1
                ? html`<button type="button" class="secondary" aria-label=${t('pages.form.removeNeed', { n: i + 1 })}
                    @click=${() => this.removeNeed(i)}>✕</button>`
                : nothing}
            </div>
            ${this.chips(t('pages.form.needTopics', { n: i + 1 }), d.needTopics[i] ?? [], this.proposals.needs[i] ?? [], (topics) => this.setNeedTopics(i, topics))}`,
          )}
          ${errors.needTopics ? html`<div class="error">${errors.needTopics}</div>` : nothing}
          ${d.needs.length < 3
            ? html`<div class="actions"><button type="button" class="secondary" @click=${() => this.addNeed()}>${t('pages.form.addNeed')}</button></div>`
            : nothing}
          ${errors.needs ? html`<div class="error" id="needs-error">${errors.needs}</div>` : nothing}
        </fieldset>

        ${this.field('goal', t('pages.form.goal'))}

        <label class="consent"><input type="checkbox" name="shareEmail" .checked=${d.shareEmail}
          @change=${(e: Event) => this.set('shareEmail', (e.target as HTMLInputElement).checked)} />
          <span>${t('pages.form.shareEmail')}</span></label>
        <label class="consent"><input type="checkbox" name="digest" .checked=${d.digest}
          @change=${(e: Event) => this.set('digest', (e.target as HTMLInputElement).checked)} />
          <span>${t('pages.form.digest')}</span></label>
        <label class="consent"><input type="checkbox" name="suggest" .checked=${d.suggest}
          @change=${(e: Event) => this.set('suggest', (e.target as HTMLInputElement).checked)} />
          <span>${t('pages.form.suggest')}</span></label>
        ${this.languageChoice || this.languageOptional ? this.languageSelect() : nothing}

        ${errors._ ? html`<div class="error" role="alert">${errors._}</div>` : nothing}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${this.busy ? t('pages.form.saving') : this.submitLabel || t('pages.form.save')}</button>
          ${this.cancelLabel
            ? html`<button type="button" class="secondary" @click=${() => emit(this, 'bx-profile-cancel', undefined)}>${this.cancelLabel}</button>`
            : nothing}
        </div>
      </form>
    `;
  }

  /** Each language named in itself; one never chosen shows the page's. */
  private languageSelect() {
    const chosen = this.draft.language ?? (this.languageOptional ? '' : language());
    return html`<label for="language">${this.languageOptional ? t('pages.form.languageTheirs') : t('pages.form.language')}</label>
      <select id="language" name="language" @change=${(e: Event) => {
        const picked = (e.target as HTMLSelectElement).value;
        if (isLanguage(picked)) this.set('language', picked);
      }}>
        ${this.languageOptional && !this.draft.language ? html`<option value="" selected>${t('pages.form.languageOfEvent')}</option>` : nothing}
        ${LANGUAGES.map((lang) => html`<option value=${lang} lang=${lang} ?selected=${lang === chosen}>${LANGUAGE_NAMES[lang]}</option>`)}
      </select>
      ${this.shown.language ? html`<div class="error">${this.shown.language}</div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-profile-form': BxProfileForm;
  }
}
