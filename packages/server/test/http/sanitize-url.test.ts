/**
 * SECURITY.md A14 (a token in the query never reaches the access line): sanitizeUrl hides the
 * value of every secret-looking query parameter, whether its name is written plainly, in
 * another case or behind percent-escapes, and leaves every other URL exactly as sent (its fast
 * path for queries naming no secret).
 */
import { describe, expect, it } from 'vitest';
import { sanitizeUrl } from '../../src/http/logger.js';

describe('A14 sanitizeUrl', () => {
  it.each([
    ['/api/users', '/api/users'],
    ['/api/users?page=2&per_page=20', '/api/users?page=2&per_page=20'],
    ['/api/users?q=token', '/api/users?q=token'],
    ['/api/users?tokens=1&my_token=2&token_x=3', '/api/users?tokens=1&my_token=2&token_x=3'],
    ['/api/users?q=a%20b', '/api/users?q=a%20b'],
    ['/x?token=abc', '/x?token=[REDACTED]'],
    ['/x?a=1&Access_Token=abc&b=2', '/x?a=1&Access_Token=[REDACTED]&b=2'],
    ['/x?refresh_token=a&id_token=b', '/x?refresh_token=[REDACTED]&id_token=[REDACTED]'],
    ['/x?code=1&password=2', '/x?code=[REDACTED]&password=[REDACTED]'],
    ['/x?token', '/x?token=[REDACTED]'],
    ['/x?a=1&token&b=2', '/x?a=1&token=[REDACTED]&b=2'],
    ['/x?%74oken=abc', '/x?%74oken=[REDACTED]'],
    ['/x?q=%20&TOK%45N=abc', '/x?q=%20&TOK%45N=[REDACTED]'],
    ['/x?%E0%A4%A=abc', '/x?%E0%A4%A=[REDACTED]'],
  ])('%s is logged as %s', (url, logged) => {
    expect(sanitizeUrl(url)).toBe(logged);
  });
});
