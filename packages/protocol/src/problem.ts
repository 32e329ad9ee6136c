import type { ErrorCode } from './error-codes.js';

/** Media type of every error body (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * An error body: RFC 9457 problem details plus Tessera's two stable members, `message` (the
 * tutorial's wording) and `code` (from the registry).
 *
 * @example
 * ```json
 * {"type":"urn:tessera:problem:token_expired","title":"Token has expired","status":401,
 *  "detail":"Token has expired","message":"Token has expired","code":"token_expired"}
 * ```
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly message: string;
  /** One of {@link ErrorCode}, or a code the application registered on its server. */
  readonly code: ErrorCode | (string & {});
  readonly request_id?: string;
  /** Per-field messages of a `validation_failed` problem. */
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
  /** `mfa_required` only: the second step's token (see `MfaRequiredMembers`). */
  readonly mfa_token?: string;
  /** `mfa_required` only: the methods the second step accepts. */
  readonly methods?: readonly string[];
}

/** The problem `type` URI of a code. */
export function problemType(code: ErrorCode | (string & {})): string {
  return `urn:tessera:problem:${code}`;
}
