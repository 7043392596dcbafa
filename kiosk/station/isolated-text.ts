import { html } from 'lit';
import { FSI, PDI, isolatedParts } from '../../server/domain/user-text.ts';

/**
 * A name or other typed text going into a translated sentence: always isolated, so that `bdi`
 * below can show it in its own `<bdi>`, whatever its script (an Arabic name in an English
 * sentence, a Latin one in an Arabic sentence).
 *
 * @example
 * bdi(t('kiosk.meeting.pointsFor', { name: typed('Dana'), other: typed('نور') }))
 */
export const typed = (text: string): string => `${FSI}${text}${PDI}`;

/** A sentence (translated, or a talking point from the server) with each isolated piece in a `<bdi>`. */
export const bdi = (sentence: string) => isolatedParts(sentence).map((p) => (p.isolated ? html`<bdi>${p.text}</bdi>` : p.text));
