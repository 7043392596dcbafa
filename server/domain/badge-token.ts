import { createHmac, timingSafeEqual } from 'node:crypto';
import { boundedMemo } from './bounded-memo.ts';

/**
 * Badge tokens: the attendee id followed by a keyed signature, all in upper-case Crockford
 * base32 so the whole badge URL encodes in QR alphanumeric mode. The badge version is signed but
 * not carried: a reissued badge bumps the version and the old signature stops matching, while
 * the server can still tell a revoked badge (an older version matches) from a forged one.
 */

const ID_LENGTH = 10;
// 13 base32 characters = 65 bits of HMAC-SHA256: forging one badge takes ~2^64 guesses online.
const MAC_LENGTH = 13;
const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const B32_ONLY = /^[0-9A-HJKMNP-TV-Z]+$/;

// Each person's badge is scanned at every meeting they have: the current version's signature is
// worked out once, not by an HMAC per scan. Bounded, so forged ids sent in bulk cannot grow it.
const CURRENT_MACS = 50_000;
const currentMacs = boundedMemo<string>(CURRENT_MACS);

function currentMac(secret: string, id: string, version: number): string {
  return currentMacs(`${id}:${version}:${secret}`, () => mac(secret, id, version));
}

function mac(secret: string, id: string, version: number): string {
  const digest = createHmac('sha256', secret).update(`badge:${id}:${version}`).digest();
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of digest) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < MAC_LENGTH) {
      bits -= 5;
      out += B32[(acc >> bits) & 31];
    }
    if (out.length === MAC_LENGTH) break;
  }
  return out;
}

/** The token printed on a badge for attendee `id` at badge `version`. */
export function signBadge(secret: string, id: string, version: number): string {
  return `${id.toUpperCase()}${mac(secret, id.toLowerCase(), version)}`;
}

/**
 * Splits a token (any case) into the attendee id it claims and its signature, or null when it
 * is not a badge token at all. A token of the right alphabet but the wrong length (truncated,
 * extended) still splits: its signature then fails, as a forgery's does.
 */
export function splitBadgeToken(token: string): { id: string; signature: string } | null {
  const upper = token.toUpperCase();
  if (upper.length <= ID_LENGTH || upper.length > 2 * (ID_LENGTH + MAC_LENGTH) || !B32_ONLY.test(upper)) return null;
  return { id: upper.slice(0, ID_LENGTH).toLowerCase(), signature: upper.slice(ID_LENGTH) };
}

export type BadgeCheck = 'valid' | 'revoked' | 'forged';

/** Checks a signature against the attendee's current badge version, then against older ones. */
export function checkBadge(secret: string, id: string, signature: string, currentVersion: number): BadgeCheck {
  const given = Buffer.from(signature.toUpperCase());
  if (sameMac(currentMac(secret, id, currentVersion), given)) return 'valid';
  for (let v = currentVersion - 1; v >= 1; v -= 1) if (sameMac(mac(secret, id, v), given)) return 'revoked';
  return 'forged';
}

// A function of the module, not a closure per check: tsx names each closure with a helper call.
function sameMac(expected: string, given: Buffer): boolean {
  const bytes = Buffer.from(expected);
  return bytes.length === given.length && timingSafeEqual(bytes, given);
}

/** The QR content of a badge: upper case, so the QR uses the compact alphanumeric mode. */
export function badgeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/B/${token}`.toUpperCase();
}
