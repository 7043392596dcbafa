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
 * cosine is a dot product). Exemplars sit in one flat matrix per side: a text is scored against
 * a thousand of them in well under a millisecond, on the server's own thread.
 */
export class ConceptSpace {
  readonly ids: readonly string[];
  readonly #sides: Record<Side, { matrix: Float32Array; owner: Uint16Array; dim: number }>;

  constructor(concepts: { id: string; offers: Float32Array[]; needs: Float32Array[] }[]) {
    this.ids = concepts.map((c) => c.id);
    const flat = (side: Side) => {
      const rows = concepts.flatMap((c, i) => c[side].map((v) => ({ v, i })));
      const dim = rows[0]?.v.length ?? 0;
      const matrix = new Float32Array(rows.length * dim);
      rows.forEach((r, k) => matrix.set(r.v, k * dim));
      return { matrix, owner: Uint16Array.from(rows, (r) => r.i), dim };
    };
    this.#sides = { offers: flat('offers'), needs: flat('needs') };
  }

  support(vector: Float32Array, side: Side): Support {
    const { matrix, owner, dim } = this.#sides[side];
    const n = this.ids.length;
    // The NEAREST best cosines of each concept, kept sorted, best first.
    const best = new Float32Array(n * NEAREST).fill(-Infinity);
    for (let r = 0; r < owner.length; r++) {
      let s = 0;
      for (let d = 0, o = r * dim; d < dim; d++) s += vector[d]! * matrix[o + d]!;
      const base = owner[r]! * NEAREST;
      if (s <= best[base + NEAREST - 1]!) continue;
      let k = NEAREST - 1;
      while (k > 0 && s > best[base + k - 1]!) {
        best[base + k] = best[base + k - 1]!;
        k--;
      }
      best[base + k] = s;
    }
    const out = new Float32Array(n);
    for (let c = 0; c < n; c++) {
      let sum = 0;
      let count = 0;
      for (let k = 0; k < NEAREST; k++) {
        const x = best[c * NEAREST + k]!;
        if (x === -Infinity) break;
        sum += x;
        count++;
      }
      out[c] = count ? sum / count : 0;
    }
    return out;
  }
}

function unique(texts: string[]): string[] {
  return [...new Set(texts.map((t) => t.trim()).filter(Boolean))];
}
