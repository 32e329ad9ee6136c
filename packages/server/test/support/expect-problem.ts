import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** The challenges of SECURITY.md §2 conventions, with the realm `tessera`. */
export const CHALLENGE = {
  R401m: 'Bearer realm="tessera"',
  R401n: 'Bearer realm="tessera"',
  R401i: 'Bearer realm="tessera", error="invalid_token"',
  R401e:
    'Bearer realm="tessera", error="invalid_token", error_description="The access token expired"',
  R400r: 'Bearer realm="tessera", error="invalid_request"',
} as const;

const EXPECTED = {
  R401m: { status: 401, code: 'token_missing', message: 'Missing authorization header' },
  R401n: { status: 401, code: 'token_invalid', message: 'Token is invalid' },
  R401i: { status: 401, code: 'token_invalid', message: 'Token is invalid' },
  R401e: { status: 401, code: 'token_expired', message: 'Token has expired' },
  R400r: { status: 400, code: 'invalid_request', message: 'Credentials were sent more than once' },
} as const;

export type ExpectedAnswer = keyof typeof EXPECTED;

/**
 * Asserts one of the catalogue's answers (R401m, R401n, R401i, R401e, R400r): status, `code`,
 * `message`, `WWW-Authenticate`, the problem media type, and G4 (no echo of `secret`, no stack).
 */
export function expectAnswer(
  response: LightMyRequestResponse,
  answer: ExpectedAnswer,
  secret?: string,
): void {
  const expected = EXPECTED[answer];
  expect(response.statusCode, response.body).toBe(expected.status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(response.headers['www-authenticate']).toBe(CHALLENGE[answer]);
  const body = response.json<{ code: string; message: string }>();
  expect(body.code).toBe(expected.code);
  expect(body.message).toBe(expected.message);
  expectNoEcho(response, secret);
}

/** G4: the body holds neither the presented token nor a stack trace. */
export function expectNoEcho(response: LightMyRequestResponse, secret?: string): void {
  if (secret !== undefined && secret.length >= 8) expect(response.body).not.toContain(secret);
  expect(response.body).not.toMatch(/\bat .+:\d+:\d+\)?/);
}

/** Asserts a problem+json answer with a status and code. */
export function expectProblem(
  response: LightMyRequestResponse,
  status: number,
  code: string,
): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(response.json<{ code: string }>().code).toBe(code);
}
