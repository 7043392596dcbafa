import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppDeps } from '../app.ts';
import { queryLanguage } from '../i18n/query-language.ts';

/** `GET /api/talking-points?a=&b=[&lang=de]` (staff): `{forA, forB}` for two attendee ids. */
export function talkingPointRoutes({ talkingPoints }: AppDeps) {
  return new Hono().get('/', async (c) => {
    const a = c.req.query('a')?.trim();
    const b = c.req.query('b')?.trim();
    if (!a || !b) throw new AppError(400, 'invalid_input', 'Give two attendee ids: ?a=<id>&b=<id>.');
    return c.json(await talkingPoints.forPair(a, b, queryLanguage(c.req.query('lang'))));
  });
}
