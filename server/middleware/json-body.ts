import { zValidator } from '@hono/zod-validator';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import { describeIssues } from '../domain/attendee-rules.ts';
import { AppError } from '../errors.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Requires a JSON body that passes `schema`; the handler reads it with `c.req.valid('json')`.
 * A missing content type is refused outright: the validator would otherwise validate `{}` and
 * answer "name is required" to someone who sent a perfectly good form.
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  const requireJson = createMiddleware(async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (!JSON_TYPE.test(type)) {
      throw new AppError(415, 'unsupported_media_type', 'Send the body as JSON with the header Content-Type: application/json.');
    }
    await next();
  });
  const validate = zValidator('json', schema, (result) => {
    if (!result.success) {
      const { message, fields } = describeIssues(result.error);
      throw new AppError(400, 'invalid_input', message, { fields });
    }
  });
  return [requireJson, validate] as const;
}
