import type { ErrorCode, ProblemDetails } from '@tessera/protocol';
import { readErrorBody } from './error-body.js';
import { errorCodeOf, toProblemDetails } from './problem-body.js';
import { statusMessage } from './status-messages.js';

/** Longest server `message` used as the error message; longer text is not a human message. */
const MAX_MESSAGE_LENGTH = 500;

function serverMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const message: unknown = Reflect.get(body, 'message');
  if (typeof message !== 'string') return undefined;
  const trimmed = message.trim();
  return trimmed !== '' && trimmed.length <= MAX_MESSAGE_LENGTH ? trimmed : undefined;
}

/**
 * A non-2xx answer from the API (or a 2xx whose body breaks the contract). `status` is the HTTP
 * status; `code` the stable code of a Tessera error body (switch on it, never on the text);
 * `problem` the whole problem details when the body is one. `message` is human text: the
 * server's `message` (the tutorial's wording, e.g. `Token has expired`) or a generic text for the
 * status. It never holds raw JSON, HTML or the token.
 *
 * @example
 * ```ts
 * try {
 *   await client.request('/api/users');
 * } catch (error) {
 *   if (error instanceof TesseraHttpError && error.code === 'insufficient_scope') showForbidden();
 *   else throw error;
 * }
 * ```
 */
export class TesseraHttpError extends Error {
  override readonly name: string = 'TesseraHttpError';
  readonly status: number;
  /** The problem's `code`: one of Tessera's ({@link ErrorCode}) or one the server's application added. */
  readonly code: ErrorCode | (string & {}) | undefined;
  readonly problem: ProblemDetails | undefined;

  /**
   * @param status - the HTTP status.
   * @param body - the parsed JSON body, if any: a problem, the tutorial's `{"message"}`, anything.
   * @param options - `cause`, as for `Error`.
   */
  constructor(status: number, body?: unknown, options?: ErrorOptions) {
    const problem = toProblemDetails(body);
    super(problem?.message ?? serverMessage(body) ?? statusMessage(status), options);
    this.status = status;
    this.problem = problem;
    this.code = problem?.code ?? errorCodeOf(body);
  }

  /**
   * Builds the error of a response, reading its body as JSON when its content type says JSON.
   * Never throws; an unreadable body gives the generic message of the status.
   *
   * @example
   * ```ts
   * const response = await fetch('/api/users');
   * if (!response.ok) throw await TesseraHttpError.fromResponse(response);
   * ```
   */
  static async fromResponse(response: Response): Promise<TesseraHttpError> {
    return new TesseraHttpError(response.status, await readErrorBody(response));
  }
}
