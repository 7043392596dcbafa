import { Hono, type Context } from 'hono';
import { printBadges, type BadgeFormat } from '../services/badge-print.ts';
import type { AppDeps } from '../app.ts';

const TYPES: Record<BadgeFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  zpl: 'text/plain; charset=utf-8',
};

/**
 * Staff printing: `/api/badge-templates` and `/api/badges.{pdf,html,zpl}?template=&ids=&unprinted=1&q=`.
 * A GET only shows the badges (a link, a preview, a prefetch may open it); a POST of the same
 * address is the deliberate print, and marks them printed.
 */
export function badgeRoutes(deps: AppDeps) {
  const { store, templates } = deps;

  const respond = async (c: Context, format: BadgeFormat, print: boolean) => {
    const preview = !print || flag(c.req.query('preview'));
    const { template, body, count } = await printBadges(
      store,
      templates,
      {
        template: c.req.query('template'),
        format,
        ids: c.req.query('ids')?.split(',').map((s) => s.trim()).filter(Boolean),
        unprinted: flag(c.req.query('unprinted')),
        q: c.req.query('q'),
        preview,
      },
      { publicUrl: deps.publicUrl, secret: deps.secret, now: deps.now() },
    );
    c.header('X-Badge-Count', String(count));
    // The HTML view opens in the browser to print; files download unless previewed.
    if (format !== 'html') c.header('Content-Disposition', `${flag(c.req.query('preview')) ? 'inline' : 'attachment'}; filename="badges-${template.name}.${format}"`);
    return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, { 'Content-Type': TYPES[format] });
  };

  return new Hono()
    .get('/badge-templates', (c) =>
      c.json([...templates.values()].map((t) => ({ name: t.name, label: t.label, perPage: t.grid.columns * t.grid.rows, badge: t.badge, zpl: t.zpl }))),
    )
    .get('/badges.pdf', (c) => respond(c, 'pdf', false))
    .get('/badges.html', (c) => respond(c, 'html', false))
    .get('/badges.zpl', (c) => respond(c, 'zpl', false))
    .post('/badges.pdf', (c) => respond(c, 'pdf', true))
    .post('/badges.html', (c) => respond(c, 'html', true))
    .post('/badges.zpl', (c) => respond(c, 'zpl', true));
}

function flag(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'yes';
}
