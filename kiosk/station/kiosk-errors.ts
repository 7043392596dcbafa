import { ApiError } from '../api.ts';
import { t } from '../i18n.ts';

// The server's errors a visitor meets at the kiosk, by their stable code, in the kiosk's language
// (the server writes its messages in English). An explicit key per code, so the catalog check
// finds each key whole in the code.
const BY_CODE: Record<string, () => string> = {
  offline: () => t('kiosk.error.offline'),
  invalid_badge: () => t('kiosk.error.notBadge'),
  unknown_badge: () => t('kiosk.error.unknownBadge'),
  revoked_badge: () => t('kiosk.error.revokedBadge'),
  same_badge: () => t('kiosk.error.sameBadge'),
  rate_limited: () => t('kiosk.error.tooMany'),
  erased: () => t('kiosk.error.erased'),
  kiosk_not_paired: () => t('kiosk.pair.unpaired'),
  unknown_code: () => t('kiosk.pair.unknownCode'),
  expired_code: () => t('kiosk.pair.expiredCode'),
};

/** What to tell people about a failed call: the kiosk's own words where it knows the error, else the server's message. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return BY_CODE[err.code]?.() ?? err.message;
  return err instanceof Error ? err.message : String(err);
}
