import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenService, type TokenServiceOptions } from '../../src/token/index.js';
import { AUD, ISS, K, NOW, TTL, parts, service } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function decodeJson(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

function options(overrides: Record<string, unknown>): TokenServiceOptions {
  return {
    secret: K,
    issuer: ISS,
    audience: AUD,
    accessTtlSeconds: TTL,
    ...overrides,
  };
}

describe('TokenService.issue', () => {
  it('D3 signs with the header exactly {"alg":"HS256","typ":"at+jwt"}', () => {
    const { token } = service().issue({ sub: '1', scope: 'profile:read' });
    const [header] = parts(token);
    expect(Buffer.from(header, 'base64url').toString('utf8')).toBe(
      '{"alg":"HS256","typ":"at+jwt"}',
    );
  });

  it('D4 carries iss, aud (a string), sub, iat, exp, jti and scope, and nothing else', () => {
    const { token, claims } = service().issue({ sub: '42', scope: 'users:read users:write' });
    const payload = decodeJson(parts(token)[1]);
    expect(payload).toEqual(claims);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub']);
    expect(claims).toMatchObject({
      iss: ISS,
      aud: AUD,
      sub: '42',
      iat: NOW,
      exp: NOW + TTL,
      scope: 'users:read users:write',
    });
    expect(claims.jti).toMatch(UUID);
  });

  it('C05 truncates a fractional clock to whole seconds and sets exp = iat + ttl', () => {
    const { claims, expiresIn } = service({}, NOW + 0.987).issue({ sub: '1', scope: '' });
    expect(claims.iat).toBe(NOW);
    expect(Number.isInteger(claims.iat)).toBe(true);
    expect(claims.exp - claims.iat).toBe(TTL);
    expect(expiresIn).toBe(TTL);
  });

  it('L05 gives every token its own random jti', () => {
    const tokens = service();
    const ids = new Set(
      Array.from({ length: 50 }, () => tokens.issue({ sub: '1', scope: '' }).claims.jti),
    );
    expect(ids.size).toBe(50);
  });

  it('L03 adds sid only when a session id is given', () => {
    const tokens = service();
    const withSid = tokens.issue({ sub: '1', scope: '', sid: 'session-7' });
    expect(decodeJson(parts(withSid.token)[1])).toMatchObject({ sid: 'session-7' });
    expect(tokens.verify(withSid.token).sid).toBe('session-7');
    expect('sid' in tokens.issue({ sub: '1', scope: '' }).claims).toBe(false);
  });

  it('D4 issues tokens that its own verify accepts, with the same claims', () => {
    const tokens = service();
    const { token, claims } = tokens.issue({ sub: 'alice', scope: 'profile:read', sid: 's' });
    expect(tokens.verify(token)).toEqual(claims);
  });

  it('C11 refuses to issue for an empty, oversized or non-string sub', () => {
    const tokens = service();
    for (const sub of ['', 'x'.repeat(256), 1, null]) {
      expect(() => tokens.issue({ sub, scope: '' } as never)).toThrow(TypeError);
    }
    expect(() => tokens.issue({ sub: '1', scope: 7 } as never)).toThrow(TypeError);
    expect(() => tokens.issue({ sub: '1', scope: '', sid: '' })).toThrow(TypeError);
  });

  it('S19 refuses to issue a token that would exceed maxTokenBytes', () => {
    const tokens = service({ maxTokenBytes: 512 });
    expect(() => tokens.issue({ sub: '1', scope: 'x'.repeat(400) })).toThrow(TypeError);
  });

  it('C02 refuses to issue when the clock returns a non-finite value', () => {
    expect(() => service({}, Number.NaN).issue({ sub: '1', scope: '' })).toThrow(TypeError);
  });
});

describe('TokenService options (checked at construction)', () => {
  it('K07 refuses a missing, empty, short or low-entropy secret', () => {
    const weak = [
      undefined,
      new Uint8Array(0),
      Buffer.from('secret'),
      randomBytes(31),
      Buffer.from('a'.repeat(32)),
      Buffer.alloc(64),
      Buffer.from('ab'.repeat(32)),
      'a string secret of more than 32 characters',
    ];
    for (const secret of weak) {
      expect(() => new TokenService(options({ secret }))).toThrow(TypeError);
    }
    expect(() => new TokenService(options({ secret: randomBytes(32) }))).not.toThrow();
  });

  it('K07 copies the secret: changing the caller buffer later does not change the key', () => {
    const secret = Buffer.from(K);
    const tokens = new TokenService(options({ secret, clock: () => NOW }));
    const { token } = tokens.issue({ sub: '1', scope: '' });
    secret.fill(0);
    expect(tokens.verify(token).sub).toBe('1');
  });

  it('C05 requires accessTtlSeconds to be a finite integer > 0', () => {
    for (const accessTtlSeconds of [0, -1, 1.5, Number.NaN, Infinity, '900', undefined]) {
      expect(() => new TokenService(options({ accessTtlSeconds }))).toThrow(TypeError);
    }
  });

  it('C03 requires leewaySeconds within 0..60 (default 30)', () => {
    for (const leewaySeconds of [-1, 61, Number.NaN, Infinity, '30']) {
      expect(() => new TokenService(options({ leewaySeconds }))).toThrow(TypeError);
    }
    for (const leewaySeconds of [0, 60, undefined]) {
      expect(() => new TokenService(options({ leewaySeconds }))).not.toThrow();
    }
  });

  it('S19 requires maxTokenBytes to be an integer within 256..65536', () => {
    for (const maxTokenBytes of [0, 255, 65_537, 8192.5, Number.NaN, Infinity]) {
      expect(() => new TokenService(options({ maxTokenBytes }))).toThrow(TypeError);
    }
  });

  it('C09 requires a non-empty issuer and audience, and a function clock', () => {
    expect(() => new TokenService(options({ issuer: '' }))).toThrow(TypeError);
    expect(() => new TokenService(options({ audience: 1 }))).toThrow(TypeError);
    expect(() => new TokenService(options({ clock: 1_800_000_000 }))).toThrow(TypeError);
    expect(() => new TokenService(null as never)).toThrow(TypeError);
  });
});
