import { describe, expect, it } from 'vitest';
import {
  AUD,
  ISS,
  NOW,
  TTL,
  VH,
  claims,
  expectRejected,
  mac,
  parts,
  service,
  tok,
} from './support.js';

const tokens = service();
/** A token of `V` with overrides, signed with `K`. */
const v = (overrides: Record<string, unknown>): string => tok(VH, claims(overrides));

describe('exp (C01–C06)', () => {
  it('C01 rejects a token without exp', () => {
    expectRejected(() => tokens.verify(v({ exp: undefined })), 'claims', 'exp');
  });

  it('C02 reports exp = now − 3600 as expired (token_expired)', () => {
    expectRejected(
      () => tokens.verify(v({ iat: NOW - 3600 - TTL, exp: NOW - 3600 })),
      'expired',
      'exp',
    );
  });

  it('C03 accepts exp = now − 20 within a 30 s leeway, rejects now − 30 and now − 31', () => {
    expect(tokens.verify(v({ iat: NOW - 20 - TTL, exp: NOW - 20 })).sub).toBe('1');
    expectRejected(() => tokens.verify(v({ iat: NOW - 30 - TTL, exp: NOW - 30 })), 'expired');
    expectRejected(() => tokens.verify(v({ iat: NOW - 31 - TTL, exp: NOW - 31 })), 'expired');
  });

  it('C03 with leeway 0 rejects exp = now ("on or after") and accepts exp = now + 1', () => {
    const strict = service({ leewaySeconds: 0 });
    expectRejected(() => strict.verify(v({ iat: NOW - TTL, exp: NOW })), 'expired');
    expect(strict.verify(v({ iat: NOW + 1 - TTL, exp: NOW + 1 })).exp).toBe(NOW + 1);
  });

  it('C04 rejects exp as "9999999999", null, true, [] or {}', () => {
    for (const exp of ['9999999999', null, true, [], {}, [NOW + 60]]) {
      expectRejected(() => tokens.verify(v({ exp })), 'claims', 'exp');
    }
  });

  it('C05 rejects exp = now + 10 years with iat = now (max age = ttl + leeway)', () => {
    expectRejected(() => tokens.verify(v({ exp: NOW + 10 * 365 * 86_400 })), 'too_old', 'iat');
    expect(tokens.verify(v({ exp: NOW + TTL + 30 })).exp).toBe(NOW + TTL + 30);
    expectRejected(() => tokens.verify(v({ exp: NOW + TTL + 31 })), 'too_old');
  });

  it('C06 reports a bad signature with exp in the past as invalid, never expired', () => {
    const expired = v({ iat: NOW - 7200, exp: NOW - 3600 - TTL });
    const [h, p] = parts(expired);
    const forged = `${h}.${p}.${mac(`${h}.${p}`, 'not the key')}`;
    expectRejected(() => tokens.verify(forged), 'signature');
    const garbage = tok(VH, claims({ exp: 'never', iss: 'evil', sub: 2 }), 'not the key');
    expectRejected(() => tokens.verify(garbage), 'signature');
  });
});

describe('nbf and iat (C07, C08)', () => {
  it('C07 rejects nbf = now + 3600 and accepts nbf = now + 10 (within leeway)', () => {
    expectRejected(() => tokens.verify(v({ nbf: NOW + 3600 })), 'not_yet_valid', 'nbf');
    expect(tokens.verify(v({ nbf: NOW + 10 })).nbf).toBe(NOW + 10);
    expect(tokens.verify(v({ nbf: NOW + 30 })).nbf).toBe(NOW + 30);
    expectRejected(() => tokens.verify(v({ nbf: NOW + 31 })), 'not_yet_valid');
  });

  it('C07 rejects nbf that is not a NumericDate', () => {
    for (const nbf of ['0', null, true, [], {}, -1]) {
      expectRejected(() => tokens.verify(v({ nbf })), 'claims', 'nbf');
    }
  });

  it('C08 rejects iat absent, iat = now + 3600, and iat = now − 86400 with exp = now + 60', () => {
    expectRejected(() => tokens.verify(v({ iat: undefined })), 'claims', 'iat');
    expectRejected(
      () => tokens.verify(v({ iat: NOW + 3600, exp: NOW + 3600 + TTL })),
      'issued_in_future',
      'iat',
    );
    expectRejected(() => tokens.verify(v({ iat: NOW - 86_400, exp: NOW + 60 })), 'too_old', 'iat');
    for (const iat of ['1', null, -5])
      expectRejected(() => tokens.verify(v({ iat })), 'claims', 'iat');
  });

  it('C08 accepts iat up to the leeway in the future, not beyond', () => {
    expect(tokens.verify(v({ iat: NOW + 30, exp: NOW + 30 + TTL })).iat).toBe(NOW + 30);
    expectRejected(
      () => tokens.verify(v({ iat: NOW + 31, exp: NOW + 31 + TTL })),
      'issued_in_future',
    );
  });

  it('C02 fails closed when the clock returns NaN', () => {
    expectRejected(() => service({}, Number.NaN).verify(tok()), 'issued_in_future');
  });
});

describe('iss, aud, sub, jti, scope (C09–C13)', () => {
  it('C09 rejects iss absent, "", wrong case, a trailing slash, or an array', () => {
    for (const iss of [
      undefined,
      '',
      'urn:app:API',
      'urn:app:api/',
      ' urn:app:api',
      [ISS],
      ['evil', ISS],
      null,
    ]) {
      expectRejected(() => tokens.verify(v({ iss })), 'claims', 'iss');
    }
  });

  it('C09 compares iss code point by code point (no Unicode normalisation)', () => {
    const composed = service({ issuer: 'urn:caf\u00e9' });
    expectRejected(() => composed.verify(v({ iss: 'urn:cafe\u0301' })), 'claims', 'iss');
    expect(composed.verify(v({ iss: 'urn:caf\u00e9' })).iss).toBe('urn:caf\u00e9');
  });

  it('C10 rejects aud absent, "other", [], ["other"], wrong case or non-string entries', () => {
    for (const aud of [
      undefined,
      'other',
      [],
      ['other'],
      AUD.toUpperCase(),
      [1, AUD],
      [AUD, null],
      { aud: AUD },
    ]) {
      expectRejected(() => tokens.verify(v({ aud })), 'claims', 'aud');
    }
  });

  it('C10 accepts aud ["other", "urn:app:api"]', () => {
    expect(tokens.verify(v({ aud: ['other', AUD] })).aud).toEqual(['other', AUD]);
  });

  it('C11 rejects sub as 1, ["1"], {"$ne":null}, "" or over 255 characters', () => {
    for (const sub of [1, ['1'], { $ne: null }, '', 'x'.repeat(256), null, true]) {
      expectRejected(() => tokens.verify(v({ sub })), 'claims', 'sub');
    }
  });

  it('C11 returns look-alike subs verbatim, never coerced to "1"', () => {
    for (const sub of [' 1', '01', '1 OR 1=1', '../2', '1\u0000', '１']) {
      expect(tokens.verify(v({ sub })).sub).toBe(sub);
    }
  });

  it('C12 passes an unknown sub through verbatim: the user lookup (guard) rejects it', () => {
    expect(tokens.verify(v({ sub: '999999' })).sub).toBe('999999');
  });

  it('C13 rejects jti absent, not a string, empty or over 255 characters', () => {
    for (const jti of [undefined, 1, null, '', ['j'], 'j'.repeat(256)]) {
      expectRejected(() => tokens.verify(v({ jti })), 'claims', 'jti');
    }
  });

  it('C16 amr, when present, is 1 to 8 short lower-case method names; otherwise rejected', () => {
    expect(tokens.verify(v({ amr: ['pwd', 'otp'] })).amr).toEqual(['pwd', 'otp']);
    expect(tokens.verify(v({})).amr).toBeUndefined();
    for (const amr of [
      null,
      'pwd',
      [],
      ['PWD'],
      [1],
      ['pwd', null],
      Array(9).fill('pwd'),
      ['x'.repeat(33)],
    ]) {
      expectRejected(() => tokens.verify(v({ amr })), 'claims', 'amr');
    }
    expect(() => tokens.issue({ sub: '1', scope: '', amr: [] })).toThrow(TypeError);
    expect(
      tokens.verify(tokens.issue({ sub: '1', scope: '', amr: ['webauthn'] }).token).amr,
    ).toEqual(['webauthn']);
  });

  it('C16 rejects scope absent or not a string; sid, when present, must be an identifier', () => {
    for (const scope of [undefined, null, ['users:read'], 1]) {
      expectRejected(() => tokens.verify(v({ scope })), 'claims', 'scope');
    }
    for (const sid of [null, 1, '', 's'.repeat(256)]) {
      expectRejected(() => tokens.verify(v({ sid })), 'claims', 'sid');
    }
  });

  it('C15 returns only the claims Tessera uses: role, is_admin and the like are dropped', () => {
    const verified = tokens.verify(v({ role: 'admin', is_admin: true, scope: '*', sid: 's1' }));
    expect(verified).toEqual({
      iss: ISS,
      aud: AUD,
      sub: '1',
      iat: NOW,
      exp: NOW + TTL,
      jti: claims()['jti'],
      scope: '*',
      sid: 's1',
    });
  });

  it('C17 rejects another JWT kind of this service (other typ and aud)', () => {
    const email = tok({ alg: 'HS256', typ: 'verify-email+jwt' }, claims({ aud: 'urn:app:email' }));
    expectRejected(() => tokens.verify(email), 'type');
    expectRejected(() => tokens.verify(v({ aud: 'urn:app:email' })), 'claims', 'aud');
  });
});
