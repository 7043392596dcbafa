import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../middleware/json-body.ts';
import { digestWindowProblem } from '../domain/digest-window.ts';
import { mailSenderProblem } from '../domain/event-settings.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { AppDeps } from '../app.ts';

/**
 * Who a run would mail, counted without rendering anything, so staff confirm with the number
 * ("Send 212 digests"). Follows the run's own rules in server/services/digests.ts.
 */
export function digestRecipients(store: Store, { noMeetings = 'skip', force = false }: { noMeetings?: 'skip' | 'note'; force?: boolean }) {
  const counts = { recipients: 0, asked: 0, noEmail: 0, metNobody: 0, sentBefore: 0 };
  for (const a of store.attendees()) {
    if (!a.digest) continue;
    counts.asked++;
    const before = store.digests.latest(a.id);
    if (!a.email) counts.noEmail++;
    else if (!force && (before?.state === 'sent' || before?.state === 'failed')) counts.sentBefore++;
    else if (noMeetings === 'skip' && store.exchanges.ofAttendee(a.id).length === 0) counts.metNobody++;
    else counts.recipients++;
  }
  return counts;
}

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

/**
 * Staff digests: `GET /api/digests` (progress), `GET /api/digests/recipients` (who a run would
 * mail), `POST /api/digests/send`, `POST /api/digests/test`, `GET /api/digests/:id/preview`.
 */
export function digestRoutes({ digests, store, mailFrom, now }: AppDeps) {
  // A fresh event's placeholder organizer must not send anything; counting (dry run) is fine.
  const assertSender = () => {
    const problem = mailSenderProblem(store.event, mailFrom);
    if (problem) throw new AppError(409, 'organizer_email_missing', problem);
  };
  return new Hono()
    .get('/', (c) => {
      const log = store.digests.all();
      return c.json({ ...digests.progress(), log: { sent: log.filter((e) => e.state === 'sent').length, failed: log.filter((e) => e.state === 'failed').length } });
    })
    .get('/recipients', (c) => {
      const noMeetings = c.req.query('noMeetings') === 'note' ? 'note' : 'skip';
      return c.json({
        ...digestRecipients(store, { noMeetings, force: c.req.query('force') === '1' }),
        senderProblem: mailSenderProblem(store.event, mailFrom),
        windowProblem: digestWindowProblem(now(), store.event.digestWindow, store.event.timeZone),
      });
    })
    .post('/send', ...jsonBody(sendSchema), (c) => {
      const body = c.req.valid('json');
      if (!body.dryRun) {
        assertSender();
        // Only the run to everyone waits for the window: a test copy goes to staff, a dry run to nobody.
        const closed = digestWindowProblem(now(), store.event.digestWindow, store.event.timeZone);
        if (closed) throw new AppError(409, 'outside_send_window', closed);
      }
      return c.json(digests.start({ dryRun: body.dryRun, force: body.force, only: body.to, noMeetings: body.noMeetings }), 202);
    })
    .post('/test', ...jsonBody(testSchema), async (c) => {
      const { attendee, email } = c.req.valid('json');
      assertSender();
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
