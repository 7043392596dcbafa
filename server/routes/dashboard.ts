import { Hono } from 'hono';
import { dashboard } from '../domain/dashboard.ts';
import { takeTurns } from '../services/event-loop-turns.ts';
import { catalog } from '../services/topics.ts';
import type { AppDeps } from '../app.ts';

/** `GET /api/dashboard` (staff): the organizer's live figures; the page refetches on each meeting from /api/stream. */
export function dashboardRoutes(deps: AppDeps) {
  const { store, kioskPresence, now } = deps;
  return new Hono().get('/', async (c) => {
    const labels = new Map(catalog(deps).map((t) => [t.id, t.label]));
    const at = now();
    const kiosks = store.kiosks().map((k) => ({
      id: k.id,
      name: k.name,
      paired: Boolean(k.tokenHash) && !k.revokedAt,
      lastSeenAt: kioskPresence.lastSeen(k.id),
      online: kioskPresence.online(k.id, at),
      queued: kioskPresence.queued(k.id),
    }));
    // Counted between other requests: at 200,000 meetings one count is 0.2-0.3 s of work.
    const figures = await dashboard({ attendees: store.attendees(), meetings: store.exchanges.all(), kiosks, topicLabel: (id) => labels.get(id), timeZone: store.event.timeZone }, takeTurns());
    return c.json(figures);
  });
}
