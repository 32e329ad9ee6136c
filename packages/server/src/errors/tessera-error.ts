import { ERROR_CODES, type ErrorCode } from '@tessera/protocol';

/**
 * A failure with a stable code from the registry in `@tessera/protocol`. Route handlers and
 * hooks throw it; the error handler turns it into a problem+json response with the code's
 * status. `detail` is shown to the caller, so it never holds a token, a password or input bytes.
 */
export class TesseraError extends Error {
  override readonly name = 'TesseraError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string = ERROR_CODES[code].message,
    readonly headers: Readonly<Record<string, string>> = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.status = ERROR_CODES[code].status;
  }
}
