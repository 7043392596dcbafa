import { css } from 'lit';

/** Form controls and buttons shared by the staff and registration pages. */
export const formStyles = css`
  :host { font: inherit; color: inherit; }
  label { display: block; font-weight: 600; margin: 0.9rem 0 0.25rem; }
  .help { display: block; font-weight: 400; color: var(--bx-muted, #555); font-size: 0.9rem; margin-top: 0.15rem; }
  /* 48 px: a comfortable target for a thumb on the phones and tablets attendees register on. */
  input[type='text'], input[type='email'], input[type='password'], input[type='search'], textarea {
    box-sizing: border-box; width: 100%; min-height: 48px; font: inherit; padding: 0.55rem 0.65rem;
    border: 1px solid #8a8f98; border-radius: 6px; background: #fff; color: #111;
  }
  input:focus-visible, button:focus-visible, textarea:focus-visible, select:focus-visible, a:focus-visible {
    outline: 3px solid var(--bx-focus, #1a5fd0); outline-offset: 2px;
  }
  input[aria-invalid='true'] { border-color: #b3261e; }
  .error { color: #b3261e; font-size: 0.9rem; margin-top: 0.2rem; }
  .hint { color: #8a5a00; font-size: 0.9rem; margin-top: 0.2rem; }
  button {
    font: inherit; font-weight: 600; min-height: 48px; padding: 0.5rem 1rem; border-radius: 6px;
    border: 1px solid #1a5fd0; background: #1a5fd0; color: #fff; cursor: pointer;
  }
  button.secondary { background: #fff; color: #1a5fd0; }
  button.danger { background: #fff; color: #b3261e; border-color: #b3261e; }
  button[disabled] { opacity: 0.6; cursor: default; }
  .row { display: flex; gap: 0.5rem; align-items: center; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .tag { display: inline-block; font-size: 0.8rem; padding: 0.1rem 0.45rem; border-radius: 999px; background: #fde7c4; color: #6b4200; }
`;
