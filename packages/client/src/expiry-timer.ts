/** The longest delay `setTimeout` accepts; longer ones fire at once. */
const MAX_DELAY_MS = 2_147_483_647;

/**
 * One pending timeout that fires `onExpire` at a moment given in epoch milliseconds, as read on
 * the injected clock. Delays longer than `setTimeout` allows are chained. The timer does not
 * keep a Node process alive.
 *
 * @example
 * ```ts
 * const timer = new ExpiryTimer(() => Date.now(), () => console.log('expired'));
 * timer.schedule(Date.now() + 60_000);
 * timer.cancel();
 * ```
 */
export class ExpiryTimer {
  #handle: ReturnType<typeof setTimeout> | undefined;
  readonly #now: () => number;
  readonly #onExpire: () => void;

  constructor(now: () => number, onExpire: () => void) {
    this.#now = now;
    this.#onExpire = onExpire;
  }

  /** Replaces any pending timeout; `null` only cancels. */
  schedule(at: number | null): void {
    this.cancel();
    if (at === null) return;
    const delay = at - this.#now();
    if (delay <= 0) return;
    const handle = setTimeout(
      () => {
        this.#handle = undefined;
        if (this.#now() >= at) this.#onExpire();
        else this.schedule(at);
      },
      Math.min(delay, MAX_DELAY_MS),
    );
    unref(handle);
    this.#handle = handle;
  }

  cancel(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}

/** Node's timers have `unref()`; browsers return a number. */
function unref(handle: unknown): void {
  if (typeof handle !== 'object' || handle === null) return;
  const method: unknown = Reflect.get(handle, 'unref');
  if (typeof method === 'function') Reflect.apply(method, handle, []);
}
