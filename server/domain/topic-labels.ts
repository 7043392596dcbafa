import ar from '../../locales/topics/ar.json' with { type: 'json' };
import de from '../../locales/topics/de.json' with { type: 'json' };
import en from '../../locales/topics/en.json' with { type: 'json' };
import es from '../../locales/topics/es.json' with { type: 'json' };
import fr from '../../locales/topics/fr.json' with { type: 'json' };
import type { Language } from '../i18n/languages.ts';

/**
 * The shipped concepts' names per language (`locales/topics/<lang>.json`, concept id → label;
 * English is matching/concepts.json's own). An event's own topics are not here: staff typed
 * them in one language, and they are shown as typed.
 */
export const TOPIC_LABELS: Record<Language, Readonly<Record<string, string>>> = { en, de, fr, es, ar };

/**
 * A shipped concept's name in `lang`, or undefined when `id` is not a shipped concept.
 *
 * @example topicLabel('finance', 'de') // 'Finanzen und Buchhaltung'
 */
export function topicLabel(id: string, lang: Language): string | undefined {
  const labels = TOPIC_LABELS[lang];
  return Object.hasOwn(labels, id) ? labels[id] : undefined;
}
