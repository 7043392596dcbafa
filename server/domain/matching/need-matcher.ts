import { ConceptIndex, type Activations, type ConceptFile } from './concepts.ts';
import { analyze } from './text-analysis.ts';

/** An offering, analysed once. */
export interface OfferingText {
  /** Content lemmas without the generic words. */
  content: ReadonlySet<string>;
  /** Every lemma, generic words included. */
  all: ReadonlySet<string>;
  offered: Activations;
}

/** A need, analysed once. */
export interface NeedText {
  content: readonly string[];
  needed: Activations;
}

export interface NeedMatch {
  /** 0–1: how well the offering addresses the need. */
  score: number;
  /** The evidence: concepts linking them, then shared words. */
  matched: string[];
}

/**
 * Calibrated on the tuning half of matching/eval-set.json (`npm run eval`): the score at and
 * above which an offering is taken to address a need.
 */
export const NEED_MATCH_THRESHOLD = 0.4;

// A concept link is strong evidence by itself; shared rare words add to it. Shared words alone
// count for less: one shared word is how look-alikes ("seed investor", "seed supplier") look.
const CONCEPT_BASE = 0.55;
const LEXICAL_WEIGHT = 0.6;

/**
 * Does A's offering address B's need? Two kinds of evidence: concepts (matching/concepts.json:
 * "recruiting agency" offers hiring, "two backend developers" needs it) and shared words weighted
 * by how rare they are among the event's own profiles (IDF), as the share of the need's weight
 * the offering covers. Word counts are kept up to date as profiles change; nothing is recomputed
 * per request.
 */
export class NeedMatcher {
  readonly concepts: ConceptIndex;
  readonly #df = new Map<string, number>();
  #docs = 0;

  constructor(concepts: ConceptFile | ConceptIndex) {
    this.concepts = concepts instanceof ConceptIndex ? concepts : new ConceptIndex(concepts);
  }

  offering(text: string): OfferingText {
    const full = analyze(text);
    return {
      content: new Set(full.lemmas.filter((l) => !this.concepts.ignore.has(l))),
      all: new Set(full.lemmas),
      offered: this.concepts.offered(full),
    };
  }

  need(text: string): NeedText {
    const full = analyze(text);
    return { content: [...new Set(full.lemmas.filter((l) => !this.concepts.ignore.has(l)))], needed: this.concepts.needed(full) };
  }

  /** Counts a text's words into the event's vocabulary (once per text). */
  addDocument(content: Iterable<string>): void {
    this.#docs += 1;
    for (const l of new Set(content)) this.#df.set(l, (this.#df.get(l) ?? 0) + 1);
  }

  removeDocument(content: Iterable<string>): void {
    this.#docs = Math.max(0, this.#docs - 1);
    for (const l of new Set(content)) {
      const n = (this.#df.get(l) ?? 1) - 1;
      if (n <= 0) this.#df.delete(l);
      else this.#df.set(l, n);
    }
  }

  /** Smoothed inverse document frequency: a word no profile uses weighs most. */
  idf(lemma: string): number {
    return Math.log(1 + (this.#docs + 1) / ((this.#df.get(lemma) ?? 0) + 1));
  }

  /**
   * A concept link is evidence of meaning when the need reaches the concept through two terms,
   * through a phrase, or through one word that has one sense. A single ambiguous word ("lease" in
   * "cargo bikes on lease" and "the lease on our office") is only a shared word: it is weighed
   * as such, so look-alikes do not pass as matches.
   */
  #independent(needTerms: string[][]): boolean {
    if (needTerms.length >= 2) return true;
    const term = needTerms[0]!;
    return term.length > 1 || !this.concepts.ambiguous.has(term[0]!);
  }

  match(offering: OfferingText, need: NeedText): NeedMatch {
    let total = 0;
    let covered = 0;
    const shared: string[] = [];
    for (const l of need.content) {
      const w = this.idf(l);
      total += w;
      if (offering.content.has(l)) {
        covered += w;
        shared.push(l);
      }
    }
    const coverage = total > 0 ? covered / total : 0;
    const concepts = [...need.needed].filter(([id, terms]) => offering.offered.has(id) && this.#independent(terms)).map(([id]) => id);
    const score = concepts.length ? CONCEPT_BASE + (1 - CONCEPT_BASE) * coverage : LEXICAL_WEIGHT * coverage;
    const labels = concepts.map((id) => this.concepts.labels.get(id)!);
    return { score: Math.round(score * 1000) / 1000, matched: [...labels, ...shared.filter((s) => !labels.includes(s))] };
  }
}
