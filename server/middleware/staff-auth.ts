import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';

export const SESSION_COOKIE = 'bx_staff';
export const SESSION_HOURS = 12;

/** Compares two secrets in constant time whatever their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Staff sessions are stateless signed cookies, so a restart keeps people signed in. The key
 * mixes in the admin token: changing the token signs every session out.
 */
export function sessionSigner(secret: string, adminToken: string) {
  const key = createHmac('sha256', secret).update(`staff-session:${adminToken}`).digest();
  const sign = (expires: number) => createHmac('sha256', key).update(String(expires)).digest('base64url');
  return {
    issue(now: Date): { value: string; maxAge: number } {
      const maxAge = SESSION_HOURS * 3600;
      const expires = Math.floor(now.getTime() / 1000) + maxAge;
      return { value: `${expires}.${sign(expires)}`, maxAge };
    },
    verify(value: string | undefined, now: Date): boolean {
      if (!value) return false;
      const [expiresText, signature = ''] = value.split('.');
      const expires = Number(expiresText);
      if (!Number.isInteger(expires) || expires * 1000 < now.getTime()) return false;
      const expected = Buffer.from(sign(expires));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export type SessionSigner = ReturnType<typeof sessionSigner>;

/** Whether the request carries the admin token or a live staff session. */
export function isStaff(c: Context, adminToken: string, sessions: SessionSigner, now: Date): boolean {
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return Boolean(match && sameSecret(match[1]!, adminToken));
  }
  return sessions.verify(getCookie(c, SESSION_COOKIE), now);
}

/** Refuses with 401 unless the caller is staff. */
export function requireStaff(adminToken: string, sessions: SessionSigner, now: () => Date) {
  return createMiddleware(async (c, next) => {
    if (!isStaff(c, adminToken, sessions, now())) {
      throw new AppError(401, 'unauthorized', 'Sign in as staff: send Authorization: Bearer <admin token>.');
    }
    await next();
  });
}
