import { createMiddleware } from 'hono/factory';
import { hashToken } from '../domain/kiosk.ts';
import { AppError } from '../errors.ts';
import type { Kiosk } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { KioskPresence } from '../services/kiosk-presence.ts';

export type KioskEnv = { Variables: { kiosk: Kiosk } };

/**
 * Kiosk routes take the kiosk's own token from pairing; an unpaired kiosk is refused at once.
 * A kiosk that gets through is marked seen (`presence`), for the dashboard's "last seen".
 */
export function requireKiosk(store: Store, presence?: { presence: KioskPresence; now: () => Date }) {
  return createMiddleware<KioskEnv>(async (c, next) => {
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization')?.trim() ?? '');
    const hash = match ? hashToken(match[1]!) : null;
    const kiosk = hash ? store.kiosks().find((k) => k.tokenHash === hash) : undefined;
    if (!kiosk || kiosk.revokedAt) {
      throw new AppError(401, 'kiosk_not_paired', 'This kiosk is not paired. Ask staff for a pairing code.');
    }
    c.set('kiosk', kiosk);
    presence?.presence.seen(kiosk.id, presence.now());
    await next();
  });
}
