import { ConceptIndex, type Activations, type ConceptFile } from './concepts.ts';
import { analyze } from './text-analysis.ts';

/** An offering, analysed once. */
export interface OfferingText {
  /** Content lemmas without the generic words. */
  content: ReadonlySet<string>;
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
 * The score at and above which an offering is taken to address a need. Calibrated on the
 * development set in matching/eval-set.json (`npm run eval` shows the best value again).
 */
export const NEED_MATCH_THRESHOLD = 0.4;

// A concept link is strong evidence by itself; shared rare words add to it. Shared words alone
// count for less: one shared word is how look-alikes ("seed investor", "seed supplier") look.
const CONCEPT_BASE = 0.55;
const LEXICAL_WEIGHT = 0.7;
// A text that reaches a concept through one plain word must be mostly about that concept:
// "Recruiting volunteers for our charity run" is about a charity run, not about hiring.
const ON_TOPIC_NEED = 0.4;
const ON_TOPIC_OFFERING = 0.3;

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
    return { content: new Set(full.lemmas.filter((l) => !this.concepts.ignore.has(l))), offered: this.concepts.offered(full) };
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
   * Whether a text is really about a concept it touches: through two terms, through a phrase
   * ("term sheet"), or through one word that has a single sense ("lawyer", not "lease") in a
   * text whose words are mostly the concept's own.
   */
  #about(conceptId: string, terms: string[][], content: Iterable<string>, share: number): boolean {
    if (terms.length >= 2 || terms.some((t) => t.length > 1)) return true;
    if (this.concepts.ambiguous.has(terms[0]![0]!)) return false;
    const vocabulary = this.concepts.vocabulary(conceptId);
    let total = 0;
    let inside = 0;
    for (const l of content) {
      const w = this.idf(l);
      total += w;
      if (vocabulary.has(l)) inside += w;
    }
    return total > 0 && inside / total >= share;
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
    const concepts = [...need.needed]
      .filter(([id, terms]) => {
        const offered = offering.offered.get(id);
        return offered && this.#about(id, terms, need.content, ON_TOPIC_NEED) && this.#about(id, offered, offering.content, ON_TOPIC_OFFERING);
      })
      .map(([id]) => id);
    const score = concepts.length ? CONCEPT_BASE + (1 - CONCEPT_BASE) * coverage : LEXICAL_WEIGHT * coverage;
    const labels = concepts.map((id) => this.concepts.labels.get(id)!);
    return { score: Math.round(score * 1000) / 1000, matched: [...labels, ...shared.filter((s) => !labels.includes(s))] };
  }
}
