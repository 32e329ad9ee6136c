import type { ErrorCode } from '@tessera/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { sendProblem, type FieldErrors } from './problem.js';
import { TesseraError } from './tessera-error.js';

const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
};

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'bad_request',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function classify(error: FastifyError): ErrorCode {
  const byCode = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
  if (byCode) return byCode;
  if (error instanceof SyntaxError) return 'bad_request';
  const status = error.statusCode ?? 500;
  return STATUS_CODES[status] ?? (status >= 400 && status < 500 ? 'bad_request' : 'internal_error');
}

function fieldErrors(error: FastifyError): FieldErrors {
  return (error.validation ?? []).map((issue) => ({
    path: `${error.validationContext ?? 'body'}${issue.instancePath}`,
    message: issue.message ?? 'is not valid',
  }));
}

/** The `Retry-After` of a 503 for an unreachable database, seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 1;
/** At most one warning line per this many ms while the database stays unreachable. */
const DATABASE_WARN_INTERVAL_MS = 10_000;
let lastDatabaseWarning = Number.NEGATIVE_INFINITY;

function warnDatabaseUnavailable(request: FastifyRequest, error: FastifyError): void {
  const now = performance.now();
  if (now - lastDatabaseWarning < DATABASE_WARN_INTERVAL_MS) return;
  lastDatabaseWarning = now;
  const code: unknown = Reflect.get(error, 'code');
  request.log.warn(
    { event: 'database_unavailable', code: typeof code === 'string' ? code : undefined },
    'the database cannot be reached: answering 503 service_unavailable',
  );
}

/**
 * Answers an error with a problem+json body (API.md): a {@link TesseraError} with its code,
 * status and headers, a schema failure as `validation_failed` with the fields, Fastify's own
 * errors (bad JSON, body too large, …) with their code, an unreachable database (see
 * `isDatabaseUnavailable`) as 503 `service_unavailable` with `Retry-After: 1` (one `warn` line
 * per 10 s of outage), anything else as a logged 500
 * `internal_error`. Never a stack trace, SQL text or input echoed. The `tessera` plugin sets it
 * where it is registered; a host with its own handler can call it for the errors it leaves.
 *
 * @example
 * ```ts
 * app.setErrorHandler((error, request, reply) =>
 *   error instanceof MyError ? reply.code(418).send() : problemErrorHandler(error, request, reply),
 * );
 * ```
 */
export function problemErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof TesseraError) {
    if (error.status >= 500) request.log.warn({ code: error.code }, 'request refused');
    return sendProblem(reply, error.code, {
      detail: error.detail,
      headers: error.headers,
      members: error.members,
    });
  }
  if (error.validation) {
    return sendProblem(reply, 'validation_failed', { errors: fieldErrors(error) });
  }
  if (isDatabaseUnavailable(error)) {
    warnDatabaseUnavailable(request, error);
    return sendProblem(reply, 'service_unavailable', {
      detail: 'The database cannot be reached, try again shortly',
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  }
  const code = classify(error);
  if (code === 'internal_error') {
    request.log.error({ err: error }, 'unexpected error');
  } else {
    request.log.info({ code, fastifyCode: error.code }, 'request rejected');
  }
  return sendProblem(reply, code);
}

/** Options of {@link notFoundPlugin}. */
export interface NotFoundOptions {
  /** Answers a page navigation to an unknown path outside `/api/` (the SPA's client routes). */
  readonly appShell?: (reply: FastifyReply) => FastifyReply;
}

function isPageNavigation(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !request.url.startsWith('/api/') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

/**
 * Answers every unknown route with a problem+json 404. With an `appShell`, a browser navigation
 * to an unknown path outside `/api/` gets the single-page app instead, which routes on the
 * client.
 */
export const notFoundPlugin = fp(
  (app: FastifyInstance, options: NotFoundOptions) => {
    app.setNotFoundHandler((request, reply) =>
      options.appShell && isPageNavigation(request)
        ? options.appShell(reply)
        : sendProblem(reply, 'not_found'),
    );
  },
  { name: 'tessera-not-found', fastify: '5.x' },
);
