import type { RetryPath } from './retry-path.js';
import type { RequestAuthorization } from './types.js';

/**
 * One request's pass through the {@link RetryPath}: it remembers the token the request left
 * with and how many answers it got, so a request is sent again at most once, whoever sends it
 * (`fetch()`, an Angular interceptor, another library's).
 *
 * @example
 * ```ts
 * const attempt = new RequestAttempt(path, 'https://api.example.com/api/users');
 * const header = attempt.needsRefresh ? await attempt.freshHeader() : attempt.header();
 * ```
 */
export class RequestAttempt implements RequestAuthorization {
  readonly #path: RetryPath;
  readonly #url: string;
  #held: string | null = null;
  #resent = false;

  constructor(path: RetryPath, url: string) {
    this.#path = path;
    this.#url = url;
  }

  get needsRefresh(): boolean {
    return this.#path.needsRefresh(this.#url);
  }

  header(): string | null {
    this.#held = this.#path.token;
    return this.#path.header(this.#url);
  }

  async freshHeader(): Promise<string | null> {
    await this.#path.freshHeader(this.#url);
    return this.header();
  }

  retry(answer: { status: number; code?: string | undefined }): Promise<boolean> {
    if (answer.status !== 401) return Promise.resolve(false);
    const unauthorized = { ...answer, url: this.#url };
    if (this.#resent) {
      this.#path.settle(unauthorized);
      return Promise.resolve(false);
    }
    this.#resent = true;
    return this.#path.afterUnauthorized(unauthorized, this.#held);
  }
}
