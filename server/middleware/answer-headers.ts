import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';

// The kiosk camera's QR reader worker, as server/ui-build.ts names it: the one script allowed to
// compile WebAssembly (a worker runs under the CSP of its own script's response).
const READER_WORKER = '/assets/qr-reader-worker.js';

const csp = (scriptSrc: string) =>
  [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    // Lit falls back to <style> elements where constructable stylesheets are missing (older iPads).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');

// What hono/secure-headers sets by default, without HSTS: a self-signed LAN certificate must not be pinned.
const SECURITY: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  ['Permissions-Policy', 'camera=(self), microphone=(), geolocation=()'],
];

type HeaderList = readonly (readonly [string, string])[];

const list = (scriptSrc: string, referrer: string, api: boolean): HeaderList => [
  ['Content-Security-Policy', csp(scriptSrc)],
  ...SECURITY,
  // A personal key or a meeting token is in the address of /me and /m pages, so no Referer may
  // carry it anywhere; elsewhere our own requests carry our origin (a form that prints badges is
  // a POST the CSRF check reads: under no-referrer a browser sends "Origin: null").
  ['Referrer-Policy', referrer],
  ...(api ? [['Cache-Control', 'no-store'] as const] : []),
];

// Every combination worked out once, not per request: this runs on every kiosk tap.
const API = list("'self'", 'same-origin', true);
const PAGE = list("'self'", 'same-origin', false);
const PRIVATE_PAGE = list("'self'", 'no-referrer', false);
const WORKER = list("'self' 'wasm-unsafe-eval'", 'same-origin', false);

/** The headers every answer to `path` carries. */
export function answerHeadersFor(path: string): HeaderList {
  if (path === '/api' || path.startsWith('/api/')) return API;
  if (path.startsWith('/me/') || path.startsWith('/m/')) return PRIVATE_PAGE;
  return path === READER_WORKER ? WORKER : PAGE;
}

/**
 * Security, referrer and caching headers for every answer, in one place. On the Node server they
 * go straight onto Node's response, where the answer's own headers join them: the answer then
 * never becomes a web Headers object, a tenth of a kiosk tap's time when it did. Where both name
 * one, the answer's own wins (a script's Cache-Control: no-cache), so a route that sets one of
 * these must set what it means (the live stream sets no-store itself). Without a socket
 * (app.request in tests) they are set on the answer itself, with the same result.
 */
export function answerHeaders(): MiddlewareHandler {
  return async (c, next) => {
    const headers = answerHeadersFor(c.req.path);
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (outgoing && !outgoing.headersSent) {
      for (const [name, value] of headers) outgoing.setHeader(name, value);
      return next();
    }
    await next();
    for (const [name, value] of headers) {
      if (c.res.headers.has(name)) continue;
      try {
        c.res.headers.set(name, value);
      } catch {
        // The immutable headers of a Response.redirect(): only then is the answer rebuilt.
        c.header(name, value);
      }
    }
  };
}
