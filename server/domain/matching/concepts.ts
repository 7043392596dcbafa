import { analyze, containsTerm, type Analysis } from './text-analysis.ts';

/** A concept as the data file states it (matching/concepts.json). */
export interface ConceptData {
  id: string;
  label: string;
  offers: string[];
  needs: string[];
  notNeeds?: string[];
}

export interface ConceptFile {
  ignore: string[];
  ambiguous?: string[];
  concepts: ConceptData[];
}

interface Concept {
  id: string;
  label: string;
  offers: { text: string; lemmas: string[] }[];
  needs: { text: string; lemmas: string[] }[];
  notNeeds: string[][];
}

/** Which concepts a text touches, and through which terms (their lemmas). */
export type Activations = Map<string, string[][]>;

/**
 * The concept layer: what an offering offers and what a need asks for, in the vocabulary of
 * networking events. Terms are lemmatized once, the same way as the texts they are found in.
 */
export class ConceptIndex {
  readonly ignore: ReadonlySet<string>;
  readonly ambiguous: ReadonlySet<string>;
  readonly #concepts: Concept[];
  readonly labels = new Map<string, string>();

  constructor(file: ConceptFile) {
    this.ignore = new Set(file.ignore);
    this.ambiguous = new Set(file.ambiguous ?? []);
    const lemmas = (t: string) => analyze(t).lemmas;
    this.#concepts = file.concepts.map((c) => ({
      id: c.id,
      label: c.label,
      offers: c.offers.map((text) => ({ text, lemmas: lemmas(text) })).filter((t) => t.lemmas.length),
      needs: c.needs.map((text) => ({ text, lemmas: lemmas(text) })).filter((t) => t.lemmas.length),
      notNeeds: (c.notNeeds ?? []).map(lemmas).filter((t) => t.length),
    }));
    for (const c of this.#concepts) this.labels.set(c.id, c.label);
  }

  /** The concepts an offering offers. Analyse the text without the ignore list: phrases need their words. */
  offered(a: Analysis): Activations {
    const found: Activations = new Map();
    for (const c of this.#concepts) {
      const terms = c.offers.filter((t) => containsTerm(a, t.lemmas)).map((t) => t.lemmas);
      if (terms.length) found.set(c.id, terms);
    }
    return found;
  }

  /** The concepts a need asks for; a `notNeeds` term (a look-alike) cancels its concept. */
  needed(a: Analysis): Activations {
    const found: Activations = new Map();
    for (const c of this.#concepts) {
      if (c.notNeeds.some((t) => containsTerm(a, t))) continue;
      const terms = c.needs.filter((t) => containsTerm(a, t.lemmas)).map((t) => t.lemmas);
      if (terms.length) found.set(c.id, terms);
    }
    return found;
  }
}
