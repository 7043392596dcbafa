/**
 * What a scanner hands over, turned into a badge token: the badge URL from any host (a kiosk
 * may reach the server by another address than the one printed), a bare token, or either as a
 * USB keyboard-wedge scanner types it, with a trailing Enter or spaces. Everything else is
 * refused. Pure and dependency-free: the server and the kiosk bundle share this one file.
 *
 * @example
 * parseBadgePayload('HTTP://192.168.1.20:8080/B/8H0S7E6KS0GY193NV66YF5C\r\n')
 * // → { ok: true, token: '8H0S7E6KS0GY193NV66YF5C' }
 */

export type ParsedPayload = { ok: true; token: string } | { ok: false; reason: 'empty' | 'not_a_badge' };

// Crockford base32 without I, L, O, U: the alphabet badge tokens are written in.
const TOKEN = '[0-9A-HJKMNP-TV-Z]{11,46}';
const BARE = new RegExp(`^${TOKEN}$`, 'i');
const URL_FORM = new RegExp(`^https?://[^/\\s?#]+/b/(${TOKEN})/?$`, 'i');

export function parseBadgePayload(scanned: string): ParsedPayload {
  const text = scanned.trim();
  if (!text) return { ok: false, reason: 'empty' };
  const token = URL_FORM.exec(text)?.[1] ?? (BARE.test(text) ? text : null);
  return token ? { ok: true, token: token.toUpperCase() } : { ok: false, reason: 'not_a_badge' };
}
