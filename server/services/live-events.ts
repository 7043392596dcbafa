/** What the staff console's live view hears about (`/api/stream`). */
export interface LiveEvent {
  type: 'exchange';
  data: unknown;
}

/** A small in-process fan-out: routes publish, each open event stream listens. */
export class LiveEvents {
  readonly #listeners = new Set<(e: LiveEvent) => void>();

  publish(event: LiveEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
