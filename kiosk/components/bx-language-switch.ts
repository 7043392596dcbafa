import { LitElement, html, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../server/i18n/languages.ts';
import { emit } from '../events.ts';
import { language, LocaleController } from '../i18n.ts';

/**
 * One tap per language, each named in itself ("Deutsch", "العربية") so a person finds their own
 * without reading the current one. It only says what was picked; the page decides what follows
 * (remember it, fall back after a meeting).
 *
 * @fires bx-language - with the picked language
 */
@customElement('bx-language-switch')
export class BxLanguageSwitch extends LitElement {
  static override styles = css`
    :host { display: block; }
    ul { display: flex; flex-wrap: wrap; gap: 0.4rem; list-style: none; margin: 0; padding: 0; justify-content: center; }
    button {
      font: inherit; font-size: var(--bx-switch-size, 1rem); min-height: 48px; min-width: 48px;
      padding: 0.35rem 0.9rem; border-radius: 999px; border: 1px solid currentColor;
      background: transparent; color: inherit; cursor: pointer;
    }
    button[aria-pressed='true'] { background: var(--bx-accent, #1d4ed8); border-color: var(--bx-accent, #1d4ed8); color: #fff; }
  `;

  /** The label read out for the group ("Language"), in the current language. */
  @property() label = 'Language';

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    const now = language();
    // The group is named around the list, so the list stays a list (its items are listitems).
    return html`<div role="group" aria-label=${this.label}><ul>
      ${LANGUAGES.map(
        (lang) => html`<li>
          <button type="button" lang=${lang} aria-pressed=${lang === now ? 'true' : 'false'} @click=${() => this.#pick(lang)}>${LANGUAGE_NAMES[lang]}</button>
        </li>`,
      )}
    </ul></div>`;
  }

  #pick(lang: Language): void {
    emit(this, 'bx-language', lang);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-language-switch': BxLanguageSwitch;
  }
}
