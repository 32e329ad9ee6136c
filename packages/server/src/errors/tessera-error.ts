import { errorSpecOf, type AnyErrorCode } from './error-registry.js';

/**
 * A failure with a stable code from the registry (`@tessera/protocol`'s codes and those added
 * with {@link defineErrorCodes}). Route handlers and hooks throw it; the error handler turns it
 * into a problem+json response with the code's status. `detail` is shown to the caller, so it
 * never holds a token, a password or input bytes.
 *
 * @example
 * ```ts
 * if (note.lockedBy !== user.id) throw new TesseraError('forbidden', 'The note is locked by someone else');
 * ```
 */
export class TesseraError extends Error {
  override readonly name = 'TesseraError';
  readonly status: number;

  constructor(
    readonly code: AnyErrorCode,
    readonly detail: string = errorSpecOf(code).message,
    readonly headers: Readonly<Record<string, string>> = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.status = errorSpecOf(code).status;
  }

  /** The status under the name Fastify's default error handler reads. */
  get statusCode(): number {
    return this.status;
  }
}
