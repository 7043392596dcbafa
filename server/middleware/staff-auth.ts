import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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
 * Staff sessions are signed cookies naming a session id and its expiry, so a restart keeps people
 * signed in; signing out ends the id on the server (the store remembers it until the cookie would
 * have expired), so a copied cookie dies with the sign-out. The key mixes in the admin token:
 * changing the token signs every session out.
 */
export function sessionSigner(secret: string, adminToken: string) {
  const key = createHmac('sha256', secret).update(`staff-session:${adminToken}`).digest();
  const sign = (expires: number, generation: number, id: string) => createHmac('sha256', key).update(`${expires}.${generation}.${id}`).digest('base64url');
  const maxAge = SESSION_HOURS * 3600;
  return {
    issue(now: Date, generation: number): { value: string; maxAge: number } {
      const expires = now.getTime() + maxAge * 1000;
      const id = randomBytes(16).toString('base64url');
      return { value: `${expires}.${generation}.${id}.${sign(expires, generation, id)}`, maxAge };
    },
    /** The session a cookie names, if it is signed by us and not expired (whether it was ended is the store's to say). */
    read(value: string | undefined, now: Date): StaffSession | null {
      if (!value) return null;
      const [expiresText, generationText, id = '', signature = ''] = value.split('.');
      const expires = Number(expiresText);
      const generation = Number(generationText);
      if (!Number.isInteger(expires) || expires < now.getTime() || !Number.isInteger(generation) || !/^[\w-]{22}$/.test(id)) return null;
      const expected = Buffer.from(sign(expires, generation, id));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return { id, generation, expiresAt: new Date(expires) };
    },
  };
}

export interface StaffSession {
  id: string;
  /** Sessions of an older generation were ended by "sign out everywhere". */
  generation: number;
  expiresAt: Date;
}

/** Whether a session was ended early (signed out); the store answers. */
export type SessionEnded = (session: StaffSession) => boolean;

export type SessionSigner = ReturnType<typeof sessionSigner>;

/** The live staff session a request's cookie names, or null. */
export function staffSession(c: Context, sessions: SessionSigner, ended: SessionEnded, now: Date): StaffSession | null {
  const session = sessions.read(getCookie(c, SESSION_COOKIE), now);
  return session && !ended(session) ? session : null;
}

/** Whether the request carries the admin token or a live staff session. */
export function isStaff(c: Context, adminToken: string, sessions: SessionSigner, ended: SessionEnded, now: Date): boolean {
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return Boolean(match && sameSecret(match[1]!, adminToken));
  }
  return staffSession(c, sessions, ended, now) !== null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the staff cookie with any request to this server, even one a page on another
 * site (or another port of this laptop) makes it send. So a change made with the cookie must come
 * from our own pages: its Origin (or, failing that, Sec-Fetch-Site) must say so. Requests with the
 * admin token in a header cannot be forged that way and pass.
 */
export function fromOurPages(c: Context, publicUrl: string): boolean {
  if (SAFE_METHODS.has(c.req.method) || c.req.header('authorization')) return true;
  const origin = c.req.header('origin');
  if (origin) return origin === new URL(c.req.url).origin || origin === new URL(publicUrl).origin;
  // Browsers that send no Origin still say where a request came from.
  const site = c.req.header('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** Refuses with 401 unless the caller is staff, and with 403 a change the staff cookie was made to send from elsewhere. */
export function requireStaff(adminToken: string, sessions: SessionSigner, ended: SessionEnded, now: () => Date, publicUrl: string) {
  return createMiddleware(async (c, next) => {
    if (!isStaff(c, adminToken, sessions, ended, now())) {
      throw new AppError(401, 'unauthorized', 'Sign in as staff: send Authorization: Bearer <admin token>.');
    }
    if (!fromOurPages(c, publicUrl)) {
      throw new AppError(403, 'cross_site', 'This change did not come from the staff console of this server, so it was refused.');
    }
    await next();
  });
}
