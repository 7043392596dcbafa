import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Calls `onIdle` once `ms` pass without `poke()`; `arm(ms)` starts or restarts the wait. */
export class IdleResetController implements ReactiveController {
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onIdle: () => void;

  constructor(host: ReactiveControllerHost, onIdle: () => void) {
    this.#onIdle = onIdle;
    host.addController(this);
  }

  arm(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#onIdle, ms);
  }

  disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  hostDisconnected(): void {
    this.disarm();
  }
}
