import { setImmediate as afterPendingIo } from 'node:timers/promises';
import { ConceptSpace, exemplarTexts, type Side, type Support } from '../domain/matching/concept-space.ts';
import type { Attendee } from '../domain/attendee.ts';
import type { ConceptFile } from '../domain/matching/concepts.ts';
import type { SemanticLookup } from '../domain/matching/need-matcher.ts';
import type { SentenceEncoder } from './sentence-encoder.ts';
import type { TextVectorCache } from './text-vector-cache.ts';

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
  // A read under way when someone is erased must not bring their text back when it lands.
  #erasures = 0;
  #inUse: Set<string> | null = null;
  // Reads whose texts are still being kept (a background read's, one per turn of the loop).
  readonly #keeping = new Set<Promise<void>>();

  constructor(
    private readonly encoder: SentenceEncoder,
    concepts: ConceptFile,
    known: Map<string, Float32Array>,
    private readonly log: (line: string) => void = () => {},
    /** Vectors read before (a restart's), and where new ones are kept: a text is read once, ever. */
    private readonly cache: TextVectorCache | null = null,
  ) {
    this.ready = this.#build(concepts, known);
  }

  offering(text: string): Support | undefined {
    return this.#supports.offers.get(text) ?? this.#cached(text, 'offers');
  }

  need(text: string): Support | undefined {
    return this.#supports.needs.get(text) ?? this.#cached(text, 'needs');
  }

  /** The texts among these not read yet (a pair whose people are read costs no waiting). */
  unread(items: readonly TextToRead[]): TextToRead[] {
    return items.filter((item) => item.text.trim() && !this.#supports[item.side].has(item.text) && !this.cache?.has(item.text));
  }

  /** Forgets every text no longer in use (after an erasure): nothing of an erased person stays, in memory or in the cache file. */
  retainOnly(inUse: readonly TextToRead[]): void {
    const keep: Record<Side, Set<string>> = { offers: new Set(), needs: new Set() };
    for (const t of inUse) keep[t.side].add(t.text);
    for (const side of ['offers', 'needs'] as const) {
      for (const text of this.#supports[side].keys()) if (!keep[side].has(text)) this.#supports[side].delete(text);
    }
    this.#inUse = new Set(inUse.map((t) => t.text));
    this.#erasures++;
    this.cache?.retainOnly(this.#inUse);
  }

  // A cached vector becomes support when first looked up, not at start: a restart at 20,000
  // people then costs reading the file, not 70,000 comparisons with every exemplar.
  #cached(text: string, side: Side): Support | undefined {
    const vector = this.#space ? this.cache?.get(text) : undefined;
    if (!vector) return undefined;
    const support = this.#space!.support(vector, side);
    this.#supports[side].set(text, support);
    return support;
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
      const erasures = this.#erasures;
      const read = this.encoder.encode(toRead.map((f) => f.text), { urgent }).then(async (vectors) => {
        for (const [i, f] of toRead.entries()) {
          // A text's support is a few ms of comparisons with every exemplar: a chunk's at once, in
          // the turn that also ran other work, held the loop 50–90 ms behind an import's reads. A
          // pair waiting at a kiosk (urgent) is not made to wait the turns between.
          if (i && !urgent) await afterPendingIo();
          if (erasures !== this.#erasures && !this.#inUse?.has(f.text)) continue;
          const vector = this.cache ? this.cache.add(f.text, vectors[i]!) : vectors[i]!;
          this.#supports[f.side].set(f.text, this.#space!.support(vector, f.side));
        }
      });
      const keeping = read.catch(() => {}).finally(() => this.#keeping.delete(keeping));
      this.#keeping.add(keeping);
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

  /** Resolves once every reading received is kept (the server stopping waits for it before the cache's last write). */
  async settled(): Promise<void> {
    while (this.#keeping.size) await Promise.all(this.#keeping);
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
