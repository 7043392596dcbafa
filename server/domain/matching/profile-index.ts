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

  constructor(concepts: ConceptFile, attendees: Iterable<Attendee> = []) {
    this.matcher = new NeedMatcher(concepts);
    for (const a of attendees) this.upsert(a);
  }

  get size(): number {
    return this.#profiles.size;
  }

  upsert(a: Attendee): void {
    const current = this.#profiles.get(a.id);
    // Unchanged offering and needs (a consent or a title edited): nothing to redo.
    if (current && current.source.offering === a.offering && sameList(current.source.needs, a.needs)) {
      current.source = a;
      return;
    }
    if (current) this.#uncount(current.analysed);
    const analysed: AnalysedProfile = {
      offering: this.matcher.offering(a.offering),
      needs: a.needs.map((n) => this.matcher.need(n)),
      needTexts: [...a.needs],
    };
    this.#count(analysed);
    this.#profiles.set(a.id, { source: a, analysed });
  }

  remove(id: string): void {
    const current = this.#profiles.get(id);
    if (!current) return;
    this.#uncount(current.analysed);
    this.#profiles.delete(id);
  }

  get(id: string): AnalysedProfile | undefined {
    return this.#profiles.get(id)?.analysed;
  }

  #count(p: AnalysedProfile): void {
    if (p.offering.content.size) this.matcher.addDocument(p.offering.content);
    for (const n of p.needs) this.matcher.addDocument(n.content);
  }

  #uncount(p: AnalysedProfile): void {
    if (p.offering.content.size) this.matcher.removeDocument(p.offering.content);
    for (const n of p.needs) this.matcher.removeDocument(n.content);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
