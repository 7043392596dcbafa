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
  // Which concepts have a term starting with a lemma, per side: a text is checked only against
  // concepts one of its words can start a term of (every term of every concept made a third of
  // the cost of analysing 20,000 profiles at start). Indexes into #concepts, so order is kept.
  readonly #offerStarts = new Map<string, number[]>();
  readonly #needStarts = new Map<string, number[]>();

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
    this.#concepts.forEach((c, i) => {
      this.labels.set(c.id, c.label);
      this.#byId.set(c.id, c);
      for (const [starts, side] of [[this.#offerStarts, c.offers], [this.#needStarts, c.needs]] as const) {
        for (const t of side) {
          const list = starts.get(t.lemmas[0]!) ?? [];
          if (list.at(-1) !== i) list.push(i);
          starts.set(t.lemmas[0]!, list);
        }
      }
    });
  }

  /** The concepts (in list order) with a term that one of the text's lemmas may start. */
  #candidates(a: Analysis, starts: ReadonlyMap<string, number[]>): Concept[] {
    const hit = new Set<number>();
    for (const l of a.lemmas) for (const i of starts.get(l) ?? []) hit.add(i);
    return [...hit].sort((x, y) => x - y).map((i) => this.#concepts[i]!);
  }

  /** The words of a concept, for judging whether a text is mostly about it. */
  vocabulary(id: string): ReadonlySet<string> {
    return this.#byId.get(id)?.vocabulary ?? new Set();
  }

  /** The concepts an offering offers. Analyse the text without the ignore list: phrases need their words. */
  offered(a: Analysis): Activations {
    const found: Activations = new Map();
    for (const c of this.#candidates(a, this.#offerStarts)) {
      const terms = c.offers.filter((t) => containsTerm(a, t.lemmas)).map((t) => t.lemmas);
      if (terms.length) found.set(c.id, terms);
    }
    return found;
  }

  /** The concepts a need asks for; a `notNeeds` term (a look-alike) cancels its concept. */
  needed(a: Analysis): Activations {
    const found: Activations = new Map();
    for (const c of this.#candidates(a, this.#needStarts)) {
      if (c.notNeeds.some((t) => containsTerm(a, t))) continue;
      const terms = c.needs.filter((t) => containsTerm(a, t.lemmas)).map((t) => t.lemmas);
      if (terms.length) found.set(c.id, terms);
    }
    return found;
  }
}
