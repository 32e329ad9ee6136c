import { ERROR_CODES } from '@tessera/protocol';
import { describe, expect, it } from 'vitest';
import { TokenVerificationError, type TokenFailureReason } from '../../src/token/index.js';
import { NOW, TTL, VH, claims, parts, rejection, service, tok } from './support.js';

const REASONS: readonly TokenFailureReason[] = [
  'too_large',
  'malformed',
  'header',
  'algorithm',
  'type',
  'signature',
  'claims',
  'not_yet_valid',
  'issued_in_future',
  'too_old',
  'expired',
];

describe('TokenVerificationError', () => {
  it('G6 maps only expired to token_expired; every other reason is token_invalid', () => {
    for (const reason of REASONS) {
      const error = new TokenVerificationError(reason);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('TokenVerificationError');
      expect(error.reason).toBe(reason);
      expect(error.code).toBe(reason === 'expired' ? 'token_expired' : 'token_invalid');
      expect(ERROR_CODES[error.code].status).toBe(401);
      expect('claim' in error).toBe(false);
    }
    expect(new Set(REASONS.map((reason) => new TokenVerificationError(reason).message)).size).toBe(
      REASONS.length,
    );
  });

  it('G4 never puts token bytes in the message, the stack or a cause', () => {
    const tokens = service();
    const secretish = 'SECRETMARKERxyz';
    const hostile = [
      tok(VH, claims({ sub: secretish, exp: NOW - 3600, iat: NOW - 3600 - TTL })),
      tok({ alg: 'HS256', typ: 'at+jwt', kid: secretish }, claims(), 'other key'),
      tok({ alg: secretish, typ: 'at+jwt' }),
      tok(`{"alg":"${secretish}`),
      tok(VH, `{"sub":"${secretish}"`),
      `${tok()}.${secretish}`,
      `${secretish}`.repeat(1000),
      tok(VH, claims({ iss: secretish })),
    ];
    for (const token of hostile) {
      const error = rejection(() => tokens.verify(token));
      const rendered = [
        error.message,
        error.stack ?? '',
        String(error),
        JSON.stringify(error),
      ].join('\n');
      expect(rendered).not.toContain(secretish);
      for (const segment of parts(token)) {
        if (segment.length > 8) expect(rendered).not.toContain(segment.slice(0, 16));
      }
      expect(error.cause).toBeUndefined();
    }
  });

  it('G4 names the claim in the message and in claim', () => {
    const error = rejection(() => service().verify(tok(VH, claims({ sub: 1 }))));
    expect(error.claim).toBe('sub');
    expect(error.message).toContain('"sub"');
  });
});
