import type { ConceptFile } from './concepts.ts';
import { lemmaOf } from './text-analysis.ts';

export type Side = 'offers' | 'needs';

/** How strongly a text means each concept, in `ConceptSpace.ids` order. */
export type Support = Float32Array;

/**
 * The texts a concept is recognised by in meaning, side by side: its terms ("fractional CFO"),
 * its topic words, and whole examples as people wrote them ("Our finances are a black box").
 * A word the file lists as ambiguous is no exemplar by itself: "seed" alone would pull "Seeds
 * for our community garden" towards fundraising.
 */
export function exemplarTexts(file: ConceptFile): { id: string; offers: string[]; needs: string[] }[] {
  const ambiguous = new Set((file.ambiguous ?? []).map(lemmaOf));
  const clear = (terms: string[]) => terms.filter((t) => /\s/.test(t.trim()) || !ambiguous.has(lemmaOf(t.trim())));
  return file.concepts.map((c) => ({
    id: c.id,
    offers: unique([...clear([...c.offers, ...(c.topic ?? [])]), ...(c.examples?.offers ?? [])]),
    needs: unique([...clear([...c.needs, ...(c.topic ?? [])]), ...(c.examples?.needs ?? [])]),
  }));
}

// One exemplar alone is noisy (a short term can echo a word of the text); the mean of the three
// nearest was steadier across the labelled sets than the nearest or the four nearest.
const NEAREST = 3;

/**
 * The concepts as points in a sentence model's space. A text's support for a concept is its mean
 * cosine to the concept's three nearest exemplars on its side (vectors are unit length, so a
 * cosine is a dot product).
 */
export class ConceptSpace {
  readonly ids: readonly string[];
  readonly #exemplars: Record<Side, Float32Array[][]>;

  constructor(concepts: { id: string; offers: Float32Array[]; needs: Float32Array[] }[]) {
    this.ids = concepts.map((c) => c.id);
    this.#exemplars = { offers: concepts.map((c) => c.offers), needs: concepts.map((c) => c.needs) };
  }

  support(vector: Float32Array, side: Side): Support {
    const out = new Float32Array(this.ids.length);
    this.#exemplars[side].forEach((exemplars, i) => {
      const nearest = exemplars.map((e) => dot(vector, e)).sort((x, y) => y - x).slice(0, NEAREST);
      out[i] = nearest.length ? nearest.reduce((s, x) => s + x, 0) / nearest.length : 0;
    });
    return out;
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function unique(texts: string[]): string[] {
  return [...new Set(texts.map((t) => t.trim()).filter(Boolean))];
}
