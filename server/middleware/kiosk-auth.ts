import { createMiddleware } from 'hono/factory';
import { boundedMemo } from '../domain/bounded-memo.ts';
import { hashToken } from '../domain/kiosk.ts';
import { AppError } from '../errors.ts';
import type { Kiosk } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { KioskPresence } from '../services/kiosk-presence.ts';

// Far more than the kiosks of any hall.
const KNOWN_TOKENS = 1_000;

export type KioskEnv = { Variables: { kiosk: Kiosk } };

/**
 * Kiosk routes take the kiosk's own token from pairing; an unpaired kiosk is refused at once.
 * A kiosk that gets through is marked seen (`presence`), for the dashboard's "last seen".
 */
export function requireKiosk(store: Store, presence?: { presence: KioskPresence; now: () => Date }) {
  // Each kiosk sends its one token with every request: its hash is worked out once. Bounded, so
  // tokens made up in bulk cannot grow it; a revoked kiosk is still refused below.
  const hashes = boundedMemo<string>(KNOWN_TOKENS);
  const hashOf = (token: string) => hashes(token, () => hashToken(token));
  return createMiddleware<KioskEnv>(async (c, next) => {
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization')?.trim() ?? '');
    const hash = match ? hashOf(match[1]!) : null;
    const kiosk = hash ? store.kiosks().find((k) => k.tokenHash === hash) : undefined;
    if (!kiosk || kiosk.revokedAt) {
      throw new AppError(401, 'kiosk_not_paired', 'This kiosk is not paired. Ask staff for a pairing code.');
    }
    c.set('kiosk', kiosk);
    presence?.presence.seen(kiosk.id, presence.now());
    await next();
  });
}
