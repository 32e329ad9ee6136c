import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../support/cbor.js';
import { SoftAuthenticator, type SoftAlgorithm } from '../support/soft-authenticator.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const ORIGIN = 'http://localhost:3000';

describe('the test CBOR encoder (RFC 8949 appendix A vectors)', () => {
  it.each([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [-1, '20'],
    [-100, '3863'],
    ['', '60'],
    ['IETF', '6449455446'],
    [new Uint8Array([1, 2, 3, 4]), '4401020304'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
    [
      new Map<number, number>([
        [1, 2],
        [3, 4],
      ]),
      'a201020304',
    ],
    [true, 'f5'],
    [null, 'f6'],
  ] as const)('encodes %o as %s', (value, expected) => {
    expect(hex(encodeCbor(value))).toBe(expected);
  });
});

describe.each<SoftAlgorithm>(['ES256', 'EdDSA'])('the software authenticator (%s)', (algorithm) => {
  it('makes a registration and assertions SimpleWebAuthn verifies, and a bogus signature it does not', async () => {
    const authenticator = new SoftAuthenticator({ origin: ORIGIN, algorithm });
    const options = await generateRegistrationOptions({
      rpName: 'Test',
      rpID: 'localhost',
      userName: 'ada@example.com',
    });
    const registration = await verifyRegistrationResponse({
      response: authenticator.create(options),
      expectedChallenge: options.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: 'localhost',
    });
    expect(registration.verified).toBe(true);
    const credential = registration.registrationInfo?.credential;
    if (credential === undefined) throw new Error('no credential');
    expect(registration.registrationInfo?.fmt).toBe('none');

    const request = await generateAuthenticationOptions({ rpID: 'localhost' });
    const assertion = await verifyAuthenticationResponse({
      response: authenticator.get(request),
      expectedChallenge: request.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: 'localhost',
      credential,
    });
    expect(assertion).toMatchObject({ verified: true, authenticationInfo: { newCounter: 1 } });

    const bogus = await verifyAuthenticationResponse({
      response: authenticator.get(request, { bogusSignature: true }),
      expectedChallenge: request.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: 'localhost',
      credential: { ...credential, counter: 1 },
    });
    expect(bogus.verified).toBe(false);
  });
});
