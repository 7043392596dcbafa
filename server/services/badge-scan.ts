import { parseBadgePayload } from '../domain/badge-payload.ts';
import { checkBadge, splitBadgeToken } from '../domain/badge-token.ts';
import type { Attendee } from '../domain/attendee.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/store.ts';

/**
 * The attendee behind a scanned payload, or the contract's error: 400 for something that is not
 * a badge, 404 for an unknown or forged one, 410 for a badge that was reissued.
 */
export function attendeeForScan(store: Store, secret: string, scanned: unknown): Attendee {
  if (typeof scanned !== 'string') throw new AppError(400, 'invalid_badge', 'Send the scanned badge as text.');
  const payload = parseBadgePayload(scanned);
  if (!payload.ok) {
    throw new AppError(400, 'invalid_badge', payload.reason === 'empty' ? 'Nothing was scanned.' : 'That is not a Badge Exchange badge.');
  }
  const parts = splitBadgeToken(payload.token);
  const attendee = parts ? store.attendee(parts.id) : undefined;
  const check = parts && attendee ? checkBadge(secret, attendee.id, parts.signature, attendee.badgeVersion) : 'forged';
  if (check === 'forged' || !attendee) throw new AppError(404, 'unknown_badge', 'This badge was not issued at this event.');
  if (check === 'revoked') throw new AppError(410, 'revoked_badge', 'This badge was replaced by a new one. Please use the new badge.');
  return attendee;
}
