import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODE_LIST,
  ERROR_CODES,
  isErrorCode,
  problemType,
  type ErrorCode,
} from '../src/index.js';

const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

/** The registry checks itself (STYLE.md §3 practice 2). */
describe('the error-code registry', () => {
  it.each(ERROR_CODE_LIST)(
    '%s has a 4xx/5xx status, a message, a description and a fix',
    (code) => {
      const spec = ERROR_CODES[code];
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
      expect(spec.message.length).toBeGreaterThan(3);
      expect(spec.description.length).toBeGreaterThan(10);
      expect(spec.solution.length).toBeGreaterThan(5);
    },
  );

  it.each(ERROR_CODE_LIST)('%s is a snake_case code with a docs/errors.md row', (code) => {
    expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(docs).toContain(`| \`${code}\` | ${ERROR_CODES[code].status} |`);
    expect(problemType(code)).toBe(`urn:tessera:problem:${code}`);
  });

  it('keeps the tutorial guard messages verbatim', () => {
    expect(ERROR_CODES.token_missing.message).toBe('Missing authorization header');
    expect(ERROR_CODES.token_invalid.message).toBe('Token is invalid');
    expect(ERROR_CODES.token_expired.message).toBe('Token has expired');
  });

  it('lists the same codes at runtime as the type, and nothing else is a code', () => {
    const typed: Record<ErrorCode, true> = Object.fromEntries(
      ERROR_CODE_LIST.map((code) => [code, true]),
    ) as Record<ErrorCode, true>;
    expect(Object.keys(typed).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(isErrorCode('token_invalid')).toBe(true);
    for (const value of ['toString', '__proto__', 'constructor', 'TOKEN_INVALID', '', 42, null]) {
      expect(isErrorCode(value)).toBe(false);
    }
  });

  it('gives every message once, so a client can tell codes apart by text too', () => {
    const messages = ERROR_CODE_LIST.map((code) => ERROR_CODES[code].message);
    expect(new Set(messages).size).toBe(messages.length);
  });
});
