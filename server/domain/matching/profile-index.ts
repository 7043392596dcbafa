import type { Attendee } from '../attendee.ts';
import { NeedMatcher, type NeedText, type OfferingText } from './need-matcher.ts';
import type { ConceptFile } from './concepts.ts';

/** An attendee's offering and needs, analysed once. */
export interface AnalysedProfile {
  offering: OfferingText;
  needs: NeedText[];
  /** The need texts, as the attendee wrote them, in the same order. */
  needTexts: string[];
}

/**
 * Every attendee's profile analysed once, and the matcher's word weights counted over all of
 * them; both follow profile changes (upsert, remove), so no request re-reads the registry.
 */
export class ProfileIndex {
  readonly matcher: NeedMatcher;
  readonly #profiles = new Map<string, { source: Attendee; analysed: AnalysedProfile }>();
  // Who offers each concept (by words or confirmed): "who to meet next" looks here, not at everyone.
  readonly #offeredBy = new Map<string, Set<string>>();
  // What people confirmed their texts are about, by text: labelled examples the event writes itself.
  readonly #confirmedByText = new Map<string, Map<string, number>>();

  constructor(concepts: ConceptFile, attendees: Iterable<Attendee> = []) {
    this.matcher = new NeedMatcher(concepts);
    for (const a of attendees) this.upsert(a);
  }

  get size(): number {
    return this.#profiles.size;
  }

  upsert(a: Attendee): void {
    const current = this.#profiles.get(a.id);
    // Unchanged offering, needs and topics (a consent or a title edited): nothing to redo.
    if (current && sameProfile(current.source, a)) {
      current.source = a;
      return;
    }
    if (current) this.#uncount(current.analysed, a.id);
    const analysed: AnalysedProfile = {
      offering: this.matcher.offering(a.offering, a.offeringTopics),
      needs: a.needs.map((n, i) => this.matcher.need(n, a.needTopics?.[i])),
      needTexts: [...a.needs],
    };
    this.#count(analysed, a.id);
    this.#profiles.set(a.id, { source: a, analysed });
  }

  remove(id: string): void {
    const current = this.#profiles.get(id);
    if (!current) return;
    this.#uncount(current.analysed, id);
    this.#profiles.delete(id);
  }

  get(id: string): AnalysedProfile | undefined {
    return this.#profiles.get(id)?.analysed;
  }

  /** The ids of people whose offering offers any of these concepts (by words or confirmed), each once. */
  offeringsWith(conceptIds: Iterable<string>): Set<string> {
    const ids = new Set<string>();
    for (const c of conceptIds) for (const id of this.#offeredBy.get(c) ?? []) ids.add(id);
    return ids;
  }

  /**
   * How many people each topic reaches: by their words or their confirmation (`found`), and by
   * their confirmation alone (`confirmed`). A person counts once per topic, offering and needs together.
   */
  topicReach(): Map<string, { found: number; confirmed: number }> {
    const reach = new Map<string, { found: number; confirmed: number }>();
    for (const { analysed: p } of this.#profiles.values()) {
      const found = new Set([...p.offering.offered.keys(), ...p.needs.flatMap((n) => [...n.needed.keys()])]);
      const confirmed = new Set([...p.offering.confirmed, ...p.needs.flatMap((n) => [...n.confirmed])]);
      for (const id of found) {
        const r = reach.get(id) ?? { found: 0, confirmed: 0 };
        r.found += 1;
        if (confirmed.has(id)) r.confirmed += 1;
        reach.set(id, r);
      }
    }
    return reach;
  }

  /**
   * The topics other people confirmed for this very text (case and punctuation aside), most
   * confirmed first: "Funding" written by forty people and confirmed as fundraising by thirty.
   */
  confirmedFor(text: string, side: 'offering' | 'need'): string[] {
    const counts = this.#confirmedByText.get(textKey(side, text));
    return counts ? [...counts].sort((x, y) => y[1] - x[1]).map(([id]) => id) : [];
  }

  #count(p: AnalysedProfile, id: string): void {
    if (p.offering.content.size) this.matcher.addDocument(p.offering.content);
    for (const n of p.needs) this.matcher.addDocument(n.content);
    this.#tally(p, 1);
    for (const c of p.offering.offered.keys()) {
      let ids = this.#offeredBy.get(c);
      if (!ids) this.#offeredBy.set(c, (ids = new Set()));
      ids.add(id);
    }
  }

  #uncount(p: AnalysedProfile, id: string): void {
    if (p.offering.content.size) this.matcher.removeDocument(p.offering.content);
    for (const n of p.needs) this.matcher.removeDocument(n.content);
    this.#tally(p, -1);
    for (const c of p.offering.offered.keys()) this.#offeredBy.get(c)?.delete(id);
  }

  #tally(p: AnalysedProfile, by: 1 | -1): void {
    const texts: [string, 'offering' | 'need', ReadonlySet<string>][] = [[p.offering.text, 'offering', p.offering.confirmed], ...p.needs.map((n) => [n.text, 'need', n.confirmed] as [string, 'need', ReadonlySet<string>])];
    for (const [text, side, confirmed] of texts) {
      if (!confirmed.size) continue;
      const key = textKey(side, text);
      const counts = this.#confirmedByText.get(key) ?? new Map<string, number>();
      for (const id of confirmed) {
        const n = (counts.get(id) ?? 0) + by;
        if (n > 0) counts.set(id, n);
        else counts.delete(id);
      }
      if (counts.size) this.#confirmedByText.set(key, counts);
      else this.#confirmedByText.delete(key);
    }
  }
}

function sameList(a: readonly string[] = [], b: readonly string[] = []): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameProfile(x: Attendee, y: Attendee): boolean {
  return (
    x.offering === y.offering &&
    sameList(x.needs, y.needs) &&
    sameList(x.offeringTopics, y.offeringTopics) &&
    x.needs.every((_, i) => sameList(x.needTopics?.[i], y.needTopics?.[i]))
  );
}

function textKey(side: 'offering' | 'need', text: string): string {
  return `${side}\u0000${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;
}
