import { createEventTopic, topicIdFor, unknownTopics, type EventTopic, type NewTopic, type TopicInfo } from '../domain/topics.ts';
import { topicLabel } from '../domain/topic-labels.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import type { Store } from '../store/store.ts';
import type { TalkingPoints } from './talking-points.ts';

/**
 * The concept list as a form offers it: the shipped topics, named in `lang`, and the event's own
 * as staff typed them.
 */
export function catalog({ store, talkingPoints }: { store: Store; talkingPoints: TalkingPoints }, lang: Language = DEFAULT_LANGUAGE): TopicInfo[] {
  const event = new Set(store.eventTopics().map((t) => t.id));
  return talkingPoints.conceptFile().concepts.map((c) =>
    event.has(c.id) ? { id: c.id, label: c.label, source: 'event' } : { id: c.id, label: topicLabel(c.id, lang) ?? c.label, source: 'shipped' },
  );
}

/**
 * Refuses topic ids the event does not know, and more need-topic lists than needs, before a
 * profile is stored: a typo in a CSV column or a script must not confirm nothing silently.
 */
export function assertKnownTopics(
  { talkingPoints }: { talkingPoints: TalkingPoints },
  fields: { offeringTopics?: string[]; needTopics?: string[][] },
  needCount: number,
): void {
  const known = new Set(talkingPoints.conceptFile().concepts.map((c) => c.id));
  const unknown = unknownTopics(fields, (id) => known.has(id));
  if (unknown.length) {
    throw new AppError(400, 'unknown_topic', `Unknown topic${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. GET /api/topics lists the topics of this event.`, {
      fields: { [fields.offeringTopics?.some((id) => unknown.includes(id)) ? 'offeringTopics' : 'needTopics']: `Unknown topic: ${unknown.join(', ')}.` },
    });
  }
  if ((fields.needTopics?.length ?? 0) > needCount) {
    throw new AppError(400, 'invalid_input', 'Need topics: one list per need, no more lists than needs.', { fields: { needTopics: 'One list per need.' } });
  }
}

/** Adds a topic for this event; the matcher reads it at once. */
export async function addEventTopic({ store, talkingPoints }: { store: Store; talkingPoints: TalkingPoints }, input: NewTopic, now: Date): Promise<EventTopic> {
  const file = talkingPoints.conceptFile();
  const label = input.label.toLowerCase();
  if (file.concepts.some((c) => c.label.toLowerCase() === label)) {
    throw new AppError(409, 'topic_exists', `There is already a topic called "${input.label}".`);
  }
  const id = topicIdFor(input.label, (id) => file.concepts.some((c) => c.id === id));
  const topic = createEventTopic(input, id, now);
  await store.saveEventTopics([...store.eventTopics(), topic]);
  talkingPoints.topicsChanged();
  return topic;
}

/** Removes a topic staff added; shipped topics stay (they are the product's vocabulary). */
export async function removeEventTopic({ store, talkingPoints }: { store: Store; talkingPoints: TalkingPoints }, id: string): Promise<void> {
  const topics = store.eventTopics();
  if (!topics.some((t) => t.id === id)) {
    if (talkingPoints.conceptFile().concepts.some((c) => c.id === id)) {
      throw new AppError(400, 'shipped_topic', 'That topic ships with Badge Exchange and cannot be removed here; only topics added for this event can.');
    }
    throw new AppError(404, 'not_found', 'That topic was not found.');
  }
  await store.saveEventTopics(topics.filter((t) => t.id !== id));
  talkingPoints.topicsChanged();
}
