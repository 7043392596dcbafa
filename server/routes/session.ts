import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { isStaff, sameSecret, SESSION_COOKIE } from '../middleware/staff-auth.ts';
import type { AppDeps } from '../app.ts';

const signInSchema = z.strictObject({ token: z.string({ error: 'Paste the admin token.' }).trim().min(1, { error: 'Paste the admin token.' }) });

/**
 * `/api/session`: the staff pages trade the admin token once for an HttpOnly cookie, because a
 * browser's EventSource (the live views) cannot send an Authorization header.
 */
export function sessionRoutes({ adminToken, sessions, now, secureCookies }: AppDeps) {
  return new Hono()
    .get('/', (c) => c.json({ staff: isStaff(c, adminToken, sessions, now()) }))
    .post('/', rateLimit({ limit: 10, windowMs: 60_000 }), ...jsonBody(signInSchema), (c) => {
      if (!sameSecret(c.req.valid('json').token, adminToken)) {
        throw new AppError(401, 'unauthorized', 'That admin token is not right. It is printed when the server starts.');
      }
      const { value, maxAge } = sessions.issue(now());
      setCookie(c, SESSION_COOKIE, value, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge, secure: secureCookies });
      return c.json({ staff: true });
    })
    .delete('/', (c) => {
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ staff: false });
    });
}
