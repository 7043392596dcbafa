import concepts from '../../matching/concepts.json' with { type: 'json' };
import type { Attendee } from '../domain/attendee.ts';
import { ProfileIndex } from '../domain/matching/profile-index.ts';
import { talkingPointsFor, type MarkedWrong, type TalkingPoint } from '../domain/talking-points.ts';
import { withEventTopics } from '../domain/topics.ts';
import type { ConceptFile } from '../domain/matching/concepts.ts';
import type { WrongClaim } from '../store/schema.ts';
import { AppError } from '../errors.ts';
import { profileTexts, type SemanticIndex, type TextToRead } from '../semantic/semantic-index.ts';
import { EncoderClosedError } from '../semantic/sentence-encoder.ts';
import type { Store } from '../store/store.ts';
import { takeTurns } from './event-loop-turns.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';

/** Who an attendee has met, as ids (the exchanges supply it). */
export type Meetings = (attendeeId: string) => readonly string[];

// A pair at a kiosk waits for the sentence model at most this long (~0.1 s when the model is
// awake, ~0.5 s when it must wake); past it, words and concepts decide alone rather than keep
// two people waiting.
const READ_WAIT_MS = 3_000;
// Changes up to this many people are indexed before the store's write returns (a few ms); more
// (an import) are indexed in slices between other work: 20,000 took 1.4 s of one core at once.
const INDEX_AT_ONCE = 200;

/**
 * Talking points for pairs of attendees. The profile index is built on first use (a few seconds
 * for 20,000 people; the server does it at start) and then follows every change the store
 * reports. With a sentence model, every profile is read in the background as it arrives, and a
 * pair asked for overtakes that backlog.
 */
export class TalkingPoints {
  readonly #store: Store;
  readonly #meetings: Meetings;
  readonly #semantic: SemanticIndex | null;
  #index: ProfileIndex | null = null;
  // Attendees of a big change (an import of thousands) not yet indexed, by id.
  readonly #pending = new Map<string, Attendee>();
  #draining: Promise<void> | null = null;
  #modelFailure: string | null = null;
  #lastError: string | null = null;
  // Profiles (as objects: an edit replaces one) whose texts the model has read.
  readonly #known = new WeakSet<Attendee>();
  // Claims staff marked wrong, as a set, made again when the store's list is replaced.
  #marks: { from: readonly WrongClaim[]; keys: Set<string> } | null = null;

  constructor(store: Store, meetings: Meetings, semantic: SemanticIndex | null = null) {
    this.#store = store;
    this.#meetings = meetings;
    this.#semantic = semantic;
    store.onAttendeesChanged((changed, erased) => {
      if (!this.#index) return;
      for (const id of erased) {
        this.#pending.delete(id);
        this.#index.remove(id);
      }
      if (changed.length <= INDEX_AT_ONCE) {
        for (const a of changed) {
          this.#pending.delete(a.id);
          this.#index.upsert(a);
        }
      } else {
        for (const a of changed) this.#pending.set(a.id, a);
        void this.#drain();
      }
      if (erased.length) this.#semantic?.retainOnly(store.attendees().flatMap(profileTexts));
      if (changed.length <= INDEX_AT_ONCE) this.#readInBackground(changed);
      else void this.#readInSlices(changed);
    });
  }

  /** Hands a big change's texts to the model a slice at a time: listing 20,000 people's at once held the loop ~50 ms. */
  async #readInSlices(people: readonly Attendee[]): Promise<void> {
    const turn = takeTurns();
    for (let at = 0; at < people.length; at += INDEX_AT_ONCE) {
      await turn();
      // Only people still as they were: an erased person's text read now would outlive them in
      // the model's cache, and an edited one's new texts were handed over by its own change.
      this.#readInBackground(people.slice(at, at + INDEX_AT_ONCE).filter((p) => this.#store.attendee(p.id) === p));
    }
  }

  /** Indexes what a big change left pending, a slice at a time, so kiosks are answered meanwhile. */
  #drain(): Promise<void> {
    // With nothing pending the loop below would finish before `??=` assigns it, and a settled
    // promise would stand for every drain after.
    if (!this.#draining && !this.#pending.size) return Promise.resolve();
    this.#draining ??= (async () => {
      const turn = takeTurns();
      try {
        // A Map visits entries added while it is walked: a second import joins this drain.
        for (const [id, a] of this.#pending) {
          this.#pending.delete(id);
          this.#index?.upsert(a);
          await turn();
        }
      } finally {
        this.#draining = null;
      }
    })();
    return this.#draining;
  }

  /**
   * Analyses every profile a slice at a time after a start, so the server answers at once
   * (20,000 profiles take seconds of one core). A pair asked for meanwhile has its people analysed
   * first; word weights count the profiles done so far, taken in registration order: an even
   * sample of the event once a few hundred are in. Resolves when the index is whole.
   */
  buildInBackground(): Promise<void> {
    if (!this.#index) {
      this.#index = this.#withModel(new ProfileIndex(this.conceptFile()));
      for (const a of this.#store.attendees()) this.#pending.set(a.id, a);
    }
    return this.#drain();
  }

  /** Resolves once no change waits to be indexed (routes that read the whole index await it). */
  settled(): Promise<void> {
    return this.#pending.size ? this.#drain() : Promise.resolve();
  }

  /** People a pair's points are about are indexed now if a big change still has them pending. */
  #settle(people: readonly Attendee[]): void {
    // Nothing pending (the usual case, between imports): no lookup per person met.
    if (!this.#pending.size) return;
    for (const p of people) {
      const a = this.#pending.get(p.id);
      if (!a) continue;
      this.#pending.delete(p.id);
      this.#index?.upsert(a);
    }
  }

  /** The whole index, every pending change in it (digests, evaluation: not for a kiosk's pair). */
  get index(): ProfileIndex {
    const index = this.#built();
    for (const a of this.#pending.values()) index.upsert(a);
    this.#pending.clear();
    return index;
  }

  /** The concepts the matcher reads: the shipped list and the topics staff added for this event. */
  conceptFile(): ConceptFile {
    return withEventTopics(concepts, this.#store.eventTopics());
  }

  /**
   * Staff added or removed a topic: every profile is analysed again against the new list, in
   * slices between other work (a pair asked for meanwhile is analysed first), without a restart.
   */
  topicsChanged(): void {
    if (!this.#index) return;
    const next = new ProfileIndex(this.conceptFile());
    next.matcher.semantic = this.#index.matcher.semantic;
    this.#index = next;
    for (const a of this.#store.attendees()) this.#pending.set(a.id, a);
    void this.#drain();
  }

  /** How many people each topic reaches (see ProfileIndex.topicReach). */
  topicReach(): Map<string, { found: number; confirmed: number }> {
    return this.index.topicReach();
  }

  /**
   * Topics to propose for a text someone is typing: those other people confirmed for the same
   * text first (the event's own labelled examples), then what its words are about. Words only,
   * so a draft is never kept or read by the model.
   */
  propose(text: string, side: 'offering' | 'need'): string[] {
    const index = this.#built();
    return [...new Set([...index.confirmedFor(text, side), ...index.matcher.propose(text, side)])].slice(0, 3);
  }

  /** Whether the claim that `offeredBy`'s offering helps with `need` of `neededBy` was marked wrong. */
  readonly markedWrong: MarkedWrong = (offeredBy, neededBy, need) => {
    const marks = this.#store.wrongClaims();
    if (!marks.length) return false;
    if (this.#marks?.from !== marks) this.#marks = { from: marks, keys: new Set(marks.flatMap((m) => [`${m.offeredBy}\u0000${m.neededBy}\u0000${m.need}`, `text\u0000${m.offering}\u0000${m.need}`])) };
    const offering = this.#store.attendee(offeredBy)?.offering ?? '';
    // The same two texts are the same labelled negative, whoever wrote them.
    return this.#marks.keys.has(`${offeredBy}\u0000${neededBy}\u0000${need}`) || this.#marks.keys.has(`text\u0000${offering}\u0000${need}`);
  };

  /** The points for a pair as the index has them now, without waiting for the model (the claims page). */
  pointsNow(aId: string, bId: string, lang: Language = DEFAULT_LANGUAGE): TalkingPoint[] {
    const a = this.#attendee(aId);
    const b = this.#attendee(bId);
    const metByA = this.#met(a.id);
    this.#settle([a, b, ...metByA]);
    return talkingPointsFor(a, b, this.#built(), metByA, this.markedWrong, lang);
  }

  /**
   * The points for a pair as a kiosk showed them at `at` (a meeting's last tap): introductions
   * only through people A had met by then, so a page opened later tells nobody whom A met since.
   */
  pointsAsOf(aId: string, bId: string, at: string, lang: Language = DEFAULT_LANGUAGE): TalkingPoint[] {
    const a = this.#attendee(aId);
    const b = this.#attendee(bId);
    const byThen = new Set<string>();
    for (const e of this.#store.exchanges.ofAttendee(a.id)) if (e.firstAt <= at) byThen.add(e.a === a.id ? e.b : e.a);
    const metByA = this.#met(a.id).filter((p) => byThen.has(p.id));
    this.#settle([a, b, ...metByA]);
    return talkingPointsFor(a, b, this.#built(), metByA, this.markedWrong, lang);
  }

  #built(): ProfileIndex {
    this.#index ??= this.#withModel(new ProfileIndex(this.conceptFile(), this.#store.attendees()));
    return this.#index;
  }

  /** The sentence model joins a new index, and starts reading every profile it has not read (a slice at a time, as a big change's). */
  #withModel(index: ProfileIndex): ProfileIndex {
    if (this.#semantic) {
      index.matcher.semantic = this.#semantic;
      void this.#readInSlices(this.#store.attendees());
    }
    return index;
  }

  /** Why the sentence model is not helping any more (closed, or its thread stopped). */
  get modelFailure(): string | null {
    return this.#modelFailure;
  }

  /** `forA`: what A could raise with B; `forB`: the reverse; both in `lang` (the kiosk's, as both read one screen). */
  async forPair(aId: string, bId: string, lang: Language = DEFAULT_LANGUAGE): Promise<{ forA: TalkingPoint[]; forB: TalkingPoint[] }> {
    const a = this.#attendee(aId);
    const b = this.#attendee(bId);
    if (a.id === b.id) throw new AppError(400, 'same_attendee', 'Talking points need two different people.');
    const metByA = this.#met(a.id);
    const metByB = this.#met(b.id);
    // The two people at the kiosk are read first; the people they met (for introductions) are
    // read by then unless the server has just started, and are not worth a longer wait.
    await this.read([a, b]);
    this.#settle([a, b, ...metByA, ...metByB]);
    this.#readInBackground([...metByA, ...metByB]);
    return {
      forA: talkingPointsFor(a, b, this.#built(), metByA, this.markedWrong, lang),
      forB: talkingPointsFor(b, a, this.#built(), metByB, this.markedWrong, lang),
    };
  }

  /** Has the sentence model read these people's profiles (briefly waited for; never fails). */
  async read(people: readonly Attendee[]): Promise<void> {
    const unread = this.#unreadOf(people);
    if (!unread.length) return;
    const reading = this.#semantic!.prepare(unread, { urgent: true }).catch((err: Error) => this.#failed(err));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([reading, new Promise((resolve) => (timer = setTimeout(resolve, READ_WAIT_MS)))]);
    clearTimeout(timer);
  }

  #readInBackground(people: readonly Attendee[]): void {
    const unread = this.#unreadOf(people);
    if (unread.length) this.#semantic!.prepare(unread).catch((err: Error) => this.#failed(err));
  }

  /**
   * The texts of these people the model has not read (none without a working model). Everyone
   * both people at a kiosk met is looked at on every tap: people found wholly read are remembered
   * and not listed again (an edit makes a new Attendee object, and erasure only forgets the texts
   * of people who are gone).
   */
  #unreadOf(people: readonly Attendee[]): TextToRead[] {
    if (!this.#semantic || this.#modelFailure) return [];
    const fresh = people.filter((p) => !this.#known.has(p));
    if (!fresh.length) return [];
    const unread = this.#semantic.unread(fresh.flatMap(profileTexts));
    if (!unread.length) for (const p of fresh) this.#known.add(p);
    return unread;
  }

  // A closed or stopped model is gone for good: stop asking it. Any other failure costs only the
  // texts of that read (they are tried again when next needed) and is said once on stderr.
  #failed(err: Error): void {
    if (err instanceof EncoderClosedError) {
      this.#modelFailure ??= err.message;
      return;
    }
    if (this.#lastError === err.message) return;
    this.#lastError = err.message;
    process.stderr.write(`The sentence model failed to read some profiles; their talking points use words and concepts (${err.message}).\n`);
  }

  #met(id: string): Attendee[] {
    // A loop, not flatMap: this runs for both people at every tap, and flatMap is the slower.
    const people: Attendee[] = [];
    for (const other of this.#meetings(id)) {
      const person = this.#store.attendee(other);
      if (person) people.push(person);
    }
    return people;
  }

  #attendee(id: string): Attendee {
    const a = this.#store.attendee(id.toLowerCase());
    if (!a) throw new AppError(404, 'not_found', `No attendee has the id ${id}.`);
    return a;
  }
}
