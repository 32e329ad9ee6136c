import { createVerifier } from 'fast-jwt';
import { SignJWT, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  AUD,
  ISS,
  K,
  NOW,
  TTL,
  VH,
  claims,
  expectRejected,
  parts,
  service,
  tok,
} from './support.js';

const tokens = service();
const currentDate = new Date(NOW * 1000);

describe('interoperability', () => {
  it('D2 a token from issue() verifies with jose.jwtVerify (HS256, iss, aud, typ at+jwt)', async () => {
    const { token, claims: issued } = tokens.issue({ sub: '1', scope: 'profile:read', sid: 's1' });
    const { payload, protectedHeader } = await jwtVerify(token, K, {
      algorithms: ['HS256'],
      issuer: ISS,
      audience: AUD,
      typ: 'at+jwt',
      currentDate,
      maxTokenAge: TTL,
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
    });
    expect(protectedHeader).toEqual(VH);
    expect(payload).toEqual(issued);
  });

  it('D2 a token from issue() verifies with fast-jwt (strict options)', () => {
    const { token, claims: issued } = tokens.issue({ sub: '1', scope: 'profile:read' });
    const verify = createVerifier({
      key: K,
      algorithms: ['HS256'],
      allowedIss: ISS,
      allowedAud: AUD,
      checkTyp: 'at+jwt',
      requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp', 'jti'],
      clockTimestamp: NOW * 1000,
    });
    expect(verify(token)).toEqual(issued);
  });

  it('D2 an at+jwt signed by jose verifies with Tessera', async () => {
    for (const typ of ['at+jwt', 'application/at+jwt']) {
      const token = await new SignJWT({ scope: 'profile:read' })
        .setProtectedHeader({ alg: 'HS256', typ })
        .setIssuer(ISS)
        .setAudience([AUD, 'urn:other'])
        .setSubject('7')
        .setJti('jti-1')
        .setIssuedAt(NOW)
        .setExpirationTime(NOW + TTL)
        .sign(K);
      expect(tokens.verify(token)).toMatchObject({
        sub: '7',
        aud: [AUD, 'urn:other'],
        scope: 'profile:read',
      });
    }
  });

  it('S12 jose accepts the non-canonical signature twin; Tessera rejects it (§2.12)', async () => {
    const [h, p, s] = parts(tok());
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = `${h}.${p}.${s.slice(0, -1)}${alphabet[alphabet.indexOf(s.at(-1) ?? '') ^ 1] ?? ''}`;
    await expect(jwtVerify(twin, K, { algorithms: ['HS256'], currentDate })).resolves.toBeDefined();
    expectRejected(() => tokens.verify(twin), 'malformed');
  });

  it('C11 jose accepts a numeric sub; Tessera rejects it (§2.12)', async () => {
    const token = tok(VH, claims({ sub: 1 }));
    await expect(
      jwtVerify(token, K, { algorithms: ['HS256'], typ: 'at+jwt', currentDate }),
    ).resolves.toBeDefined();
    expectRejected(() => tokens.verify(token), 'claims', 'sub');
  });

  it('H21 jose ignores an unknown header name; Tessera rejects it (§2.12)', async () => {
    const token = tok({ ...VH, x5t: 'abc' });
    await expect(
      jwtVerify(token, K, { algorithms: ['HS256'], typ: 'at+jwt', currentDate }),
    ).resolves.toBeDefined();
    expectRejected(() => tokens.verify(token), 'header');
  });
});
