import { TesseraError } from '../errors/tessera-error.js';

/**
 * Runs at most `concurrency` tasks at once and lets at most `queueLimit` wait. A task that
 * would exceed the queue is refused at once with 503 `server_busy` (SECURITY.md D01), so a
 * flood of logins cannot grow memory without bound.
 */
export class BoundedQueue {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new TypeError('concurrency must be an integer >= 1');
    }
    if (!Number.isInteger(queueLimit) || queueLimit < 0) {
      throw new TypeError('queueLimit must be an integer >= 0');
    }
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.queueLimit) {
        throw new TesseraError('server_busy', undefined, { 'retry-after': '1' });
      }
      await new Promise<void>((resume) => this.#waiting.push(resume));
    } else {
      this.#running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}
