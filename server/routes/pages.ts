import { Hono } from 'hono';
import { html } from 'hono/html';
import { serveStatic } from '@hono/node-server/serve-static';
import { etag } from 'hono/etag';
import type { AppDeps } from '../app.ts';
import { FONTS_DIR } from '../badges/fonts.ts';

/** A page is a shell: one custom element and the bundle that defines it. */
function shell(title: string, bundle: string | null, body: ReturnType<typeof html>) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/page.css">
${bundle ? html`<script type="module" src="/assets/${bundle}.js"></script>` : ''}
</head>
<body>
${body}
<noscript>Badge Exchange needs JavaScript for this page.</noscript>
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
    .get('/', (c) =>
      c.html(
        shell(
          store.event.name,
          null,
          html`<main class="landing"><h1>${store.event.name}</h1>
<p><a href="/register">Register and get your badge</a></p>
<p><a href="/staff">Staff console</a></p></main>`,
        ),
      ),
    )
    .get('/staff', (c) => c.html(shell(`Staff · ${store.event.name}`, 'staff', html`<bx-staff-app></bx-staff-app>`)))
    .get('/register', (c) => c.html(shell(`Register · ${store.event.name}`, 'register', html`<bx-register-app></bx-register-app>`)))
    .get('/kiosk', (c) =>
      c.html(shell(`Kiosk · ${store.event.name}`, 'station', html`<bx-kiosk-app><div slot="camera" id="bx-camera"></div></bx-kiosk-app>`)),
    )
    .get('/me/:key', (c) => c.html(shell(`Your page · ${store.event.name}`, 'register', html`<bx-me-app profile-key="${c.req.param('key')}"></bx-me-app>`)))
    .get('/m/:token', (c) => c.html(shell(`Your meeting · ${store.event.name}`, 'register', html`<bx-meeting-page token="${c.req.param('token')}"></bx-meeting-page>`)));
}
