import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, TesseraClient } from '../src/index.js';
import { API, makeClient, validToken } from './support.js';

const ALLOWED = [API];

describe('isAllowedOrigin: exact origin match (W11, angular-jwt CVE-2018-11537)', () => {
  const cases: [string, string | URL, boolean][] = [
    ['same origin', 'https://api.example.com/api/users', true],
    ['same origin, explicit default port', 'https://api.example.com:443/api/users', true],
    ['same origin, upper-case host', 'https://API.EXAMPLE.COM/x', true],
    ['same origin as a URL object', new URL('https://api.example.com/x'), true],
    ['relative path', '/api/users', true],
    ['relative path without a slash', 'api/users', true],
    ['other host', 'https://evil.com/api/users', false],
    ['other subdomain', 'https://www.example.com/api/users', false],
    ['parent domain', 'https://example.com/api/users', false],
    ['other port', 'https://api.example.com:8443/api/users', false],
    ['http instead of https', 'http://api.example.com/api/users', false],
    ['allowed host as a prefix of the host', 'https://api.example.com.evil.com/x', false],
    ['allowed host as userinfo', 'https://api.example.com@evil.com/x', false],
    ['allowed host as user:password', 'https://api.example.com:443@evil.com/x', false],
    ['allowed origin in the path', 'https://evil.com/https://api.example.com', false],
    ['allowed origin in the query', 'https://evil.com/?u=https://api.example.com', false],
    ['protocol-relative', '//evil.com/x', false],
    ['backslash protocol-relative', '/\\evil.com/x', false],
    ['double backslash', '\\\\evil.com/x', false],
    ['ws scheme on the same host', 'wss://api.example.com/x', false],
    ['javascript: URL', 'javascript:alert(1)', false],
    ['data: URL', 'data:text/plain,hi', false],
    ['not a URL at all', 'http://[::1', false],
  ];

  for (const [name, url, expected] of cases) {
    it(`${name}: ${String(url)} → ${expected}`, () => {
      expect(isAllowedOrigin(url, ALLOWED, 'https://api.example.com/app/')).toBe(expected);
    });
  }

  it('resolves relative URLs against the base it is given', () => {
    expect(isAllowedOrigin('/api/users', ALLOWED, 'https://evil.com/')).toBe(false);
    expect(isAllowedOrigin('/api/users', ALLOWED, '')).toBe(false);
    expect(isAllowedOrigin('/api/users', ALLOWED, 'not a base')).toBe(false);
  });

  it('compares http origins with their port', () => {
    const local = ['http://127.0.0.1:3000'];
    expect(isAllowedOrigin('http://127.0.0.1:3000/api', local, '')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:3001/api', local, '')).toBe(false);
    expect(isAllowedOrigin('http://localhost:3000/api', local, '')).toBe(false);
  });

  it('ignores allowlist entries that are not bare origins (never a prefix or a pattern)', () => {
    const url = 'https://api.example.com/x';
    expect(isAllowedOrigin(url, ['https://api.example.com/x'], '')).toBe(false);
    expect(isAllowedOrigin(url, ['api.example.com'], '')).toBe(false);
    expect(isAllowedOrigin(url, ['https://*.example.com'], '')).toBe(false);
    expect(isAllowedOrigin(url, ['^https://api\\.example\\.com'], '')).toBe(false);
    expect(isAllowedOrigin(url, ['https://api.example.com/'], '')).toBe(true);
  });

  it('an empty allowlist allows nothing', () => {
    expect(isAllowedOrigin('https://api.example.com/x', [], '')).toBe(false);
  });
});

describe('TesseraClient.shouldAttachToken and authorizationHeader', () => {
  it('defaults apiOrigins to the origin of baseUrl', () => {
    const { client } = makeClient({ baseUrl: 'https://api.example.com/v1/' });
    expect(client.shouldAttachToken('https://api.example.com/other')).toBe(true);
    expect(client.shouldAttachToken('https://app.example.com/v1/')).toBe(false);
  });

  it('resolves relative URLs against baseUrl where there is no document (node)', () => {
    const { client } = makeClient();
    expect(client.shouldAttachToken('/api/users')).toBe(true);
    expect(client.shouldAttachToken('//evil.com/x')).toBe(false);
  });

  it('uses apiOrigins when given, normalized', () => {
    const { client } = makeClient({
      apiOrigins: ['https://API.example.com:443', 'http://127.0.0.1:3000'],
    });
    expect(client.shouldAttachToken('https://api.example.com/x')).toBe(true);
    expect(client.shouldAttachToken('http://127.0.0.1:3000/x')).toBe(true);
    expect(client.shouldAttachToken('http://127.0.0.1:3001/x')).toBe(false);
  });

  it('rejects apiOrigins entries that are not origins when the client is built', () => {
    for (const entry of [
      'https://api.example.com/api',
      'api.example.com',
      'https://*.example.com',
      '',
    ]) {
      expect(() => new TesseraClient({ apiOrigins: [entry] })).toThrow(TypeError);
    }
  });

  it('allows nothing without a document and with a relative baseUrl', () => {
    const client = new TesseraClient();
    client.setToken(validToken());
    expect(client.shouldAttachToken('/api/users')).toBe(false);
    expect(client.authorizationHeader('/api/users')).toBeNull();
  });

  it("gives 'Bearer <token>' only for API origins and a valid token", () => {
    const { client } = makeClient();
    expect(client.authorizationHeader('https://api.example.com/x')).toBeNull();
    const token = validToken();
    client.setToken(token);
    expect(client.authorizationHeader('https://api.example.com/x')).toBe(`Bearer ${token}`);
    expect(client.authorizationHeader('https://api.example.com.evil.com/x')).toBeNull();
    expect(client.authorizationHeader('https://api.example.com@evil.com/x')).toBeNull();
    expect(client.authorizationHeader('//evil.com/x')).toBeNull();
  });

  it('gives no header for an expired token, even to the API', () => {
    const { client } = makeClient();
    client.setToken(validToken({ exp: 1 }));
    expect(client.authorizationHeader('https://api.example.com/x')).toBeNull();
  });
});
