import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from '@tessera/protocol';
import type { FastifyReply } from 'fastify';
import { errorSpecOf, type AnyErrorCode } from './error-registry.js';
import type { ProblemMembers } from './tessera-error.js';

/** Field messages of a validation problem. */
export type FieldErrors = ProblemDetails['errors'];

/** Builds the RFC 9457 body for a code. */
export function problemBody(
  code: AnyErrorCode,
  detail: string = errorSpecOf(code).message,
  extra: { requestId?: string; errors?: FieldErrors; members?: ProblemMembers } = {},
): ProblemDetails {
  const spec = errorSpecOf(code);
  return {
    // Extension members first: a standard member of the same name replaces them (RFC 9457 §3.2).
    ...extra.members,
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
  code: AnyErrorCode,
  options: {
    detail?: string;
    headers?: Readonly<Record<string, string>>;
    errors?: FieldErrors;
    members?: ProblemMembers;
  } = {},
): FastifyReply {
  const body = problemBody(code, options.detail, {
    requestId: String(reply.request.id),
    ...(options.errors === undefined ? {} : { errors: options.errors }),
    ...(options.members === undefined ? {} : { members: options.members }),
  });
  return reply
    .code(body.status)
    .headers(options.headers ?? {})
    .type(PROBLEM_CONTENT_TYPE)
    .send(body);
}
