import { ConceptSpace, exemplarTexts, type Side, type Support } from '../domain/matching/concept-space.ts';
import type { Attendee } from '../domain/attendee.ts';
import type { ConceptFile } from '../domain/matching/concepts.ts';
import type { SemanticLookup } from '../domain/matching/need-matcher.ts';
import type { SentenceEncoder } from './sentence-encoder.ts';

const CHUNK = 8;

/** One text to read, on the side it is written for: an offering offers, a need needs. */
export interface TextToRead {
  text: string;
  side: Side;
}

/** What the model reads of a profile: the offering as an offer, each need as a need. */
export function profileTexts(a: Pick<Attendee, 'offering' | 'needs'>): TextToRead[] {
  return [{ text: a.offering, side: 'offers' }, ...a.needs.map((text) => ({ text, side: 'needs' as const }))];
}

/**
 * What the sentence model makes of every offering and need: its support for each concept. The
 * concept space is built once (exemplar vectors from the repo's file, the missing ones read);
 * each distinct text is read once and kept, so "Funding" written by 300 people costs one read.
 */
export class SemanticIndex implements SemanticLookup {
  ids: readonly string[] = [];
  readonly ready: Promise<void>;
  #space: ConceptSpace | null = null;
  readonly #supports: Record<Side, Map<string, Support>> = { offers: new Map(), needs: new Map() };
  readonly #reading = new Map<string, Promise<void>>();

  constructor(
    private readonly encoder: SentenceEncoder,
    concepts: ConceptFile,
    known: Map<string, Float32Array>,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.ready = this.#build(concepts, known);
  }

  offering(text: string): Support | undefined {
    return this.#supports.offers.get(text);
  }

  need(text: string): Support | undefined {
    return this.#supports.needs.get(text);
  }

  /** The texts among these not read yet (a pair whose people are read costs no waiting). */
  unread(items: readonly TextToRead[]): TextToRead[] {
    return items.filter((item) => item.text.trim() && !this.#supports[item.side].has(item.text));
  }

  /** Forgets every text no longer in use (after an erasure): nothing of an erased person stays. */
  retainOnly(inUse: readonly TextToRead[]): void {
    const keep: Record<Side, Set<string>> = { offers: new Set(), needs: new Set() };
    for (const t of inUse) keep[t.side].add(t.text);
    for (const side of ['offers', 'needs'] as const) {
      for (const text of this.#supports[side].keys()) if (!keep[side].has(text)) this.#supports[side].delete(text);
    }
  }

  /** Reads the texts not read yet. Urgent reads (a pair at a kiosk) overtake the start-up backlog. */
  async prepare(items: readonly TextToRead[], { urgent = false } = {}): Promise<void> {
    await this.ready;
    const waits = new Set<Promise<void>>();
    const fresh = new Map<string, TextToRead>();
    for (const item of this.unread(items)) {
      const key = `${item.side}\u0000${item.text}`;
      const pending = this.#reading.get(key);
      if (pending && !urgent) waits.add(pending);
      else fresh.set(key, item);
    }
    // In chunks, so a long backlog (thousands of profiles after a start) is usable as it goes.
    const keys = [...fresh.keys()];
    for (let start = 0; start < keys.length; start += CHUNK) {
      const chunk = keys.slice(start, start + CHUNK);
      const toRead = chunk.map((key) => fresh.get(key)!);
      const read = this.encoder.encode(toRead.map((f) => f.text), { urgent }).then((vectors) => {
        toRead.forEach((f, i) => this.#supports[f.side].set(f.text, this.#space!.support(vectors[i]!, f.side)));
      });
      for (const key of chunk) {
        // Whoever started the read hears of a failure; those who joined it go on without.
        const done = read
          .catch(() => {})
          .finally(() => {
            if (this.#reading.get(key) === done) this.#reading.delete(key);
          });
        this.#reading.set(key, done);
      }
      waits.add(read);
    }
    await Promise.all(waits);
  }

  async #build(concepts: ConceptFile, known: Map<string, Float32Array>): Promise<void> {
    const exemplars = exemplarTexts(concepts);
    const missing = [...new Set(exemplars.flatMap((c) => [...c.offers, ...c.needs]).filter((t) => !known.has(t)))];
    if (missing.length) {
      const started = Date.now();
      const vectors = await this.encoder.encode(missing);
      missing.forEach((t, i) => known.set(t, vectors[i]!));
      this.log(`Read ${missing.length} concept terms not in matching/concept-vectors.json in ${((Date.now() - started) / 1000).toFixed(1)} s (npm run concept-vectors keeps that file current).`);
    }
    this.#space = new ConceptSpace(exemplars.map((c) => ({ id: c.id, offers: c.offers.map((t) => known.get(t)!), needs: c.needs.map((t) => known.get(t)!) })));
    this.ids = this.#space.ids;
  }
}
