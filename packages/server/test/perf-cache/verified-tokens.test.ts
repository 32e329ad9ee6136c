/**
 * VerifiedTokens (issue #6): the guard's memory of verified tokens answers only for the exact
 * string that verified, only between its verification and its `exp`, and stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from '../../src/guard/index.js';
import type { TesseraAccessClaims } from '../../src/token/index.js';

const claims = (exp: number): TesseraAccessClaims => ({
  iss: 'urn:app:api',
  aud: ['urn:app:api', 'other'],
  sub: '1',
  iat: exp - 900,
  exp,
  jti: 'j',
  scope: 'profile:read',
});

describe('VerifiedTokens', () => {
  it('answers for the same string between verification and exp, then forgets it', () => {
    const cache = new VerifiedTokens();
    const remembered = cache.remember('a.b.c', claims(1000), 500);
    expect(cache.get('a.b.c', 500)).toBe(remembered);
    expect(cache.get('a.b.c', 999.9)).toBe(remembered);
    expect(cache.get('a.b.c', 1000)).toBeUndefined(); // at exp: verify again (leeway is verify's)
    expect(cache.size).toBe(0);
  });

  it('never answers for another string, even one differing in the last character', () => {
    const cache = new VerifiedTokens();
    cache.remember('a.b.c', claims(1000), 500);
    expect(cache.get('a.b.d', 500)).toBeUndefined();
    expect(cache.get('a.b.c ', 500)).toBeUndefined();
  });

  it('verifies again when the clock went back', () => {
    const cache = new VerifiedTokens();
    cache.remember('a.b.c', claims(1000), 500);
    expect(cache.get('a.b.c', 499)).toBeUndefined();
  });

  it('does not remember an expired token, or anything with a clock that is not a number', () => {
    const cache = new VerifiedTokens();
    cache.remember('old', claims(1000), 1000);
    cache.remember('nan', claims(1000), Number.NaN);
    expect(cache.size).toBe(0);
  });

  it('is bounded: the oldest goes first', () => {
    const cache = new VerifiedTokens(2);
    cache.remember('t1', claims(1000), 1);
    cache.remember('t2', claims(1000), 1);
    cache.remember('t3', claims(1000), 1);
    expect(cache.size).toBe(2);
    expect(cache.get('t1', 2)).toBeUndefined();
    expect(cache.get('t3', 2)).toBeDefined();
    for (let i = 0; i < 1000; i += 1) cache.remember(`x${i}`, claims(1000), 1);
    expect(cache.size).toBe(2);
  });

  it('hands out frozen claims, audience array included', () => {
    const cache = new VerifiedTokens();
    const frozen = cache.remember('a.b.c', claims(1000), 500);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(Object.isFrozen(frozen.aud)).toBe(true);
  });

  it('with 0 entries remembers nothing', () => {
    const cache = new VerifiedTokens(0);
    cache.remember('a.b.c', claims(1000), 500);
    expect(cache.get('a.b.c', 500)).toBeUndefined();
  });
});
