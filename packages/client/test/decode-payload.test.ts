import { describe, expect, it } from 'vitest';
import { decodeTokenPayload, TesseraClient } from '../src/index.js';
import { b64url, makeToken, NOW_MS, NOW_S } from './support.js';

const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const SIG = 'c2ln';
/** `{"name":"~~?>~~?>ÿ¿"}` in standard (not url-safe) base64, without padding. */
const STANDARD_BASE64 = Buffer.from('{"name":"~~?>~~?>ÿ¿"}').toString('base64').replace(/=+$/, '');

/** A token whose payload segment is exactly `segment`. */
const withPayload = (segment: string): string => `${HEADER}.${segment}.${SIG}`;

function authenticated(token: string): boolean {
  const client = new TesseraClient({ baseUrl: 'https://api.example.com', now: () => NOW_MS });
  client.setToken(token);
  return client.isAuthenticated();
}

describe('decodeTokenPayload: what decodes', () => {
  it('decodes non-ASCII claims as UTF-8 (not as Latin-1 like atob alone)', () => {
    const name = 'Zoë 東京 🙂';
    const payload = decodeTokenPayload(makeToken({ sub: '7', name, exp: NOW_S + 60 }));
    expect(payload?.['name']).toBe(name);
    expect(payload?.sub).toBe('7');
  });

  it("decodes base64url with several '-' and '_' (Satellizer replaced only the first of each)", () => {
    const claims = { sub: '42', name: '~~?>~~?>ÿÿ¿¿' };
    const segment = b64url(JSON.stringify(claims));
    expect(segment.match(/-/g)?.length).toBeGreaterThanOrEqual(2);
    expect(segment.match(/_/g)?.length).toBeGreaterThanOrEqual(2);
    expect(decodeTokenPayload(withPayload(segment))).toEqual(claims);
  });

  it('decodes segments with 1 or 2 padding characters missing', () => {
    for (const claims of [{ sub: 'ab' }, { sub: 'abc' }, { sub: 'abcd' }]) {
      const segment = b64url(JSON.stringify(claims));
      expect(decodeTokenPayload(withPayload(segment))).toEqual(claims);
    }
    expect(
      new Set(['ab', 'abc', 'abcd'].map((sub) => b64url(`{"sub":"${sub}"}`).length % 4)),
    ).toEqual(new Set([0, 2, 3]));
  });

  it('returns a frozen object', () => {
    const payload = decodeTokenPayload(makeToken({ sub: '1' }));
    expect(Object.isFrozen(payload)).toBe(true);
  });

  it('accepts an empty signature segment (decoding is not verifying)', () => {
    expect(decodeTokenPayload(`${HEADER}.${b64url('{"sub":"1"}')}.`)).toEqual({ sub: '1' });
  });
});

describe('decodeTokenPayload: malformed tokens give null and are not authenticated', () => {
  const good = b64url(JSON.stringify({ sub: '1', exp: NOW_S + 3600 }));
  const cases: Record<string, string> = {
    'empty string': '',
    '2 segments': `${HEADER}.${good}`,
    '4 segments': `${HEADER}.${good}.${SIG}.${SIG}`,
    '5 segments (JWE)': `${HEADER}.a.b.c.d`,
    'bad base64 characters': withPayload(`${good.slice(0, 8)}*${good.slice(9)}`),
    "standard base64 '+' and '/'": withPayload(STANDARD_BASE64),
    'impossible length (4n + 1)': withPayload(
      `${good}${'A'.repeat((5 - (good.length % 4)) % 4 || 4)}`,
    ),
    'invalid UTF-8 bytes': withPayload(
      b64url(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])),
    ),
    'UTF-8 BOM before the JSON': withPayload(
      b64url(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"sub":"1"}')])),
    ),
    'JSON array payload': withPayload(b64url('[1,2,3]')),
    'JSON null payload': withPayload(b64url('null')),
    'JSON number payload': withPayload(b64url('12345')),
    'JSON string payload': withPayload(b64url('"sub"')),
    'not JSON at all': withPayload(b64url('sub=1')),
    'empty payload segment': withPayload(''),
    "'=' padding": withPayload(`${b64url('{"sub":"ab"}')}=`),
    'leading whitespace': ` ${HEADER}.${good}.${SIG}`,
    'trailing newline': `${HEADER}.${good}.${SIG}\n`,
    'space inside the payload': withPayload(`${good.slice(0, 4)} ${good.slice(4)}`),
    'header that is not JSON': `${b64url('alg')}.${good}.${SIG}`,
    'header that is a JSON array': `${b64url('[]')}.${good}.${SIG}`,
    'signature with a bad character': `${HEADER}.${good}.si*g`,
    'sub as a number': withPayload(b64url(JSON.stringify({ sub: 1, exp: NOW_S + 3600 }))),
    'exp as a string': withPayload(b64url(JSON.stringify({ sub: '1', exp: String(NOW_S + 3600) }))),
    'iat as null': withPayload(b64url(JSON.stringify({ sub: '1', iat: null, exp: NOW_S + 3600 }))),
    'scope as an array': withPayload(b64url(JSON.stringify({ scope: ['a'], exp: NOW_S + 3600 }))),
  };

  it('the hostile cases are what they say', () => {
    expect(STANDARD_BASE64).toMatch(/\+/);
    expect(STANDARD_BASE64).toMatch(/\//);
    expect(cases['impossible length (4n + 1)']!.split('.')[1]!.length % 4).toBe(1);
    expect(cases['bad base64 characters']).toContain('*');
  });

  for (const [name, token] of Object.entries(cases)) {
    it(`${name} → null`, () => {
      expect(decodeTokenPayload(token)).toBeNull();
    });
  }

  it('none of them counts as authenticated (when the client accepts it at all)', () => {
    for (const token of Object.values(cases)) {
      let result = false;
      try {
        result = authenticated(token);
      } catch (error) {
        // Tokens with spaces or other non-b64token characters are refused outright.
        expect(error).toBeInstanceOf(TypeError);
      }
      expect(result).toBe(false);
    }
  });

  it('never throws, even for a non-string from JavaScript', () => {
    expect(decodeTokenPayload(42 as unknown as string)).toBeNull();
    expect(decodeTokenPayload(undefined as unknown as string)).toBeNull();
  });

  it('exp = 1e400 parses to Infinity and is never authenticated', () => {
    const token = withPayload(b64url('{"sub":"1","exp":1e400}'));
    expect(decodeTokenPayload(token)?.exp).toBe(Number.POSITIVE_INFINITY);
    expect(authenticated(token)).toBe(false);
  });

  it('the well-formed control case is authenticated', () => {
    expect(authenticated(withPayload(good))).toBe(true);
  });
});
