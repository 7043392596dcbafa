import { analyze, containsTerm, lemmaOf, type Analysis } from './text-analysis.ts';

/** A concept as the data file states it (matching/concepts.json). */
export interface ConceptData {
  id: string;
  label: string;
  offers: string[];
  needs: string[];
  /** Words of the topic itself, which count on either side ("insurance"). */
  topic?: string[];
  notNeeds?: string[];
  /** Whole offerings and needs people wrote that belong to the concept (for the sentence model). */
  examples?: { offers?: string[]; needs?: string[] };
}

export interface ConceptFile {
  ignore: string[];
  ambiguous?: string[];
  concepts: ConceptData[];
}

interface Concept {
  id: string;
  label: string;
  /** Every word of every term, either side. */
  vocabulary: Set<string>;
  offers: { text: string; lemmas: string[] }[];
  needs: { text: string; lemmas: string[] }[];
  notNeeds: string[][];
}

/** Terms analysed like the texts; two spellings with one stem ("deliver", "delivery") are one term. */
function terms(texts: string[], lemmas: (t: string) => string[]): { text: string; lemmas: string[] }[] {
  const seen = new Map<string, { text: string; lemmas: string[] }>();
  for (const text of texts) {
    const l = lemmas(text);
    if (l.length && !seen.has(l.join(' '))) seen.set(l.join(' '), { text, lemmas: l });
  }
  return [...seen.values()];
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
  readonly #byId = new Map<string, Concept>();

  constructor(file: ConceptFile) {
    this.ignore = new Set(file.ignore.map(lemmaOf));
    this.ambiguous = new Set((file.ambiguous ?? []).map(lemmaOf));
    const lemmas = (t: string) => analyze(t).lemmas;
    this.#concepts = file.concepts.map((c) => ({
      id: c.id,
      label: c.label,
      vocabulary: new Set([...c.offers, ...c.needs, ...(c.topic ?? [])].flatMap(lemmas)),
      offers: terms([...c.offers, ...(c.topic ?? [])], lemmas),
      needs: terms([...c.needs, ...(c.topic ?? [])], lemmas),
      notNeeds: (c.notNeeds ?? []).map(lemmas).filter((t) => t.length),
    }));
    for (const c of this.#concepts) {
      this.labels.set(c.id, c.label);
      this.#byId.set(c.id, c);
    }
  }

  /** The words of a concept, for judging whether a text is mostly about it. */
  vocabulary(id: string): ReadonlySet<string> {
    return this.#byId.get(id)?.vocabulary ?? new Set();
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
