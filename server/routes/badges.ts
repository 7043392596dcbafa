import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { markPrinted, printBadges, selectForPrint, type BadgeFormat } from '../services/badge-print.ts';
import { parsePrinter, sendToPrinter } from '../services/zebra-printer.ts';
import { jsonBody } from '../middleware/json-body.ts';
import type { AppDeps } from '../app.ts';

const toPrinterSchema = z.strictObject({
  template: z.string({ error: 'Choose a badge template.' }).max(80),
  ids: z.array(z.string().max(40), { error: 'ids: the attendees whose badges to print.' }).min(1, { error: 'Say whose badge to print (ids).' }).max(500),
  printer: z.string({ error: 'Give the printer\'s address, like 192.168.1.50.' }).max(260),
});

const TYPES: Record<BadgeFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  zpl: 'text/plain; charset=utf-8',
};

/**
 * Staff printing: `/api/badge-templates`, `/api/badges.{pdf,html,zpl}?template=&ids=&unprinted=1&q=`,
 * and `POST /api/badges/print` (ZPL straight to the desk's Zebra printer on the LAN).
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
    // `inline=1` opens a printed badge in the browser for its print dialog (the walk-up desk).
    const inline = flag(c.req.query('preview')) || flag(c.req.query('inline'));
    if (format !== 'html') c.header('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="badges-${template.name}.${format}"`);
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
    .post('/badges.zpl', (c) => respond(c, 'zpl', true))
    // The desk's printer: the server sends the labels over TCP (a browser cannot), and marks
    // the badges printed only once the printer took them.
    .post('/badges/print', ...jsonBody(toPrinterSchema), async (c) => {
      const { template, ids, printer } = c.req.valid('json');
      parsePrinter(printer);
      const ctx = { publicUrl: deps.publicUrl, secret: deps.secret, now: deps.now() };
      const { body, count } = await printBadges(store, templates, { template, format: 'zpl', ids, preview: true }, ctx);
      await sendToPrinter(printer, String(body));
      await markPrinted(store, selectForPrint(store, { ids }), ctx.now);
      return c.json({ printed: count, printer: printer.trim() });
    });
}

function flag(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'yes';
}
