import { Hono } from 'hono';
import { z } from 'zod';
import { newTopicSchema } from '../domain/topics.ts';
import { LANGUAGES } from '../i18n/languages.ts';
import { queryLanguage } from '../i18n/query-language.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { addEventTopic, catalog, removeEventTopic } from '../services/topics.ts';
import type { AppDeps } from '../app.ts';

const proposeSchema = z.strictObject({
  text: z.string({ error: 'Send the text to propose topics for.' }).max(200, { error: 'A text to propose topics for is at most 200 characters.' }),
  side: z.enum(['offering', 'need'], { error: 'side is "offering" or "need".' }),
  // The form's language: the proposed topics are named in it.
  language: z.enum(LANGUAGES, { error: `language must be one of ${LANGUAGES.join(', ')}.` }).optional(),
});

/**
 * `/api/topics`: the concept list people confirm topics from. Anyone reads it (`?lang=de` names
 * the shipped topics in German) and asks for proposals (the registration form does, as people
 * type, in its language); staff see what is behind each topic and add the event's own.
 */
export function topicRoutes(deps: AppDeps) {
  const { talkingPoints, staffOnly, now } = deps;
  // Proposals follow typing (debounced by the form): generous, but not a free text-analysis API.
  const typing = rateLimit({ limit: 240, windowMs: 60_000 });
  return new Hono()
    .get('/', (c) => c.json({ topics: catalog(deps, queryLanguage(c.req.query('lang'))) }))
    .post('/propose', typing, ...jsonBody(proposeSchema), (c) => {
      const { text, side, language } = c.req.valid('json');
      const labels = new Map(catalog(deps, language).map((t) => [t.id, t]));
      return c.json({ topics: talkingPoints.propose(text, side).flatMap((id) => labels.get(id) ?? []) });
    })
    .get('/detail', staffOnly, async (c) => {
      await talkingPoints.settled();
      const reach = talkingPoints.topicReach();
      const event = new Map(deps.store.eventTopics().map((t) => [t.id, t]));
      const topics = talkingPoints.conceptFile().concepts.map((t) => ({
        id: t.id,
        label: t.label,
        source: event.has(t.id) ? 'event' : 'shipped',
        terms: { offers: t.offers, needs: t.needs, topic: t.topic ?? [] },
        examples: { offers: t.examples?.offers ?? [], needs: t.examples?.needs ?? [] },
        reach: reach.get(t.id) ?? { found: 0, confirmed: 0 },
      }));
      return c.json({ topics, attendees: deps.store.attendees().length });
    })
    .post('/', staffOnly, ...jsonBody(newTopicSchema), async (c) => c.json(await addEventTopic(deps, c.req.valid('json'), now()), 201))
    .delete('/:id', staffOnly, async (c) => {
      await removeEventTopic(deps, c.req.param('id'));
      return c.body(null, 204);
    });
}
