import type { Support } from './concept-space.ts';
import { ConceptIndex, type Activations, type ConceptFile } from './concepts.ts';
import { asksForCustomers, asksForProductNotOffered } from './need-kind.ts';
import { scopePhrases } from './offering-scope.ts';
import { analyze } from './text-analysis.ts';

/** An offering, analysed once. */
export interface OfferingText {
  text: string;
  /** Content lemmas without the generic words. */
  content: ReadonlySet<string>;
  /** Concepts offered: found by words, and every topic the person confirmed. */
  offered: ReadonlyActivations;
  /** Topics the person confirmed the offering is about: certain, where words are evidence. */
  confirmed: ReadonlySet<string>;
  /** The field or market the offering names ("in climate tech", "into West Africa"), or null: see `withinScope`. */
  scope: Scope | null;
}

/** The words (content lemmas) and the concepts of the phrases in which an offering names its field or market. */
export interface Scope {
  words: ReadonlySet<string>;
  concepts: ReadonlySet<string>;
}

/** Which concepts an analysed text touches, and through which terms: shared, so never changed. */
export type ReadonlyActivations = ReadonlyMap<string, string[][]>;

// What most texts hold for their confirmed topics (nine in ten of a real event's texts have
// none) and many for their concepts: one empty Set or Map shared, not 60,000 of ~150 bytes each.
const NONE: ReadonlySet<string> = new Set();
const NO_CONCEPTS: ReadonlyActivations = new Map();

/** A need, analysed once. */
export interface NeedText {
  text: string;
  content: readonly string[];
  /** Concepts asked for: found by words, and every topic the person confirmed. */
  needed: ReadonlyActivations;
  confirmed: ReadonlySet<string>;
}

export interface NeedMatch {
  /** 0–1: how well the offering addresses the need. */
  score: number;
  /** The evidence: concepts linking them, then shared words. */
  matched: string[];
  /**
   * The evidence the score rests on: a topic both people confirmed ('topic': certain), a concept
   * both texts name in words or one side confirmed ('concept', whatever the sentence model adds),
   * the sentence model's reading alone ('meaning'), or shared words alone ('words').
   */
  basis: 'topic' | 'concept' | 'meaning' | 'words';
  /** The share of the need's word weight the offering's words cover (0–1). */
  coverage: number;
  /**
   * How far the sentence model agrees with the linking concept: the weaker of the two texts'
   * support for it (for a word-found concept, its best), or null without the model.
   */
  agreement: number | null;
  /**
   * Concepts the need is about (by its words) that the offering does not offer: "Sales hires"
   * is about hiring and sales, and a recruiter of software engineers offers only the first.
   * Worked out, like `untouched`, only for a match that could be claimed (else empty).
   */
  unmet: string[];
  /** The ids of every concept the need's words touch, on topic or not, that the offering does not offer. */
  untouched: string[];
  /** The ids of the concepts that link them (what `matched` names first). */
  linked: string[];
}

/**
 * What a sentence model makes of texts: each text's support for every concept (`ids` order), or
 * nothing while the text waits to be read; the matcher then decides from words and concepts alone.
 */
export interface SemanticLookup {
  readonly ids: readonly string[];
  offering(text: string): Support | undefined;
  need(text: string): Support | undefined;
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
// Meaning (the sentence model, via the concepts' exemplars): the concept a need is nearest to,
// when it is also among the two the offering is nearest to, scores in proportion to the weaker
// of the two supports, reaching the threshold at 0.5 (chosen by scoring each labelled set with
// the examples of the other sets only).
const SEMANTIC_WEIGHT = NEED_MATCH_THRESHOLD / 0.5;
// A word both texts use pulls both towards the same exemplars ("broker" in "real estate broker"
// and "insurance broker"), so that evidence is not independent: it must be stronger (0.6). On the
// third blind set this cut false matches from 22% to 4%.
const SEMANTIC_WEIGHT_SHARED_WORD = NEED_MATCH_THRESHOLD / 0.6;
const SEMANTIC_TOP = 2;
// A concept found by its words in a need whose meaning is far from it ("Managers for our
// football team" and mentoring) is a look-alike, unless the words cover the need almost whole.
const SEMANTIC_VETO = 0.3;
const SURE_BY_WORDS = 0.9;

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

  /** Set once a sentence model is there; without it, words and concepts decide alone. */
  semantic: SemanticLookup | null = null;

  constructor(concepts: ConceptFile | ConceptIndex) {
    this.concepts = concepts instanceof ConceptIndex ? concepts : new ConceptIndex(concepts);
  }

  /** @param confirmed topics the person confirmed for this offering (unknown ids are left out). */
  offering(text: string, confirmed: readonly string[] = []): OfferingText {
    const full = analyze(text);
    const sure = this.#known(confirmed);
    return { text, content: new Set(full.lemmas.filter((l) => !this.concepts.ignore.has(l))), offered: withConfirmed(this.concepts.offered(full), sure), confirmed: sure, scope: this.#scope(text) };
  }

  need(text: string, confirmed: readonly string[] = []): NeedText {
    const full = analyze(text);
    const sure = this.#known(confirmed);
    return { text, content: [...new Set(full.lemmas.filter((l) => !this.concepts.ignore.has(l)))], needed: withConfirmed(this.concepts.needed(full), sure), confirmed: sure };
  }

  // "Seed investor in B2B software across the Nordics": the words and the concepts (either side) of
  // "B2B software" and "the Nordics". Phrases of generic words only ("in startups") name no field.
  #scope(text: string): Scope | null {
    const words = new Set<string>();
    const concepts = new Set<string>();
    for (const phrase of scopePhrases(text)) {
      const a = analyze(phrase);
      for (const l of a.lemmas) if (!this.concepts.ignore.has(l)) words.add(l);
      for (const id of this.concepts.offered(a).keys()) concepts.add(id);
      for (const id of this.concepts.needed(a).keys()) concepts.add(id);
    }
    return words.size ? { words, concepts: concepts.size ? concepts : NONE } : null;
  }

  // A topic removed from the event's list since the person confirmed it says nothing any more.
  #known(ids: readonly string[]): ReadonlySet<string> {
    const known = ids.filter((id) => this.concepts.labels.has(id));
    return known.length ? new Set(known) : NONE;
  }

  /**
   * The topics to propose for a text a person is typing, best first: the concepts its words are
   * really about (a word it merely touches, "seeds" for fundraising, proposes nothing). What the
   * person confirms becomes certain; what they leave is the words' evidence, as before.
   */
  propose(text: string, side: 'offering' | 'need', limit = 3): string[] {
    const full = analyze(text);
    const found = side === 'offering' ? this.concepts.offered(full) : this.concepts.needed(full);
    const content = full.lemmas.filter((l) => !this.concepts.ignore.has(l));
    const share = side === 'offering' ? ON_TOPIC_OFFERING : ON_TOPIC_NEED;
    const ranked = [...found].filter(([id, terms]) => this.#about(id, terms, content, share)).map(([id, terms]) => ({ id, weight: terms.reduce((n, t) => n + t.length, 0) }));
    ranked.sort((x, y) => y.weight - x.weight);
    return ranked.slice(0, limit).map((r) => r.id);
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
    if (terms.length === 0) return false;
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

  // A confirmed topic is what its text is about, whatever its words; a found one must earn it.
  // (Methods, not closures made per match: tsx keeps names with a helper call per closure, and
  // match runs tens of thousands of times a second.)
  #needAbout(need: NeedText, id: string, terms: string[][]): boolean {
    return need.confirmed.has(id) || this.#about(id, terms, need.content, ON_TOPIC_NEED);
  }

  #offerAbout(offering: OfferingText, id: string, terms: string[][]): boolean {
    return offering.confirmed.has(id) || this.#about(id, terms, offering.content, ON_TOPIC_OFFERING);
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
    const so = this.semantic?.offering(offering.text);
    const sn = this.semantic?.need(need.text);
    const meaning = so && sn ? { offering: so, need: sn, ids: this.semantic!.ids } : null;
    // A loop rather than spread, filter and map: match runs for every pair weighed at every tap.
    let concepts: string[] = [];
    for (const [id, terms] of need.needed) {
      const offered = offering.offered.get(id);
      if (offered && this.#needAbout(need, id, terms) && this.#offerAbout(offering, id, offered)) concepts.push(id);
    }
    // Both people said so: the strongest evidence there is, listed first.
    const certain = concepts.filter((id) => need.confirmed.has(id) && offering.confirmed.has(id));
    if (certain.length) concepts = [...certain, ...concepts.filter((id) => !certain.includes(id))];
    let score = certain.length ? 1 : concepts.length ? CONCEPT_BASE + (1 - CONCEPT_BASE) * coverage : LEXICAL_WEIGHT * coverage;
    let basis: NeedMatch['basis'] = certain.length ? 'topic' : concepts.length ? 'concept' : 'words';
    if (meaning && concepts.length && score < SURE_BY_WORDS && concepts.every((id) => !need.confirmed.has(id) && meaning.ids.includes(id) && meaningOf(meaning.ids, meaning.need, id) < SEMANTIC_VETO)) {
      concepts = [];
      score = LEXICAL_WEIGHT * coverage;
      basis = 'words';
    }
    if (meaning) {
      const nearest = nearestConcepts(meaning.need)[0]!;
      const offeredNearest = nearestConcepts(meaning.offering);
      const weight = shared.length ? SEMANTIC_WEIGHT_SHARED_WORD : SEMANTIC_WEIGHT;
      const byMeaning = offeredNearest.includes(nearest) ? weight * Math.min(meaning.offering[nearest]!, meaning.need[nearest]!) : 0;
      if (byMeaning > score) {
        score = byMeaning;
        // Meaning that only adds weight to a concept both texts name stays that concept's evidence.
        if (basis !== 'concept' && basis !== 'topic') basis = 'meaning';
        if (byMeaning >= NEED_MATCH_THRESHOLD && !concepts.includes(meaning.ids[nearest]!)) concepts.unshift(meaning.ids[nearest]!);
      }
    }
    const labels = concepts.map((id) => this.concepts.labels.get(id)!);
    // What a claim is judged by, worked out only for a match that could be one (most pairs are not).
    const claimable = (basis === 'concept' || basis === 'topic') && score >= NEED_MATCH_THRESHOLD;
    // A need whose owner confirmed its topics is about those: a word that touches another concept says less.
    const unmet = claimable
      ? [...need.needed].filter(([id, terms]) => !offering.offered.has(id) && (need.confirmed.size ? need.confirmed.has(id) : this.#needAbout(need, id, terms))).map(([id]) => this.concepts.labels.get(id)!)
      : [];
    const untouched = claimable ? [...need.needed.keys()].filter((id) => !offering.offered.has(id)) : [];
    const agreement = meaning && concepts.length
      ? Math.max(...concepts.map((id) => Math.min(meaningOf(meaning.ids, meaning.offering, id), meaningOf(meaning.ids, meaning.need, id))))
      : null;
    return { score: Math.round(score * 1000) / 1000, matched: [...labels, ...shared.filter((s) => !labels.includes(s))], basis, coverage, agreement, unmet, untouched, linked: concepts };
  }
}

// A match through the generic hiring concept alone, with no word of the offering's, holds only
// when the offering covers whatever else the need touches: a software recruiter and "Hiring two
// backend developers" yes; a coding bootcamp and "hiring!! a paralegal", or that recruiter and
// "Sales hires", no.
const GENERIC_CONCEPTS = new Set(['hiring']);

/**
 * Whether a match earns the claim "your offering may help" (or "X, whom you met, works on that"):
 * precision first, because a wrong claim shown in green before both people costs more than a
 * question ("ask Dana about …"), which is what the kiosk says otherwise. A claim needs a concept
 * that both texts name in words (the sentence model alone reads too many look-alikes as matches:
 * 3 right of 49 on the demo event), every concept the need is about offered, a need that does not
 * ask for customers (someone who is one answers it, not an offering) nor for a product the
 * offering does not name, for the generic hiring concept alone a word the texts share or every
 * other concept the need touches offered, and the other person inside the field or market the
 * offering names (`withinScope`). Chosen on the labelled sets in matching/eval-set.json
 * (`npm run eval -- --rules` shows the candidates side by side).
 *
 * @param theirs the offering of the person whose need it is, when known: their card says what
 *   field they are in as much as the need does.
 */
export function earnsClaim(m: NeedMatch, need: NeedText, offering: OfferingText, theirs?: OfferingText): boolean {
  if (m.score < NEED_MATCH_THRESHOLD || (m.basis !== 'concept' && m.basis !== 'topic') || m.unmet.length > 0) return false;
  // A topic both people confirmed is certain about the subject; the kind of need still decides
  // (a need that asks for customers is met by being one of them, whatever the topic), and so does
  // the offering's field (a climate investor and a telehealth founder may both confirm fundraising).
  if (m.basis !== 'topic' && m.coverage === 0 && m.linked.every((id) => GENERIC_CONCEPTS.has(id)) && m.untouched.length > 0) return false;
  return !asksForCustomers(need.text) && !asksForProductNotOffered(need.text, offering.text) && withinScope(offering, need, theirs);
}

/**
 * Whether the other person is inside the field or market an offering names ("Angel investor …
 * in climate tech", "Payment integrations for companies selling into West Africa"): their need or
 * their own offering shares a word or a concept with it. An offering that names none is for
 * anyone. The kiosk cannot tell a field the words do not name: a regenerative farming platform
 * is climate tech to a reader, not to this test, and the claim becomes a question.
 */
export function withinScope(offering: OfferingText, need: NeedText, theirs?: OfferingText): boolean {
  const scope = offering.scope;
  if (!scope) return true;
  for (const l of need.content) if (scope.words.has(l)) return true;
  for (const id of scope.concepts) if (need.needed.has(id) || theirs?.offered.has(id)) return true;
  if (theirs) for (const l of theirs.content) if (scope.words.has(l)) return true;
  return false;
}

/**
 * Whether `match` could give a match that `earnsClaim`: a claim needs a linked concept, and
 * `match` links only concepts that are both in the need's `needed` and the offering's `offered`;
 * it also needs the other person inside the offering's field (`withinScope`). Tests of sets, for
 * the introductions, which weigh everyone a person met against each need of the other on every
 * tap. Whoever changes what earns a claim keeps this a necessary condition
 * (tests/server/domain/may-earn-claim.test.ts checks it on every labelled pair and the demo event).
 */
export function mayEarnClaim(offering: OfferingText, need: NeedText, theirs?: OfferingText): boolean {
  for (const id of need.needed.keys()) if (offering.offered.has(id)) return withinScope(offering, need, theirs);
  return false;
}

// A text's nearest concepts, worked out once per text rather than once per pair.
const ranked = new WeakMap<Support, number[]>();

function nearestConcepts(support: Support): number[] {
  let order = ranked.get(support);
  if (!order) {
    order = [...support.keys()].sort((x, y) => support[y]! - support[x]!).slice(0, SEMANTIC_TOP);
    ranked.set(support, order);
  }
  return order;
}

/** The word-found activations plus every confirmed topic (a confirmed topic no word names has no terms). */
function withConfirmed(found: Activations, confirmed: ReadonlySet<string>): ReadonlyActivations {
  for (const id of confirmed) if (!found.has(id)) found.set(id, []);
  return found.size ? found : NO_CONCEPTS;
}

/** A text's support for a concept; an event topic added after the model read the concepts has no place in its space: no say. */
function meaningOf(ids: readonly string[], support: Support, id: string): number {
  return support[ids.indexOf(id)] ?? 0;
}
