import { Worker } from 'node:worker_threads';

const BATCH = 8;

/** Work refused or dropped because the encoder was closed on purpose (the server stopping). */
export class EncoderClosedError extends Error {
  constructor() {
    super('The sentence model is closed.');
  }
}

interface Job {
  texts: string[];
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

/**
 * Sentence vectors (Universal Sentence Encoder lite, 512 dimensions, unit length) from a worker
 * thread. Work goes in batches of eight so that an urgent request (a pair at a kiosk) waits for
 * at most one batch of the start-up backlog, never for all of it.
 */
export class SentenceEncoder {
  readonly #worker: Worker;
  readonly ready: Promise<void>;
  readonly #urgent: Job[] = [];
  readonly #background: Job[] = [];
  #busy: { id: number; job: Job } | null = null;
  #nextId = 1;
  #closed = false;

  constructor() {
    this.#worker = new Worker(new URL('./encoder.worker.mjs', import.meta.url));
    this.#worker.unref();
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (!m.ready) return;
        this.#worker.off('error', reject);
        this.#worker.on('message', (reply) => this.#reply(reply));
        resolve();
      };
      this.#worker.once('message', onMessage);
      this.#worker.once('error', reject);
    });
    // Whoever encodes hears of a failure; an encoder nobody used must not crash the process.
    this.ready.catch(() => {});
    this.#worker.on('error', (error) => this.#failAll(error));
    // Closed on purpose or stopped by itself, the model is gone either way.
    this.#worker.on('exit', () => this.#failAll(new EncoderClosedError()));
  }

  /** Vectors for `texts`, in order. `urgent` work overtakes queued background work. */
  encode(texts: readonly string[], { urgent = false } = {}): Promise<Float32Array[]> {
    if (this.#closed) return Promise.reject(new EncoderClosedError());
    if (!texts.length) return Promise.resolve([]);
    const parts: Promise<Float32Array[]>[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      parts.push(new Promise((resolve, reject) => (urgent ? this.#urgent : this.#background).push({ texts: texts.slice(i, i + BATCH), resolve, reject })));
    }
    void this.ready.then(() => this.#pump(), () => {});
    return Promise.all(parts).then((p) => p.flat());
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#worker.terminate();
  }

  #pump(): void {
    if (this.#busy || this.#closed) return;
    const job = this.#urgent.shift() ?? this.#background.shift();
    if (!job) return;
    const id = this.#nextId++;
    this.#busy = { id, job };
    // Only a queued batch keeps the process alive; an idle model does not.
    this.#worker.ref();
    this.#worker.postMessage({ id, texts: job.texts });
  }

  #reply({ id, vectors, error }: { id: number; vectors?: Float32Array[]; error?: string }): void {
    const busy = this.#busy;
    if (!busy || busy.id !== id) return;
    this.#busy = null;
    if (error) busy.job.reject(new Error(error));
    else busy.job.resolve(vectors!);
    if (!this.#urgent.length && !this.#background.length) this.#worker.unref();
    this.#pump();
  }

  #failAll(error: Error): void {
    this.#closed = true;
    for (const job of [...(this.#busy ? [this.#busy.job] : []), ...this.#urgent.splice(0), ...this.#background.splice(0)]) job.reject(error);
    this.#busy = null;
  }
}
