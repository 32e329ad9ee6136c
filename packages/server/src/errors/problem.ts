import {
  ERROR_CODES,
  PROBLEM_CONTENT_TYPE,
  problemType,
  type ErrorCode,
  type ProblemDetails,
} from '@tessera/protocol';
import type { FastifyReply } from 'fastify';

/** Field messages of a validation problem. */
export type FieldErrors = ProblemDetails['errors'];

/** Builds the RFC 9457 body for a code. */
export function problemBody(
  code: ErrorCode,
  detail: string = ERROR_CODES[code].message,
  extra: { requestId?: string; errors?: FieldErrors } = {},
): ProblemDetails {
  const spec = ERROR_CODES[code];
  return {
    type: problemType(code),
    title: spec.message,
    status: spec.status,
    detail,
    message: spec.message,
    code,
    ...(extra.requestId === undefined ? {} : { request_id: extra.requestId }),
    ...(extra.errors === undefined ? {} : { errors: extra.errors }),
  };
}

/** Sends a problem+json response on `reply`. */
export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  options: {
    detail?: string;
    headers?: Readonly<Record<string, string>>;
    errors?: FieldErrors;
  } = {},
): FastifyReply {
  const body = problemBody(code, options.detail, {
    requestId: String(reply.request.id),
    ...(options.errors === undefined ? {} : { errors: options.errors }),
  });
  return reply
    .code(body.status)
    .headers(options.headers ?? {})
    .type(PROBLEM_CONTENT_TYPE)
    .send(body);
}
