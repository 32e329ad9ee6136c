import { describe, expect, it } from 'vitest';
import { isCanonicalBase64url } from '../../src/token/base64url.js';
import { AUD, NOW, VH, b64u, claims, expectRejected, mac, parts, service, tok } from './support.js';

const tokens = service();
const valid = tok();
const [H, P, S] = parts(valid);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Signs raw header and payload segments as given. */
function signed(headerSegment: string, payloadSegment: string): string {
  return `${headerSegment}.${payloadSegment}.${mac(`${headerSegment}.${payloadSegment}`)}`;
}

describe('compact structure (S02–S11)', () => {
  it('S02 rejects two segments h.p (while h.p.s verifies)', () => {
    expect(tokens.verify(valid).sub).toBe('1');
    expectRejected(() => tokens.verify(`${H}.${P}`), 'malformed');
  });

  it('S03 rejects a stripped signature h.p.', () => {
    expectRejected(() => tokens.verify(`${H}.${P}.`), 'malformed');
  });

  it('S04 rejects h.p.s. and h.p.s.x', () => {
    expectRejected(() => tokens.verify(`${valid}.`), 'malformed');
    expectRejected(() => tokens.verify(`${valid}.x`), 'malformed');
  });

  it('S05 rejects a five-segment compact JWE', () => {
    expectRejected(() => tokens.verify(`${H}.ZWs.aXY.${P}.${S}`), 'malformed');
  });

  it('S06 rejects empty segments and a lone "=" segment', () => {
    for (const token of [
      '',
      '.',
      '..',
      '...',
      `.${P}.${S}`,
      `${H}..${S}`,
      `${H}.=.${S}`,
      `=.${P}.${S}`,
    ]) {
      expectRejected(() => tokens.verify(token), 'malformed');
    }
  });

  it('S07 rejects the JSON serialization', () => {
    const json = JSON.stringify({ payload: P, signatures: [{ protected: H, signature: S }] });
    expectRejected(() => tokens.verify(json), 'malformed');
  });

  it('S08 rejects "=" padding on any segment', () => {
    for (const token of [`${H}=.${P}.${S}`, `${H}.${P}==.${S}`, `${H}.${P}.${S}=`]) {
      expectRejected(() => tokens.verify(token), 'malformed');
    }
  });

  it('S09 rejects "+" or "/" (standard base64) in any segment', () => {
    for (const char of ['+', '/']) {
      expectRejected(() => tokens.verify(`${char}${H.slice(1)}.${P}.${S}`), 'malformed');
      expectRejected(() => tokens.verify(`${H}.${char}${P.slice(1)}.${S}`), 'malformed');
      expectRejected(() => tokens.verify(`${H}.${P}.${char}${S.slice(1)}`), 'malformed');
    }
    // The same MAC bytes in the standard alphabet: Node would decode both alike.
    let jti = 0;
    let token = valid;
    while (!/[-_]/.test(parts(token)[2])) token = tok(VH, claims({ jti: `j${++jti}` }));
    const [h, p, s] = parts(token);
    const standard = s.replaceAll('-', '+').replaceAll('_', '/');
    expect(Buffer.from(standard, 'base64url')).toEqual(Buffer.from(s, 'base64url'));
    expectRejected(() => tokens.verify(`${h}.${p}.${standard}`), 'malformed');
  });

  it('S10 rejects a space, \\n or \\t inside a segment (Node would skip them)', () => {
    for (const ws of [' ', '\n', '\t', '\r']) {
      const sig = `${S.slice(0, 20)}${ws}${S.slice(20)}`;
      expect(Buffer.from(sig, 'base64url')).toEqual(Buffer.from(S, 'base64url'));
      expectRejected(() => tokens.verify(`${H}.${P}.${sig}`), 'malformed');
      expectRejected(() => tokens.verify(`${H}${ws}.${P}.${S}`), 'malformed');
      expectRejected(() => tokens.verify(`${valid}${ws}`), 'malformed');
      expectRejected(() => tokens.verify(`${ws}${valid}`), 'malformed');
    }
  });

  it('S11 rejects %2E, NUL and non-ASCII characters', () => {
    const hostile = [
      `${H}%2E${P}.${S}`,
      `${H}.${P}\u0000.${S}`,
      `${H}.${P}.${S}\u0000`,
      `${H}\uff0e${P}.${S}`,
      `${H}.${P}.${S.slice(0, -1)}é`,
      `${H}.${P}.${S}\u200b`,
    ];
    for (const token of hostile) expectRejected(() => tokens.verify(token), 'malformed');
  });

  it('S11 rejects a value that is not a string', () => {
    for (const value of [undefined, null, 42, [valid], { token: valid }, Buffer.from(valid)]) {
      expectRejected(() => tokens.verify(value as never), 'malformed');
    }
  });
});

describe('canonical base64url (S12)', () => {
  function flipUnusedBit(segment: string): string {
    const last = ALPHABET.indexOf(segment.at(-1) ?? '');
    return segment.slice(0, -1) + (ALPHABET[last ^ 1] ?? '');
  }

  it('S12 rejects a non-canonical last signature character (same bytes)', () => {
    expect(S).toHaveLength(43);
    const twin = flipUnusedBit(S);
    expect(twin).not.toBe(S);
    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(S, 'base64url'));
    expectRejected(() => tokens.verify(`${H}.${P}.${twin}`), 'malformed');
  });

  it('S12 rejects a non-canonical last payload character, even when signed', () => {
    let token = valid;
    let n = 0;
    while (parts(token)[1].length % 4 === 0) token = tok(VH, claims({ jti: `pad-${++n}` }));
    const [h, p] = parts(token);
    const twin = flipUnusedBit(p);
    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(p, 'base64url'));
    expectRejected(() => tokens.verify(signed(h, twin)), 'malformed');
  });

  it('S12 rejects a segment whose length is 1 mod 4 (a dangling character)', () => {
    expect((S.length + 2) % 4).toBe(1);
    expectRejected(() => tokens.verify(`${H}.${P}.${S}AA`), 'malformed');
  });

  it('S12 canonical check equals decode-then-re-encode for every 1–3 character segment', () => {
    const reencodes = (s: string): boolean =>
      Buffer.from(s, 'base64url').toString('base64url') === s;
    let checked = 0;
    for (const a of ALPHABET) {
      expect(isCanonicalBase64url(a)).toBe(reencodes(a));
      for (const b of ALPHABET) {
        expect(isCanonicalBase64url(a + b)).toBe(reencodes(a + b));
        for (const c of ALPHABET) {
          if (isCanonicalBase64url(a + b + c) !== reencodes(a + b + c)) throw new Error(a + b + c);
          checked++;
        }
      }
    }
    expect(checked).toBe(64 ** 3);
  });
});

describe('JSON and UTF-8 (S13–S18)', () => {
  it('S13 rejects a header that is not JSON', () => {
    for (const header of ['alg=HS256', '{', '{"alg":"HS256",}', "{'alg':'HS256'}"]) {
      expectRejected(() => tokens.verify(signed(b64u(header), P)), 'malformed');
    }
  });

  it('S14 rejects a header that is JSON but not an object', () => {
    for (const header of [
      'null',
      '[]',
      '"HS256"',
      '1',
      'true',
      '[{"alg":"HS256","typ":"at+jwt"}]',
    ]) {
      expectRejected(() => tokens.verify(signed(b64u(header), P)), 'malformed');
    }
  });

  it('S15 rejects a signed payload that is not an object', () => {
    for (const payload of ['null', '[]', JSON.stringify([claims()]), '"x"', '42', 'not json']) {
      expectRejected(() => tokens.verify(tok(VH, payload)), 'claims');
    }
  });

  it('S16 rejects invalid UTF-8 in the payload and in the header', () => {
    const badPayload = Uint8Array.from([
      0x7b, 0x22, 0x73, 0x75, 0x62, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d,
    ]);
    expectRejected(() => tokens.verify(tok(VH, badPayload)), 'claims');
    const surrogate = Buffer.concat([
      Buffer.from('{"sub":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    expectRejected(() => tokens.verify(tok(VH, surrogate)), 'claims');
    const overlong = Buffer.from('{"alg":"HS256","typ":"at+jwt","kid":"\xc0\xaf"}', 'latin1');
    expectRejected(() => tokens.verify(signed(b64u(overlong), P)), 'malformed');
  });

  it('S17 rejects UTF-16 JSON and a UTF-8 BOM', () => {
    const utf16 = Buffer.from(JSON.stringify(claims()), 'utf16le');
    expectRejected(() => tokens.verify(tok(VH, utf16)), 'claims');
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify(claims())),
    ]);
    expectRejected(() => tokens.verify(tok(VH, bom)), 'claims');
    const bomHeader = `\ufeff${JSON.stringify(VH)}`;
    expectRejected(() => tokens.verify(tok(bomHeader)), 'malformed');
  });

  it('S18 rejects {"alg":"HS256","alg":"none"} with an empty signature (last wins: none)', () => {
    const header = b64u('{"alg":"HS256","alg":"none","typ":"at+jwt"}');
    expectRejected(() => tokens.verify(`${header}.${P}.`), 'malformed');
    expectRejected(() => tokens.verify(signed(header, P)), 'algorithm');
  });

  it('S18 accepts {"alg":"none","alg":"HS256"} with a valid MAC (pinned: last wins, as JSON.parse)', () => {
    const token = tok('{"alg":"none","alg":"HS256","typ":"at+jwt"}');
    expect(tokens.verify(token).sub).toBe('1');
  });

  it('S18 authenticates {"sub":"2","sub":"1"} as "1", never "2"', () => {
    const payload = JSON.stringify(claims({ sub: undefined })).replace(
      '{',
      '{"sub":"2","sub":"1",',
    );
    expect(tokens.verify(tok(VH, payload)).sub).toBe('1');
  });
});

describe('size and shape (S19–S21)', () => {
  /** A valid token of exactly `length` characters, padded through an extra claim. */
  function tokenOfLength(length: number): string {
    const base = tok(VH, claims({ pad: '' })).length;
    for (let pad = Math.floor(((length - base) * 3) / 4) - 2; pad < length; pad++) {
      const token = tok(VH, claims({ pad: 'x'.repeat(pad) }));
      if (token.length === length) return token;
      if (token.length > length) break;
    }
    throw new Error(`no token of length ${length}`);
  }

  it('S19 rejects a valid-looking token of 8 KiB + 1, and accepts one of exactly 8 KiB', () => {
    expectRejected(() => tokens.verify(tokenOfLength(8193)), 'too_large');
    expect(tokens.verify(tokenOfLength(8192)).sub).toBe('1');
  });

  it('S19 applies the cap before anything else: garbage, bad MACs and multi-byte text', () => {
    expectRejected(() => tokens.verify('!'.repeat(8193)), 'too_large');
    expectRejected(
      () => tokens.verify(`${tokenOfLength(8193).slice(0, -43)}${'A'.repeat(43)}`),
      'too_large',
    );
    expectRejected(() => tokens.verify('€'.repeat(3000)), 'too_large'); // 9000 UTF-8 bytes
    expectRejected(() => tokens.verify('x'.repeat(16 * 1024 * 1024)), 'too_large');
    expectRejected(() => service({ maxTokenBytes: 256 }).verify(valid), 'too_large');
  });

  it('S20 survives a 10 000-deep nested array in a claim within the cap', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const payload = JSON.stringify(claims()).replace('{', `{"deep":${deep},`);
    const big = service({ maxTokenBytes: 65_536 });
    const verified = big.verify(tok(VH, payload));
    expect(verified.sub).toBe('1');
    expect('deep' in verified).toBe(false);
    const shallower = `${'['.repeat(2000)}${']'.repeat(2000)}`;
    const inAud = JSON.stringify(claims({ aud: undefined })).replace('{', `{"aud":${shallower},`);
    expectRejected(() => tokens.verify(tok(VH, inAud)), 'claims', 'aud');
  });

  it('S21 rejects exp 1e309 (Infinity) and exp -1', () => {
    const infinite = JSON.stringify(claims({ exp: 0 })).replace('"exp":0', '"exp":1e309');
    expectRejected(() => tokens.verify(tok(VH, infinite)), 'claims', 'exp');
    expectRejected(() => tokens.verify(tok(VH, claims({ exp: -1 }))), 'claims', 'exp');
    const infiniteIat = JSON.stringify(claims({ iat: 0 })).replace('"iat":0', '"iat":-1e309');
    expectRejected(() => tokens.verify(tok(VH, infiniteIat)), 'claims', 'iat');
  });

  it('S21 accepts a fractional NumericDate (pinned: RFC 7519 allows non-integer values)', () => {
    const verified = tokens.verify(tok(VH, claims({ iat: NOW - 0.5, exp: NOW + 600.25 })));
    expect(verified).toMatchObject({ aud: AUD, iat: NOW - 0.5, exp: NOW + 600.25 });
  });
});
