import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { fromOurPages, isStaff, sameSecret, SESSION_COOKIE, staffSession } from '../middleware/staff-auth.ts';
import type { AppDeps } from '../app.ts';

const signInSchema = z.strictObject({ token: z.string({ error: 'Paste the admin token.' }).trim().min(1, { error: 'Paste the admin token.' }) });

/**
 * `/api/session`: the staff pages trade the admin token once for an HttpOnly cookie, because a
 * browser's EventSource (the live views) cannot send an Authorization header. Signing out ends
 * that session on the server; `?everywhere=1` ends every staff session (a lost tablet, a
 * borrowed laptop).
 */
export function sessionRoutes({ adminToken, sessions, sessionEnded, now, secureCookies, store, publicUrl }: AppDeps) {
  return new Hono()
    .get('/', (c) => c.json({ staff: isStaff(c, adminToken, sessions, sessionEnded, now()) }))
    .post('/', rateLimit({ limit: 10, windowMs: 60_000 }), ...jsonBody(signInSchema), (c) => {
      if (!sameSecret(c.req.valid('json').token, adminToken)) {
        throw new AppError(401, 'unauthorized', 'That admin token is not right. It is printed when the server starts.');
      }
      const { value, maxAge } = sessions.issue(now(), store.staffSessionGeneration());
      setCookie(c, SESSION_COOKIE, value, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge, secure: secureCookies });
      return c.json({ staff: true });
    })
    .delete('/', async (c) => {
      if (!fromOurPages(c, publicUrl)) throw new AppError(403, 'cross_site', 'This sign-out did not come from the staff console of this server, so it was refused.');
      const at = now();
      const everywhere = ['1', 'true'].includes(c.req.query('everywhere') ?? '');
      if (everywhere && !isStaff(c, adminToken, sessions, sessionEnded, at)) throw new AppError(401, 'unauthorized', 'Sign in as staff to sign everyone out.');
      const session = staffSession(c, sessions, sessionEnded, at);
      if (everywhere) await store.endStaffSessions('all', at);
      else if (session) await store.endStaffSessions({ id: session.id, expiresAt: session.expiresAt }, at);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ staff: false });
    });
}
