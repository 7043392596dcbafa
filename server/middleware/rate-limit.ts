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
  const windows = new Map<string, { start: number; count: number }>();
  return createMiddleware(async (c, next) => {
    const t = now();
    const who = key(c);
    let w = windows.get(who);
    if (!w || t - w.start >= windowMs) {
      // Drop stale entries now and then so the map cannot grow without bound.
      if (windows.size > 10_000) for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
      w = { start: t, count: 0 };
      windows.set(who, w);
    }
    w.count += 1;
    if (w.count > limit) {
      const retry = Math.ceil((w.start + windowMs - t) / 1000);
      c.header('Retry-After', String(retry));
      throw new AppError(429, 'rate_limited', `Too many attempts. Try again in ${retry} seconds.`);
    }
    await next();
  });
}

function clientAddress(c: Context): string {
  return (c.get('clientAddress' as never) as string | undefined) ?? 'local';
}
