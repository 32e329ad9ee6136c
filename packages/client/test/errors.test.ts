import { ERROR_CODES } from '@tessera/protocol';
import { describe, expect, it } from 'vitest';
import { TesseraHttpError, TesseraNetworkError } from '../src/index.js';
import { jsonResponse, makeClient, problem, validToken } from './support.js';

describe('TesseraHttpError', () => {
  it('keeps status, code and the problem details of a problem+json body', async () => {
    const response = new Response(
      JSON.stringify({
        type: 'urn:tessera:problem:validation_failed',
        title: 'The request is not valid',
        status: 400,
        detail: 'body/email must match format "email"',
        message: 'The request is not valid',
        code: 'validation_failed',
        request_id: 'req-7',
        errors: [{ path: '/email', message: 'must match format "email"' }],
      }),
      { status: 400, headers: { 'content-type': 'application/problem+json; charset=utf-8' } },
    );
    const error = await TesseraHttpError.fromResponse(response);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TesseraHttpError');
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('The request is not valid');
    expect(error.problem?.detail).toBe('body/email must match format "email"');
    expect(error.problem?.request_id).toBe('req-7');
    expect(error.problem?.errors).toEqual([
      { path: '/email', message: 'must match format "email"' },
    ]);
  });

  it("uses the server's message verbatim (the tutorial's three guard messages)", async () => {
    for (const code of ['token_missing', 'token_invalid', 'token_expired'] as const) {
      const { message, status } = ERROR_CODES[code];
      const error = await TesseraHttpError.fromResponse(problem(code, status, message));
      expect({ status: error.status, code: error.code, message: error.message }).toEqual({
        status,
        code,
        message,
      });
    }
  });

  it('has a readable message for a non-JSON 502 body, never the HTML', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';
    const error = await TesseraHttpError.fromResponse(
      new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.problem).toBeUndefined();
    expect(error.message).toMatch(/try again/i);
    expect(error.message).not.toMatch(/[<>{}]/);
  });

  it('has a readable message for an empty body, a JSON body without message, and bad JSON', async () => {
    const responses = [
      new Response(null, { status: 503 }),
      jsonResponse(500, { error: 'boom', stack: 'at x' }),
      new Response('{"message":', { status: 500, headers: { 'content-type': 'application/json' } }),
      jsonResponse(418, ['not', 'an', 'object']),
    ];
    for (const response of responses) {
      const error = await TesseraHttpError.fromResponse(response);
      expect(error.message.length).toBeGreaterThan(5);
      expect(error.message).not.toMatch(/[{}[\]"]/);
      expect(error.code).toBeUndefined();
    }
  });

  it("takes the tutorial API's {message} body, without a code", async () => {
    const error = await TesseraHttpError.fromResponse(
      jsonResponse(401, { message: 'invalid username/password' }),
    );
    expect(error.message).toBe('invalid username/password');
    expect(error.code).toBeUndefined();
    expect(error.problem).toBeUndefined();
  });

  it('leaves code undefined for a code outside the registry, keeping the message', async () => {
    const error = await TesseraHttpError.fromResponse(
      jsonResponse(400, { code: 'from_a_newer_server', message: 'Something new' }),
    );
    expect(error.code).toBeUndefined();
    expect(error.message).toBe('Something new');
  });

  it('keeps a registered code even when the body is not a full problem', () => {
    const error = new TesseraHttpError(429, { code: 'rate_limited' });
    expect(error.code).toBe('rate_limited');
    expect(error.problem).toBeUndefined();
    expect(error.message).toBe('Too many requests, try again later');
  });

  it('ignores an absurdly long server message', () => {
    const error = new TesseraHttpError(500, { message: 'x'.repeat(10_000) });
    expect(error.message).toBe('The server had an unexpected problem');
  });

  it('never puts the token in its message, even if the request carried it', async () => {
    const token = validToken();
    const { client } = makeClient({}, () => problem('token_invalid', 401, 'Token is invalid'));
    client.setToken(token);
    const error = await client.request('/api/users').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TesseraHttpError);
    expect(JSON.stringify(error)).not.toContain(token);
    expect(String((error as Error).message)).not.toContain(token);
    expect(String((error as Error).stack)).not.toContain(token);
  });
});

describe('TesseraNetworkError', () => {
  it('is an Error with a readable default message and the cause', () => {
    const cause = new TypeError('Failed to fetch');
    const error = new TesseraNetworkError(undefined, { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TesseraNetworkError');
    expect(error.message).toMatch(/could not be reached/);
    expect(error.cause).toBe(cause);
  });
});
