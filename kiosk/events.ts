import type { ProfileInput } from './api.ts';
import type { Language } from '../server/i18n/languages.ts';

/**
 * Every custom event the components fire, in one place: data flows down as properties and up
 * as these events.
 */
export interface BxEventDetails {
  /** A profile form was submitted with valid-looking input. */
  'bx-profile-submit': ProfileInput;
  /** The profile form was dismissed. */
  'bx-profile-cancel': void;
  /** Staff entered the admin token. */
  'bx-sign-in': { token: string };
  /** Staff want to edit or erase one attendee. */
  'bx-attendee-edit': { id: string };
  'bx-attendee-erase': { id: string };
  /** Staff want this attendee's badge printed (again). */
  'bx-attendee-print': { id: string };
  /** The topics confirmed for one text changed (chips tapped). */
  'bx-topics-change': { topics: string[] };
  /** A person picked a language in a language switch. */
  'bx-language': Language;
  /** Staff saved the event's settings: the console's header and times follow them. */
  'bx-event-saved': { name: string; timeZone: string };
}

declare global {
  interface HTMLElementEventMap {
    'bx-profile-submit': CustomEvent<BxEventDetails['bx-profile-submit']>;
    'bx-profile-cancel': CustomEvent<void>;
    'bx-sign-in': CustomEvent<BxEventDetails['bx-sign-in']>;
    'bx-attendee-edit': CustomEvent<BxEventDetails['bx-attendee-edit']>;
    'bx-attendee-erase': CustomEvent<BxEventDetails['bx-attendee-erase']>;
    'bx-attendee-print': CustomEvent<BxEventDetails['bx-attendee-print']>;
    'bx-topics-change': CustomEvent<BxEventDetails['bx-topics-change']>;
    'bx-language': CustomEvent<BxEventDetails['bx-language']>;
    'bx-event-saved': CustomEvent<BxEventDetails['bx-event-saved']>;
  }
}

/** Fires a typed, bubbling, composed event from `el`. */
export function emit<K extends keyof BxEventDetails>(el: HTMLElement, name: K, detail: BxEventDetails[K]): void {
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
