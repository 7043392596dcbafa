import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error a client can act on: it becomes the contract's `{error: {code, message}}` body in
 * the app's one error handler. Domain code throws it; nothing else writes error responses.
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`);
