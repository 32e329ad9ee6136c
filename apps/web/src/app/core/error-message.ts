import { HttpErrorResponse } from '@angular/common/http';
import { TesseraHttpError, TesseraNetworkError } from '@tessera/client';

/** The text shown for a 403, whatever the code. */
export const FORBIDDEN_MESSAGE = 'You are not allowed to do this';
/** The text shown when the API cannot be reached. */
export const NETWORK_MESSAGE = 'The server cannot be reached, try again';
/** A 403 that says more than "forbidden": the role requires a second factor not set up yet. */
const ENROLMENT_CODE = 'mfa_enrolment_required';
/** A 403 of provider sign-in says why (sign-up off, address unverified, account disabled). */
const OWN_MESSAGE_PREFIX = 'oidc_';
/** Codes of a 401 that end the session (the session watcher reports those). */
const SESSION_CODES = new Set(['token_missing', 'token_invalid', 'token_expired']);

interface ProblemLike {
  readonly message?: unknown;
  readonly detail?: unknown;
  readonly code?: unknown;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The problem's own detail when it says more than the generic message, else the message. */
function problemText(problem: ProblemLike | null | undefined): string | null {
  const message = typeof problem?.message === 'string' ? problem.message : null;
  const detail = typeof problem?.detail === 'string' ? problem.detail : null;
  if (detail && detail !== message) return capitalize(detail);
  return message;
}

/** Whether a 403 with this code has a message for the user rather than "not allowed". */
function saysWhy(code: string | undefined): boolean {
  return code === ENROLMENT_CODE || (code?.startsWith(OWN_MESSAGE_PREFIX) ?? false);
}

/**
 * Readable text for an error of an API call, never raw JSON; `null` when nothing should be
 * shown (a 401 that ended the session, which the session watcher reports itself).
 */
export function errorMessage(error: unknown): string | null {
  if (error instanceof HttpErrorResponse) {
    const problem = error.error as ProblemLike | null;
    if (error.status === 0) return NETWORK_MESSAGE;
    if (error.status === 401 && SESSION_CODES.has(String(problem?.code))) return null;
    if (error.status === 403 && problem?.code !== ENROLMENT_CODE) return FORBIDDEN_MESSAGE;
    return problemText(problem) ?? `The request failed (${error.status})`;
  }
  if (error instanceof TesseraHttpError) {
    if (error.status === 401 && SESSION_CODES.has(String(error.code))) return null;
    if (error.status === 403 && !saysWhy(error.code)) return FORBIDDEN_MESSAGE;
    return problemText(error.problem) ?? error.message;
  }
  if (error instanceof TesseraNetworkError) return NETWORK_MESSAGE;
  return 'Something went wrong, try again';
}
