/**
 * SECURITY.md §2.2 (S02–S21): structure and encoding of the bearer token, end to end through the
 * guard, for each signing algorithm on each engine. Each hostile token differs from a valid one
 * (alice, the server's header, `V`, signed with the server's own key: see support/forger.ts) only
 * in the defect under test; where the defect allows it, the signature is recomputed over the
 * altered segments so that the structure check, not the signature, is what refuses it. With
 * `jwe` each token, garbage included, is sent wrapped in an authentic JWE (`presentWrapped` in
 * support/hostile.ts), so the inner parser is what must refuse it; the byte cap (S19, S20) is on
 * the token sent, so there the lengths are those of the JWE.
 */
import { describe, expect, it } from 'vitest';
import { tokenConfigurations, useForger } from '../support/forger.js';
import {
  claimsFor,
  expectTokenAccepted,
  expectTokenRefused,
  loggedReason,
  presented,
  presentWrapped,
  rawJson,
} from '../support/hostile.js';
import { useTestApp } from '../support/test-app.js';
import { b64u, NOW, parts } from '../token/support.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same bytes, written with a non-canonical last character (its unused low bit set). */
function flipUnusedBit(segment: string): string {
  const last = ALPHABET.indexOf(segment.at(-1) ?? '');
  return segment.slice(0, -1) + (ALPHABET[last ^ 1] ?? '');
}

/** Standard base64 alphabet (`+`, `/`) for the same bytes. */
function standardAlphabet(segment: string): string {
  return segment.replaceAll('-', '+').replaceAll('_', '/');
}

/** The first of `make(0)`, `make(1)`, … that satisfies `test` (deterministic fixtures). */
function firstWhere(make: (i: number) => string, test: (token: string) => boolean): string {
  for (let i = 0; i < 1000; i++) {
    const token = make(i);
    if (test(token)) return token;
  }
  throw new Error('no fixture found');
}

const CONFIGS = await tokenConfigurations();

describe.each(CONFIGS)(
  'guard: token structure and encoding (S) on %s, %s, %s',
  (engine, alg, format) => {
    const t = useTestApp(engine, { config: { signingAlg: alg, tokenFormat: format } });
    const f = useForger(t, alg, format);
    presentWrapped(t, f);
    const valid = () => f().token(claimsFor(t().alice));
    const segments = () => parts(valid());
    /** `h.p.signature(h.p)`: segments taken verbatim, signed again with the server's key. */
    const signed = (h: string, p: string) => `${h}.${p}.${f().signature(`${h}.${p}`)}`;

    /** The length of `token` as sent: with `jwe`, of its JWE (the same for every fresh IV). */
    const sentLength = (token: string) => presented(t(), token).length;

    /** A correctly signed token for alice sent as exactly `length` characters (S19). */
    function tokenOfLength(length: number): string {
      const padded = (pad: number) => f().token(claimsFor(t().alice, { pad: 'x'.repeat(pad) }));
      // 900 more bytes of payload are 1200 more characters of JWS, and 1600 of JWE.
      const base = sentLength(padded(0));
      const perByte = (sentLength(padded(900)) - base) / 900;
      for (let pad = Math.floor((length - base) / perByte) - 3; pad < length; pad++) {
        const token = padded(pad);
        if (sentLength(token) === length) return token;
        if (sentLength(token) > length) break;
      }
      throw new Error(`no token of length ${length}`);
    }

    it('S02 answers two segments h.p with R401i (while h.p.s is accepted)', async () => {
      const [h, p] = segments();
      await expectTokenRefused(t(), `${h}.${p}`);
      await expectTokenAccepted(t(), valid(), t().alice);
    });

    it('S03 answers a stripped signature h.p. with R401i', async () => {
      const [h, p] = segments();
      await expectTokenRefused(t(), `${h}.${p}.`);
    });

    it.each([
      ['h.p.s.', (v: string) => `${v}.`],
      ['h.p.s.x', (v: string) => `${v}.x`],
      ['h.p.s.s', (v: string) => `${v}.${parts(v)[2]}`],
    ])('S04 answers an extra segment (%s) with R401i', async (_label, make) => {
      await expectTokenRefused(t(), make(valid()));
    });

    it.each([
      ['dir, empty encrypted key', 'dir', ''],
      ['RSA-OAEP, with an encrypted key', 'RSA-OAEP', b64u(Buffer.alloc(256, 7))],
    ])('S05 answers a five-segment compact JWE (%s) with R401i', async (_label, alg, ek) => {
      const h = b64u(JSON.stringify({ alg, enc: 'A256GCM', typ: 'at+jwt' }));
      const jwe = `${h}.${ek}.${b64u(Buffer.alloc(12, 1))}.${b64u(Buffer.alloc(40, 2))}.${b64u(Buffer.alloc(16, 3))}`;
      await expectTokenRefused(t(), jwe);
    });

    it('S05 answers the valid token with two extra segments appended with R401i', async () => {
      await expectTokenRefused(t(), `${valid()}.${'A'.repeat(16)}.${'B'.repeat(22)}`);
    });

    it.each([
      ['..', () => '..'],
      ['...', () => '...'],
      ['.p.s', (_h: string, p: string, s: string) => `.${p}.${s}`],
      ['h..s', (h: string, _p: string, s: string) => `${h}..${s}`],
      ['=.p.s', (_h: string, p: string, s: string) => `=.${p}.${s}`],
      ['h.=.s', (h: string, _p: string, s: string) => `${h}.=.${s}`],
      ['h.p.=', (h: string, p: string) => `${h}.${p}.=`],
    ])('S06 answers empty or "=" segments (%s) with R401i', async (_label, make) => {
      const [h, p, s] = segments();
      await expectTokenRefused(t(), make(h, p, s));
    });

    it.each([
      [
        'general',
        (h: string, p: string, s: string) =>
          JSON.stringify({ payload: p, signatures: [{ protected: h, signature: s }] }),
      ],
      [
        'flattened',
        (h: string, p: string, s: string) =>
          JSON.stringify({ payload: p, protected: h, signature: s }),
      ],
    ])(
      'S07 answers the %s JSON serialization as the bearer value with R401i',
      async (_label, make) => {
        const [h, p, s] = segments();
        await expectTokenRefused(t(), make(h, p, s));
      },
    );

    it.each([
      ['h=.p.s', (h: string, p: string, s: string) => `${h}=.${p}.${s}`],
      ['h.p==.s', (h: string, p: string, s: string) => `${h}.${p}==.${s}`],
      ['h.p.s=', (h: string, p: string, s: string) => `${h}.${p}.${s}=`],
    ])('S08 answers "=" padding (%s) with R401i', async (_label, make) => {
      const [h, p, s] = segments();
      await expectTokenRefused(t(), make(h, p, s));
    });

    it('S09 answers "+" or "/" (standard base64, same bytes) in each segment with R401i', async () => {
      const urlSafe = /[-_]/;
      const token = firstWhere(
        (i) => f().token(claimsFor(t().alice, { jti: `s09-${i}`, note: '>>>???' })),
        (candidate) =>
          parts(candidate)
            .slice(1)
            .every((segment) => urlSafe.test(segment)),
      );
      const [h, p, s] = parts(token);
      await expectTokenAccepted(t(), token, t().alice);
      await expectTokenRefused(t(), signed(h, standardAlphabet(p)));
      await expectTokenRefused(t(), `${h}.${p}.${standardAlphabet(s)}`);
      // The HS256 header encodes to no "-" or "_" (ASCII JSON of alg and typ), so the header case
      // uses a kid whose bytes do (in every configuration): its standard-alphabet form is refused.
      const header = f().token(claimsFor(t().alice, { jti: 's09-h' }), { kid: '>>>???' });
      const [kh, kp] = parts(header);
      expect(urlSafe.test(kh)).toBe(true);
      await expectTokenRefused(t(), signed(standardAlphabet(kh), kp));
    });

    it.each([
      ['a space', ' '],
      ['a tab', '\t'],
      ['a line feed', '\n'],
    ])('S10 answers %s inside a segment with R401i', async (_label, inserted) => {
      const [h, p, s] = segments();
      await expectTokenRefused(t(), `${h}.${p.slice(0, 8)}${inserted}${p.slice(8)}.${s}`);
      await expectTokenRefused(t(), `${h}.${p}.${s.slice(0, 20)}${inserted}${s.slice(20)}`);
    });

    it.each([
      ['%2E separators', (h: string, p: string, s: string) => `${h}%2E${p}%2E${s}`],
      ['a NUL in the payload', (h: string, p: string, s: string) => `${h}.${p}\u0000.${s}`],
      ['a trailing NUL', (h: string, p: string, s: string) => `${h}.${p}.${s}\u0000`],
      ['an é in the header', (h: string, p: string, s: string) => `${h}é.${p}.${s}`],
      ['full-width full stops', (h: string, p: string, s: string) => `${h}\uff0e${p}\uff0e${s}`],
      ['a no-break space', (h: string, p: string, s: string) => `${h}.${p}.\u00a0${s}`],
    ])('S11 answers %s in the token with R401i', async (_label, make) => {
      const [h, p, s] = segments();
      await expectTokenRefused(t(), make(h, p, s));
    });

    it('S12 answers a non-canonical last signature character (same bytes) with R401i', async () => {
      const [h, p, s] = segments();
      const twin = flipUnusedBit(s);
      expect(twin).not.toBe(s);
      expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(s, 'base64url'));
      await expectTokenRefused(t(), `${h}.${p}.${twin}`);
    });

    it('S12 answers a non-canonical last payload character with R401i, even when signed', async () => {
      const token = firstWhere(
        (i) => f().token(claimsFor(t().alice, { jti: `s12-${i}` })),
        (candidate) => parts(candidate)[1].length % 4 !== 0,
      );
      const [h, p] = parts(token);
      const twin = flipUnusedBit(p);
      expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(p, 'base64url'));
      await expectTokenRefused(t(), signed(h, twin));
    });

    it.each(['alg=HS256', '{', '{"alg":"HS256","typ":"at+jwt"', ''])(
      'S13 answers a signed header that is not JSON (%j) with R401i',
      async (header) => {
        await expectTokenRefused(t(), f().sign(header, claimsFor(t().alice)));
      },
    );

    it.each(['null', '[]', '"HS256"', '1', 'true', '[{"alg":"HS256","typ":"at+jwt"}]'])(
      'S14 answers a signed header that is JSON but not an object (%s) with R401i',
      async (header) => {
        await expectTokenRefused(t(), f().sign(header, claimsFor(t().alice)));
      },
    );

    it.each([
      ['null', () => 'null'],
      ['[]', () => '[]'],
      ['[V]', (v: string) => `[${v}]`],
      ['"x"', () => '"x"'],
      ['42', () => '42'],
      ['V as a JSON string', (v: string) => JSON.stringify(v)],
    ])(
      'S15 answers a signed payload that is not an object (%s) with R401i',
      async (_label, make) => {
        await expectTokenRefused(t(), f().token(make(JSON.stringify(claimsFor(t().alice)))));
      },
    );

    it('S16 answers the payload bytes 7b 22 73 75 62 22 3a 22 c3 28 22 7d with R401i', async () => {
      await expectTokenRefused(t(), f().token(Buffer.from('7b22737562223a22c328227d', 'hex')));
    });

    it.each([
      ['an invalid sequence', Buffer.from([0xc3, 0x28])],
      ['an overlong "/"', Buffer.from([0xc0, 0xaf])],
      ['a lone surrogate', Buffer.from([0xed, 0xa0, 0x80])],
    ])('S16 answers %s inside an otherwise valid claims set with R401i', async (_label, bytes) => {
      const [before, after] = rawJson(claimsFor(t().alice), 'note', '"@"').split('@');
      const payload = Buffer.concat([Buffer.from(before ?? ''), bytes, Buffer.from(after ?? '')]);
      await expectTokenRefused(t(), f().token(payload));
    });

    it.each([
      ['UTF-16LE', (json: string) => Buffer.from(json, 'utf16le')],
      ['UTF-16LE with a BOM', (json: string) => Buffer.from(`\ufeff${json}`, 'utf16le')],
      ['UTF-16BE', (json: string) => Buffer.from(json, 'utf16le').swap16()],
      ['UTF-8 with a BOM', (json: string) => Buffer.from(`\ufeff${json}`, 'utf8')],
    ])('S17 answers the claims set encoded as %s with R401i', async (_label, encode) => {
      await expectTokenRefused(t(), f().token(encode(JSON.stringify(claimsFor(t().alice)))));
    });

    it(`S18 answers header {"alg":"${alg}","alg":"none"} with an empty signature with R401i`, async () => {
      const h = b64u(rawJson(f().header, 'alg', `"${alg}","alg":"none"`));
      const p = b64u(JSON.stringify(claimsFor(t().alice)));
      await expectTokenRefused(t(), `${h}.${p}.`);
      await expectTokenRefused(t(), signed(h, p));
    });

    it(`S18 (pinned: last wins, as JSON.parse) accepts {"alg":"none","alg":"${alg}"} with a valid signature`, async () => {
      const header = rawJson(f().header, 'alg', `"none","alg":"${alg}"`);
      await expectTokenAccepted(t(), f().sign(header, claimsFor(t().alice)), t().alice);
    });

    it('S18 authenticates {"sub":"<bob>",…,"sub":"<alice>"} as alice (last wins), never bob', async () => {
      const { alice, bob } = t();
      const json = rawJson(
        claimsFor(alice, { sub: undefined }),
        'sub',
        `${JSON.stringify(String(bob.id))},"sub":${JSON.stringify(String(alice.id))}`,
      );
      expect(json.match(/"sub"/g)).toHaveLength(2);
      await expectTokenAccepted(t(), f().token(json), alice);
    });

    it('S19 answers a correctly signed token of 8 KiB + 1 with R401i, rejected before any decoding', async () => {
      const token = tokenOfLength(8193);
      const response = await expectTokenRefused(t(), token);
      expect(loggedReason(t(), response)).toBe('too_large');
    });

    it('S19 accepts the same token at exactly 8 KiB (the cap is inclusive)', async () => {
      await expectTokenAccepted(t(), tokenOfLength(8192), t().alice);
    });

    it('S19 refuses 8 KiB + 1 of garbage as too large too (the cap comes before the syntax)', async () => {
      const response = await expectTokenRefused(
        t(),
        `${'A'.repeat(8100)}.${'B'.repeat(50)}.${'C'.repeat(43)}`,
      );
      expect(loggedReason(t(), response)).toBe('too_large');
    });

    it('S20 answers a 10 000-deep nested array in a claim with R401i (over the 8 KiB cap), no crash', async () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const token = f().token(rawJson(claimsFor(t().alice), 'deep', deep));
      const response = await expectTokenRefused(t(), token);
      expect(loggedReason(t(), response)).toBe('too_large');
    });

    it('S20 (pinned: fast 200) accepts the deepest nested array that fits in the cap', async () => {
      const fits = (depth: number) =>
        f().token(
          rawJson(claimsFor(t().alice), 'deep', `${'['.repeat(depth)}${']'.repeat(depth)}`),
        );
      let depth = 2000;
      while (sentLength(fits(depth + 100)) <= 8192) depth += 100;
      const started = performance.now();
      await expectTokenAccepted(t(), fits(depth), t().alice);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it.each([
      ['1e309 (parses to Infinity)', '1e309'],
      ['-1e309 (parses to -Infinity)', '-1e309'],
      ['-1', '-1'],
    ])('S21 answers exp %s with R401i', async (_label, exp) => {
      await expectTokenRefused(t(), f().token(rawJson(claimsFor(t().alice), 'exp', exp)));
    });

    it.each([
      ['1.8000006005e9 (exponent notation)', '1.8000006005e9'],
      [`${NOW + 600.25} (a fraction)`, String(NOW + 600.25)],
    ])('S21 (pinned: accepts a float NumericDate) accepts exp %s', async (_label, exp) => {
      await expectTokenAccepted(
        t(),
        f().token(rawJson(claimsFor(t().alice), 'exp', exp)),
        t().alice,
      );
    });

    it('S21 reads exp 1.7e9 as the NumericDate 1 700 000 000: authentic but past, so R401e', async () => {
      const token = f().token(rawJson(claimsFor(t().alice, { iat: 1.7e9 - 60 }), 'exp', '1.7e9'));
      await expectTokenRefused(t(), token, 'R401e');
    });
  },
);
