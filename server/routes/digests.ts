import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../middleware/json-body.ts';
import type { AppDeps } from '../app.ts';

const sendSchema = z.strictObject({
  dryRun: z.boolean().optional(),
  force: z.boolean().optional(),
  to: z.array(z.string().max(40)).max(20_000).optional(),
  noMeetings: z.enum(['skip', 'note'], { error: 'noMeetings is "skip" or "note".' }).optional(),
});
const testSchema = z.strictObject({
  attendee: z.string({ error: 'Say whose digest to send.' }).min(1).max(40),
  email: z.email({ error: 'Give the address to send the test copy to.' }),
});

/** Staff digests: `GET /api/digests` (progress), `POST /api/digests/send`, `POST /api/digests/test`, `GET /api/digests/:id/preview`. */
export function digestRoutes({ digests, store }: AppDeps) {
  return new Hono()
    .get('/', (c) => {
      const log = store.digests.all();
      return c.json({ ...digests.progress(), log: { sent: log.filter((e) => e.state === 'sent').length, failed: log.filter((e) => e.state === 'failed').length } });
    })
    .post('/send', ...jsonBody(sendSchema), (c) => {
      const body = c.req.valid('json');
      return c.json(digests.start({ dryRun: body.dryRun, force: body.force, only: body.to, noMeetings: body.noMeetings }), 202);
    })
    .post('/test', ...jsonBody(testSchema), async (c) => {
      const { attendee, email } = c.req.valid('json');
      await digests.sendTest(attendee, email);
      return c.json({ sent: true, to: email });
    })
    .get('/:id/preview', async (c) => {
      const rendered = await digests.preview(c.req.param('id'));
      if (c.req.query('format') === 'text') return c.text(rendered.text);
      // The mail's own HTML, shown as is; it holds no script, and what people typed is escaped.
      return c.html(rendered.html);
    });
}
