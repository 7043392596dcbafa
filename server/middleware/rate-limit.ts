import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';

/**
 * A fixed-window limit per client address (as the clientAddress middleware found it), in memory:
 * enough for one laptop on a LAN, where the threat is a script guessing admin tokens or flooding
 * registrations, not a botnet.
 *
 * @example
 * app.post('/api/session', rateLimit({ limit: 10, windowMs: 60_000 }), handler)
 */
export function rateLimit({
  limit,
  windowMs,
  now = Date.now,
  key = clientAddress,
}: {
  limit: number;
  windowMs: number;
  now?: () => number;
  /** Whom to count: the client address unless said otherwise (a kiosk's id, say). */
  key?: (c: Context) => string;
}) {
  const count = fixedWindow({ limit, windowMs, now });
  return createMiddleware(async (c, next) => {
    const retry = count(key(c));
    if (retry !== null) {
      c.header('Retry-After', String(retry));
      throw new AppError(429, 'rate_limited', `Too many attempts. Try again in ${retry} seconds.`);
    }
    await next();
  });
}

/**
 * Counts one more for `who` in its fixed window: null while within `limit`, else the seconds
 * until the window ends. For subjects a middleware cannot see (an attendee named in the body).
 *
 * @example
 * const linkAgain = fixedWindow({ limit: 3, windowMs: 3_600_000 })
 * if (linkAgain(attendee.id) !== null) refuse()
 */
export function fixedWindow({ limit, windowMs, now = Date.now }: { limit: number; windowMs: number; now?: () => number }): (who: string) => number | null {
  const windows = new Map<string, { start: number; count: number }>();
  return (who) => {
    const t = now();
    let w = windows.get(who);
    if (!w || t - w.start >= windowMs) {
      // Drop stale entries now and then so the map cannot grow without bound.
      if (windows.size > 10_000) for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
      w = { start: t, count: 0 };
      windows.set(who, w);
    }
    w.count += 1;
    return w.count > limit ? Math.ceil((w.start + windowMs - t) / 1000) : null;
  };
}

function clientAddress(c: Context): string {
  return (c.get('clientAddress' as never) as string | undefined) ?? 'local';
}
