import { Hono, type Context } from 'hono';
import { writeBadgesHtml } from '../badges/html-writer.ts';
import { writeBadgesPdf } from '../badges/pdf-writer.ts';
import { writeBadgesZpl } from '../badges/zpl-writer.ts';
import { badgeContents, chooseTemplate, markPrinted, selectForPrint } from '../services/badge-print.ts';
import type { AppDeps } from '../app.ts';

/**
 * Staff printing: `/api/badge-templates` and `/api/badges.{pdf,html,zpl}?template=&ids=&unprinted=1&q=`.
 * Producing badges marks them printed, unless `preview=1`.
 */
export function badgeRoutes(deps: AppDeps) {
  const { store, templates, now } = deps;

  const prepare = async (c: Context) => {
    const template = chooseTemplate(templates, c.req.query('template'));
    const ids = c.req.query('ids')?.split(',').map((s) => s.trim()).filter(Boolean);
    const attendees = selectForPrint(store, { ids, unprinted: flag(c.req.query('unprinted')), q: c.req.query('q') });
    const contents = badgeContents(attendees, { publicUrl: deps.publicUrl, secret: deps.secret, event: store.event.name });
    return { template, attendees, contents, preview: flag(c.req.query('preview')) };
  };
  const disposition = (c: Context, template: string, ext: string, preview: boolean) =>
    c.header('Content-Disposition', `${preview ? 'inline' : 'attachment'}; filename="badges-${template}.${ext}"`);

  return new Hono()
    .get('/badge-templates', (c) =>
      c.json(
        [...templates.values()].map((t) => ({
          name: t.name,
          label: t.label,
          perPage: t.grid.columns * t.grid.rows,
          badge: t.badge,
          zpl: t.zpl,
        })),
      ),
    )
    .get('/badges.pdf', async (c) => {
      const { template, attendees, contents, preview } = await prepare(c);
      const pdf = await writeBadgesPdf(template, contents, `${store.event.name} badges`);
      if (!preview) await markPrinted(store, attendees, now());
      disposition(c, template.name, 'pdf', preview);
      return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf' });
    })
    .get('/badges.html', async (c) => {
      const { template, attendees, contents, preview } = await prepare(c);
      if (!preview) await markPrinted(store, attendees, now());
      return c.html(writeBadgesHtml(template, contents));
    })
    .get('/badges.zpl', async (c) => {
      const { template, attendees, contents, preview } = await prepare(c);
      const zpl = writeBadgesZpl(template, contents);
      if (!preview) await markPrinted(store, attendees, now());
      disposition(c, template.name, 'zpl', preview);
      return c.body(zpl, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    });
}

function flag(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'yes';
}
