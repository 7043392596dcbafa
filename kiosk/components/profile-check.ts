import type { ProfileInput } from '../api.ts';
import { t } from '../i18n.ts';
import { LIMITS } from '../../server/domain/field-limits.ts';

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
}

// Loose on purpose: it catches "name@", "name example.com" and the like; the server decides the rest.
const LOOKS_LIKE_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Messages by field name (`needs` for the first need), empty when nothing is wrong.
 *
 * @example
 * checkProfile({ ...emptyProfile(), name: 'Noa' }, { needsRequired: true, emailOptional: false })
 * // { email: 'Email is required.', offering: '…', needs: '…' }
 */
export function checkProfile(d: ProfileInput, rules: ProfileCheck): Record<string, string> {
  const slips: Record<string, string> = {};
  const tooLong = (max: number) => t('pages.form.tooLong', { max });
  for (const field of ['name', 'company', 'title', 'goal'] as const) {
    if (d[field].trim().length > LIMITS[field]) slips[field] = tooLong(LIMITS[field]);
  }
  if (!d.name.trim()) slips.name = t('pages.form.nameMissing');

  const email = d.email.trim();
  if (!email && !rules.emailOptional) slips.email = t('pages.form.emailMissing');
  else if (email && !LOOKS_LIKE_ADDRESS.test(email)) slips.email = rules.emailOptional ? t('pages.form.emailInvalidOptional') : t('pages.form.emailInvalid');
  else if (email.length > LIMITS.email) slips.email = tooLong(LIMITS.email);

  const offering = d.offering.replace(/\s+/g, ' ').trim();
  if (offering.length > LIMITS.offering) slips.offering = tooLong(LIMITS.offering);
  else if (!offering && rules.needsRequired) slips.offering = t('pages.form.offeringMissing');

  const needs = d.needs.map((n) => n.trim());
  if (needs.some((n) => n.length > LIMITS.need)) slips.needs = tooLong(LIMITS.need);
  else if (!needs.some(Boolean) && rules.needsRequired) slips.needs = t('pages.form.needMissing');
  return slips;
}
