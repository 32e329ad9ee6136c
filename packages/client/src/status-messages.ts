/** Human texts by HTTP status, for error responses that carry no usable `message`. */
const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: 'The request is not valid',
  401: 'You are not signed in, or your session has ended',
  403: 'You are not allowed to do this',
  404: 'Not found',
  408: 'The server took too long to answer, try again',
  409: 'The request conflicts with the current state',
  413: 'Request body is too large',
  415: 'Unsupported content type',
  422: 'The request is not valid',
  429: 'Too many requests, try again later',
  500: 'The server had an unexpected problem',
  502: 'The server is unreachable right now (bad gateway), try again later',
  503: 'The service is unavailable, try again later',
  504: 'The server took too long to answer (gateway timeout), try again later',
};

/**
 * A readable message for an HTTP status, used when the body has no `message` of its own (an
 * HTML error page from a proxy, an empty body).
 *
 * @example
 * ```ts
 * statusMessage(502); // 'The server is unreachable right now (bad gateway), try again later'
 * statusMessage(418); // 'The request failed (HTTP 418)'
 * ```
 */
export function statusMessage(status: number): string {
  const known = STATUS_MESSAGES[status];
  if (known !== undefined) return known;
  if (status >= 500) return `The server had a problem (HTTP ${status})`;
  return `The request failed (HTTP ${status})`;
}
