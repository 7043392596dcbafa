import { OFFLINE_CACHE } from './offline-cache.ts';

/**
 * The own page's service worker (served as /me/offline-worker.js, scope /me/): a phone that opened
 * /me/<key> once opens it again while the venue's network is down, from the copy of the page and
 * its script in a cache (the page puts them there once; each later fetch refreshes them), and the
 * page then shows the data it kept itself (bx-me-app).
 * Browsers run service workers only in a secure context with a certificate they trust without a
 * warning, or on the laptop itself: not on the plain-HTTP LAN default, nor for a phone that
 * clicked through a warning about the local CA.
 *
 * The network comes first, so a phone never shows an old page while the server answers. The API
 * is left alone: its answers are the person's data, kept by the page itself and dropped when the
 * link stops working.
 */

// The worker's global scope (the pages are type-checked with the DOM library, not the worker one).
interface FetchEvent extends Event {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
const scope = self as unknown as {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
};

// A new version takes over at once: it only ever adds a fallback.
scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()));
// The page that registered it is served through it from then on, not only after a reload.
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));

scope.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== scope.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(networkElseKept(event.request));
});

async function networkElseKept(request: Request): Promise<Response> {
  const cache = await caches.open(OFFLINE_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (err) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw err;
  }
}
