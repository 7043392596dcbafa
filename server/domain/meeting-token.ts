import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a meeting's take-along page (`/m/<token>`): the exchange id and a keyed signature
 * over it, so the kiosk's QR opens that one meeting and nothing else, and nobody can guess another.
 * Erasing either person erases the exchange, and the token then finds nothing.
 */

// 22 base64url characters = 132 bits of HMAC-SHA256.
const MAC_LENGTH = 22;

function mac(secret: string, exchangeId: string): string {
  return createHmac('sha256', secret).update(`meeting:${exchangeId}`).digest('base64url').slice(0, MAC_LENGTH);
}

/** The token for one exchange. */
export function signMeeting(secret: string, exchangeId: string): string {
  return `${exchangeId}.${mac(secret, exchangeId)}`;
}

/** The exchange id a token names, or null when it is malformed or forged. */
export function verifyMeeting(secret: string, token: string): string | null {
  const match = /^([0-9a-z]{6,20})\.([\w-]{22})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(mac(secret, match[1]!));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1]! : null;
}
