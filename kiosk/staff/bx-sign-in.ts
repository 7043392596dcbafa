import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { emit } from '../events.ts';
import { formStyles } from '../components/shared-styles.ts';

/**
 * Staff sign-in with the admin token printed when the server starts.
 *
 * @fires bx-sign-in - with the token entered
 */
@customElement('bx-sign-in')
export class BxSignIn extends LitElement {
  static override styles = [formStyles, css`form { max-width: 28rem; margin: 3rem auto; } h1 { font-size: 1.6rem; }`];

  @property() error = '';
  @property({ type: Boolean }) busy = false;
  @state() private token = '';

  override render() {
    return html`<form @submit=${(e: Event) => { e.preventDefault(); emit(this, 'bx-sign-in', { token: this.token.trim() }); }}>
      <h1>Staff sign-in</h1>
      <label for="token">Admin token<span class="help">Printed in the terminal when Badge Exchange starts, and kept in the data folder's admin-token file.</span></label>
      <input id="token" type="password" autocomplete="current-password" .value=${this.token} required
        @input=${(e: InputEvent) => (this.token = (e.target as HTMLInputElement).value)} />
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      <div class="row" style="margin-top:1rem"><button type="submit" ?disabled=${this.busy}>Sign in</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bx-sign-in': BxSignIn;
  }
}
