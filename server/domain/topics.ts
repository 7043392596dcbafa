import { z } from 'zod';
import type { ConceptFile } from './matching/concepts.ts';
import { dropUnpairedBidi } from './user-text.ts';

/**
 * The event's own topics, added by staff in the console ("veterinary practices", "hydrogen"):
 * concepts like those of matching/concepts.json, which stays the shipped default. People confirm
 * them like any other topic; their words link texts as a shipped concept's terms do.
 */
export interface EventTopic {
  id: string;
  label: string;
  /** Words and phrases that name the topic, on either side ("hydrogen", "electrolyser"). */
  terms: string[];
  /** Example offerings and needs, as people would write them (shown in the console, read by the model when it is there). */
  offers: string[];
  needs: string[];
  createdAt: string;
}

/** A topic as forms list it. */
export interface TopicInfo {
  id: string;
  label: string;
  source: 'shipped' | 'event';
}

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .transform((s) => dropUnpairedBidi(s.replace(/\s+/g, ' ').trim()))
    .refine((s) => s.length <= max, { error: `${label} must be at most ${max} characters.` });
const lines = (label: string, max: number, count: number) =>
  z
    .array(text(label, max), { error: `${label} must be a list of texts.` })
    .transform((l) => [...new Set(l.filter(Boolean))])
    .refine((l) => l.length <= count, { error: `At most ${count} ${label.toLowerCase()}.` });

/** What staff send to add a topic. */
export const newTopicSchema = z.strictObject(
  {
    label: text('Name', 60).refine((s) => s.length >= 2, { error: 'Give the topic a name (at least two letters), like "hydrogen".' }),
    terms: lines('Words that name it', 60, 20).optional(),
    offers: lines('Example offerings', 120, 10).optional(),
    needs: lines('Example needs', 160, 10).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : 'Expected a JSON object.') },
);
export type NewTopic = z.infer<typeof newTopicSchema>;

/** "Veterinary practices" → "veterinary-practices"; a taken id gets a number. */
export function topicIdFor(label: string, taken: (id: string) => boolean): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'topic';
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

/** A new event topic from what staff typed: its name is always one of its terms. */
export function createEventTopic(input: NewTopic, id: string, now: Date): EventTopic {
  const terms = [...new Set([input.label.toLowerCase(), ...(input.terms ?? []).map((t) => t.toLowerCase())])];
  return { id, label: input.label, terms, offers: input.offers ?? [], needs: input.needs ?? [], createdAt: now.toISOString() };
}

/** The shipped concepts with the event's topics after them, as the matcher reads them. */
export function withEventTopics(file: ConceptFile, topics: readonly EventTopic[]): ConceptFile {
  if (!topics.length) return file;
  return {
    ...file,
    concepts: [
      ...file.concepts,
      ...topics.map((t) => ({ id: t.id, label: t.label, offers: [], needs: [], topic: t.terms, examples: { offers: t.offers, needs: t.needs } })),
    ],
  };
}

/** Topic ids in a profile's fields that the catalog does not hold. */
export function unknownTopics(fields: { offeringTopics?: string[]; needTopics?: string[][] }, known: (id: string) => boolean): string[] {
  const ids = [...(fields.offeringTopics ?? []), ...(fields.needTopics ?? []).flat()];
  return [...new Set(ids.filter((id) => !known(id)))];
}
