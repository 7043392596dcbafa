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
 * at most one batch of the start-up backlog, never for all of it. The thread starts on the first
 * request and stops after `idleMs` without work: once every profile is read, an event runs
 * without it (an idle model thread still cost the kiosks' tail latency), and the next new
 * profile starts it again in about half a second.
 */
export class SentenceEncoder {
  #worker: { thread: Worker; loaded: boolean } | null = null;
  readonly #urgent: Job[] = [];
  readonly #background: Job[] = [];
  #busy: { id: number; job: Job } | null = null;
  #nextId = 1;
  #closed = false;
  #idleTimer: NodeJS.Timeout | null = null;
  readonly #idleMs: number;

  constructor({ idleMs = 15_000 }: { idleMs?: number } = {}) {
    this.#idleMs = idleMs;
  }

  /** Whether the model's thread is running now (it sleeps when idle). */
  get awake(): boolean {
    return this.#worker !== null;
  }

  /** Vectors for `texts`, in order. `urgent` work overtakes queued background work. */
  encode(texts: readonly string[], { urgent = false } = {}): Promise<Float32Array[]> {
    if (this.#closed) return Promise.reject(new EncoderClosedError());
    if (!texts.length) return Promise.resolve([]);
    const parts: Promise<Float32Array[]>[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      parts.push(new Promise((resolve, reject) => (urgent ? this.#urgent : this.#background).push({ texts: texts.slice(i, i + BATCH), resolve, reject })));
    }
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    this.#wake();
    this.#pump();
    return Promise.all(parts).then((p) => p.flat());
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    const worker = this.#worker;
    this.#worker = null;
    this.#failAll(new EncoderClosedError());
    await worker?.thread.terminate();
  }

  #wake(): void {
    if (this.#worker) return;
    const thread = new Worker(new URL('./encoder.worker.mjs', import.meta.url));
    const worker = { thread, loaded: false };
    this.#worker = worker;
    // An event that is over for this thread (put to sleep, or closed) is none of ours.
    const current = () => this.#worker === worker;
    thread.once('message', (m: { ready?: boolean }) => {
      if (!current()) return;
      if (!m.ready) return this.#lost(new Error('The sentence model sent an unexpected first message.'));
      worker.loaded = true;
      thread.on('message', (reply) => current() && this.#reply(reply));
      this.#pump();
    });
    thread.on('error', (error) => current() && this.#lost(error));
    thread.on('exit', () => current() && this.#lost(new Error('The sentence model stopped unexpectedly.')));
  }

  #pump(): void {
    const worker = this.#worker;
    if (this.#busy || this.#closed || !worker?.loaded) return;
    const job = this.#urgent.shift() ?? this.#background.shift();
    if (!job) {
      this.#idleTimer = setTimeout(() => this.#sleep(), this.#idleMs);
      this.#idleTimer.unref();
      worker.thread.unref();
      return;
    }
    const id = this.#nextId++;
    this.#busy = { id, job };
    // Only queued work keeps the process alive; an idle model does not.
    worker.thread.ref();
    worker.thread.postMessage({ id, texts: job.texts });
  }

  #reply({ id, vectors, error }: { id: number; vectors?: Float32Array[]; error?: string }): void {
    const busy = this.#busy;
    if (!busy || busy.id !== id) return;
    this.#busy = null;
    if (error) busy.job.reject(new Error(error));
    else busy.job.resolve(vectors!);
    this.#pump();
  }

  #sleep(): void {
    const worker = this.#worker;
    if (!worker || this.#busy || this.#urgent.length || this.#background.length) return;
    this.#worker = null;
    void worker.thread.terminate();
  }

  /** The thread failed to load or died: the model is gone for good, and its work with it. */
  #lost(error: Error): void {
    this.#closed = true;
    this.#worker = null;
    this.#failAll(error);
  }

  #failAll(error: Error): void {
    for (const job of [...(this.#busy ? [this.#busy.job] : []), ...this.#urgent.splice(0), ...this.#background.splice(0)]) job.reject(error);
    this.#busy = null;
  }
}
