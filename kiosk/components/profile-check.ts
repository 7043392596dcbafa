import type { ProfileInput } from '../api.ts';
import { t } from '../i18n.ts';

/**
 * The slips people commonly make in a profile form, found before sending so the person reads
 * them in the page's language beside the field: the server's own messages are English, and it
 * still has the last word (what it refuses anyway is shown as it says it).
 */
export interface ProfileCheck {
  /** Attendees must give an offering and a first need; staff saving a ticket holder need not. */
  needsRequired: boolean;
  /** Staff may leave the email out. */
  emailOptional: boolean;
  /** Longest text per single-line field, as the server allows. */
  limits: Record<'name' | 'email' | 'company' | 'title' | 'goal', number>;
}

// Loose on purpose: it catches "name@", "name example.com" and the like; the server decides the rest.
const LOOKS_LIKE_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const OFFERING_MAX = 120;
const NEED_MAX = 160;

/**
 * Messages by field name (`needs` for the first need), empty when nothing is wrong.
 *
 * @example
 * checkProfile({ ...emptyProfile(), name: 'Noa' }, { needsRequired: true, emailOptional: false, limits })
 * // { email: 'Email is required.', offering: '…', needs: '…' }
 */
export function checkProfile(d: ProfileInput, rules: ProfileCheck): Record<string, string> {
  const slips: Record<string, string> = {};
  const tooLong = (max: number) => t('pages.form.tooLong', { max });
  for (const field of ['name', 'company', 'title', 'goal'] as const) {
    if (d[field].trim().length > rules.limits[field]) slips[field] = tooLong(rules.limits[field]);
  }
  if (!d.name.trim()) slips.name = t('pages.form.nameMissing');

  const email = d.email.trim();
  if (!email && !rules.emailOptional) slips.email = t('pages.form.emailMissing');
  else if (email && !LOOKS_LIKE_ADDRESS.test(email)) slips.email = rules.emailOptional ? t('pages.form.emailInvalidOptional') : t('pages.form.emailInvalid');
  else if (email.length > rules.limits.email) slips.email = tooLong(rules.limits.email);

  const offering = d.offering.replace(/\s+/g, ' ').trim();
  if (offering.length > OFFERING_MAX) slips.offering = tooLong(OFFERING_MAX);
  else if (!offering && rules.needsRequired) slips.offering = t('pages.form.offeringMissing');

  const needs = d.needs.map((n) => n.trim());
  if (needs.some((n) => n.length > NEED_MAX)) slips.needs = tooLong(NEED_MAX);
  else if (!needs.some(Boolean) && rules.needsRequired) slips.needs = t('pages.form.needMissing');
  return slips;
}
