import { createHash, randomBytes, randomInt } from 'node:crypto';
import { newId } from './attendee.ts';
import type { Kiosk } from '../store/schema.ts';

/** How long a pairing code works: long enough to walk to the tablet, short enough to be useless later. */
export const PAIRING_MINUTES = 10;

// Crockford base32 without 0/O and 1/I look-alikes: typed on a tablet by someone in a hurry.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An 8-character pairing code, shown as "ABCD-EFGH". */
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A code as typed: case, spaces and the dash do not matter. */
export function normalizeCode(typed: string): string {
  const clean = typed.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return clean.length === 8 ? `${clean.slice(0, 4)}-${clean.slice(4)}` : clean;
}

export function newKioskToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are kept hashed: a copy of db.json does not let anyone act as a kiosk. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createKiosk(name: string, now: Date): Kiosk {
  return {
    id: newId(),
    name,
    createdAt: now.toISOString(),
    tokenHash: null,
    pairedAt: null,
    revokedAt: null,
    pairingCode: newPairingCode(),
    pairingExpiresAt: new Date(now.getTime() + PAIRING_MINUTES * 60_000).toISOString(),
  };
}

export type PairingCheck = 'ok' | 'unknown' | 'expired';

/** Whether a kiosk's open code is this one and still fresh. */
export function checkPairing(kiosk: Kiosk, code: string, now: Date): PairingCheck {
  if (!kiosk.pairingCode || kiosk.pairingCode !== code || kiosk.revokedAt) return 'unknown';
  return kiosk.pairingExpiresAt && Date.parse(kiosk.pairingExpiresAt) > now.getTime() ? 'ok' : 'expired';
}
