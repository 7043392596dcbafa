import { Hono } from 'hono';
import { html } from 'hono/html';
import { serveStatic } from '@hono/node-server/serve-static';
import { etag } from 'hono/etag';
import type { Context } from 'hono';
import type { AppDeps } from '../app.ts';
import { FONTS_DIR } from '../badges/fonts.ts';
import { acceptedLanguages, DEFAULT_LANGUAGE, pickLanguage, textDirection, type Language } from '../i18n/languages.ts';
import { pageText } from '../i18n/server-catalogs.ts';
import { isolate } from '../domain/user-text.ts';

/**
 * The language a visitor's browser asks for (Accept-Language), else `fallback`: what an
 * attendee page starts in before its script knows better (a remembered choice, the person's
 * own). The answer then varies by that header, which a cache between must know.
 */
export function browserLanguage(c: Context, fallback: Language = DEFAULT_LANGUAGE): Language {
  c.header('Vary', 'Accept-Language');
  return pickLanguage(acceptedLanguages(c.req.header('accept-language')), fallback);
}

/** A page is a shell: one custom element and the bundle that defines it, in one language. */
function shell(lang: Language, title: string, bundle: string | null, body: ReturnType<typeof html>) {
  return html`<!doctype html>
<html lang="${lang}" dir="${textDirection(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/page.css">
${bundle ? html`<script type="module" src="/assets/${bundle}.js"></script>` : ''}
</head>
<body>
${body}
<noscript>${pageText(lang)('pages.noscript')}</noscript>
</body>
</html>`;
}

/** The HTML pages and their static assets (built from kiosk/ into kiosk/dist). */
export function pageRoutes({ store, assetsDir, staffOnly }: AppDeps) {
  return new Hono()
    // Source maps show our source to whoever asks: staff may debug with them, nobody else needs them.
    .use('/assets/*', async (c, next) => (c.req.path.endsWith('.map') ? staffOnly(c, next) : next()))
    .use('/assets/*', etag(), async (c, next) => {
      await next();
      // File names are not content-hashed, so browsers revalidate (cheap with the ETag).
      c.header('Cache-Control', 'no-cache');
    })
    .use('/assets/*', serveStatic({ root: assetsDir, rewriteRequestPath: (p) => p.replace(/^\/assets/, '') }))
    // The badge fonts, so the HTML print view breaks lines exactly where the PDF does.
    .use('/fonts/*', etag(), serveStatic({ root: FONTS_DIR, rewriteRequestPath: (p) => p.replace(/^\/fonts\//, '/@fontsource/') }))
    // Browsers ask for it on every page; an empty answer beats a 404 in every console.
    .get('/favicon.ico', (c) => c.body(null, 204))
    .get('/', (c) => {
      const lang = browserLanguage(c, store.event.language);
      const t = pageText(lang);
      return c.html(
        shell(
          lang,
          store.event.name,
          null,
          html`<main class="landing"><h1 dir="auto">${store.event.name}</h1>
<p><a href="/register">${t('pages.landing.register')}</a></p>
<p><a href="/staff">${t('pages.landing.staff')}</a></p></main>`,
        ),
      );
    })
    // The staff console is English, and a kiosk's language is set by staff (its script applies it).
    .get('/staff', (c) => c.html(shell('en', `Staff · ${store.event.name}`, 'staff', html`<bx-staff-app></bx-staff-app>`)))
    .get('/kiosk', (c) =>
      c.html(shell(store.event.language ?? DEFAULT_LANGUAGE, `Kiosk · ${store.event.name}`, 'station', html`<bx-kiosk-app><div slot="camera" id="bx-camera"></div></bx-kiosk-app>`)),
    )
    // The attendee pages: their titles in the visitor's language, the event's name isolated in them.
    .get('/register', (c) => {
      const lang = browserLanguage(c, store.event.language);
      return c.html(shell(lang, pageText(lang)('pages.title.register', { event: isolate(store.event.name) }), 'register', html`<bx-register-app></bx-register-app>`));
    })
    // The own page's service worker: served under /me/ because a worker looks after pages below its own address only.
    .get('/me/offline-worker.js', etag(), async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-cache');
    }, serveStatic({ root: assetsDir, rewriteRequestPath: () => '/me-offline-worker.js' }))
    .get('/me/:key', (c) => {
      const lang = browserLanguage(c, store.event.language);
      return c.html(shell(lang, pageText(lang)('pages.title.me', { event: isolate(store.event.name) }), 'register', html`<bx-me-app profile-key="${c.req.param('key')}"></bx-me-app>`));
    })
    .get('/m/:token', (c) => {
      const lang = browserLanguage(c, store.event.language);
      return c.html(shell(lang, pageText(lang)('pages.title.meeting', { event: isolate(store.event.name) }), 'register', html`<bx-meeting-page token="${c.req.param('token')}"></bx-meeting-page>`));
    });
}
