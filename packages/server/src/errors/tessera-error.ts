import { errorSpecOf, type AnyErrorCode } from './error-registry.js';

/** Extension members of a problem body (RFC 9457 §3.2). */
export type ProblemMembers = Readonly<Record<string, unknown>>;

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
  /**
   * RFC 9457 extension members added to the problem body (e.g. `mfa_token` and `methods` of
   * `mfa_required`); they never replace a standard member. Declare them in the `Problem`
   * schema, or the response serializer drops them.
   */
  readonly members: ProblemMembers;

  constructor(
    readonly code: AnyErrorCode,
    readonly detail: string = errorSpecOf(code).message,
    readonly headers: Readonly<Record<string, string>> = {},
    options?: ErrorOptions & { readonly members?: ProblemMembers },
  ) {
    super(detail, options);
    this.status = errorSpecOf(code).status;
    this.members = options?.members ?? {};
  }

  /** The status under the name Fastify's default error handler reads. */
  get statusCode(): number {
    return this.status;
  }
}
