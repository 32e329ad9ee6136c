/** SQLSTATE classes and codes that mean "PostgreSQL cannot serve now", not "the query is wrong". */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
]);

/** Socket errors of a connection that cannot be made or was lost. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'SQLITE_BUSY',
]);

/** What node-postgres says, without a code, when a connection is lost or cannot be had in time. */
const POOL_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Connection is closed',
];

/**
 * Whether `error` means the database cannot be reached or cannot serve right now (refused or
 * lost connections, a full pool past its wait, a server shutting down or starting, SQLite busy
 * past its timeout): the request deserves 503 `service_unavailable` with `Retry-After`, not a
 * 500. Errors of the query itself (constraints, syntax) are not.
 *
 * @example
 * ```ts
 * if (isDatabaseUnavailable(error)) throw new TesseraError('service_unavailable');
 * ```
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) {
      return true;
    }
  }
  const message: unknown = Reflect.get(error, 'message');
  if (typeof message === 'string' && POOL_MESSAGES.some((text) => message.includes(text))) {
    return true;
  }
  // AggregateError (several addresses refused), or an error wrapping its cause.
  const errors: unknown = Reflect.get(error, 'errors');
  if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true;
  const cause: unknown = Reflect.get(error, 'cause');
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}
