import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The one-time setup link of an empty database. A new token is made at each start (only its
 * hash is kept, in memory); it is good for one use, and the endpoint answers 404 for good once
 * any user exists.
 */
export class FirstRunSetup {
  #tokenHash: Buffer | undefined;

  /** Makes the setup token and returns the link to print. */
  createLink(publicUrl: string): string {
    const token = randomBytes(32).toString('base64url');
    this.#tokenHash = digest(token);
    return `${publicUrl}/setup?token=${token}`;
  }

  /** True while a token has been made and not used. */
  get isOpen(): boolean {
    return this.#tokenHash !== undefined;
  }

  /** Checks a presented token in constant time. */
  matches(token: string): boolean {
    return this.#tokenHash !== undefined && timingSafeEqual(this.#tokenHash, digest(token));
  }

  /** Ends setup: the token can never be used again. */
  close(): void {
    this.#tokenHash = undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
