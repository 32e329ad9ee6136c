/**
 * SECURITY.md §2.1 (A01–A21): how the guard reads `Authorization`, through `inject`, for each
 * signing algorithm on each engine (valid tokens signed with the server's own key: see
 * support/forger.ts), with signed tokens (`jws`) and encrypted ones (`jwe`): wherever a row puts
 * a token in a header, a query or a cookie it is the one presented for the format (with `jwe`
 * wrapped in an authentic JWE: `presented` in support/hostile.ts). Rows without a token (A01–A04,
 * Digest, Basic) and A19 (8 193 bytes that are no token, refused by the cap before any decoding)
 * send the same bytes in both formats. A13 and A18 (raw bytes, duplicate lines, Node's parser
 * limits) also run on a real socket in guard-real-socket.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tokenConfigurations, useForger } from '../support/forger.js';
import {
  bearer,
  claimsFor,
  expectAccepted,
  expectNotLogged,
  expectRefused,
  expectTokenRefused,
  loggedReason,
  PROBE,
  presented,
  presentWrapped,
  type Headers,
} from '../support/hostile.js';
import { useTestApp } from '../support/test-app.js';

const CONFIGS = await tokenConfigurations();

describe.each(CONFIGS)(
  'guard: the Authorization header (A) on %s, %s, %s',
  (engine, alg, format) => {
    const t = useTestApp(engine, { config: { signingAlg: alg, tokenFormat: format } });
    const f = useForger(t, alg, format);
    presentWrapped(t, f);
    /** Valid tokens as presented (with `jwe`, wrapped): the rows below put them in raw headers. */
    const aliceToken = () => presented(t(), f().token(claimsFor(t().alice)));
    const bobToken = () => presented(t(), f().token(claimsFor(t().bob)));

    it('A01 answers no Authorization header with R401m (no error attribute)', async () => {
      const response = await expectRefused(t(), {}, 'R401m');
      expect(loggedReason(t(), response)).toBe('missing');
    });

    it('A02 answers an empty Authorization value with R401m', async () => {
      await expectRefused(t(), { headers: { authorization: '' } }, 'R401m');
    });

    it('A03 answers "Bearer" without a token with R401i', async () => {
      const response = await expectRefused(t(), { headers: { authorization: 'Bearer' } }, 'R401i');
      expect(loggedReason(t(), response)).toBe('malformed_header');
    });

    it.each([
      ['one space', 'Bearer '],
      ['four spaces', 'Bearer    '],
    ])('A04 answers "Bearer" followed by spaces only (%s) with R401i', async (_label, value) => {
      await expectRefused(t(), { headers: { authorization: value } }, 'R401i');
    });

    it('A05 accepts the scheme in lower case: bearer <valid>', async () => {
      await expectAccepted(t(), { authorization: `bearer ${aliceToken()}` }, t().alice);
    });

    it.each(['BEARER', 'BeArEr'])('A06 accepts the scheme spelled %s', async (scheme) => {
      await expectAccepted(t(), { authorization: `${scheme} ${aliceToken()}` }, t().alice);
    });

    it.each([
      ['two spaces', '  '],
      ['five spaces', '     '],
    ])('A07 accepts %s after Bearer (1*SP)', async (_label, separator) => {
      await expectAccepted(t(), { authorization: `Bearer${separator}${aliceToken()}` }, t().alice);
    });

    it.each([
      ['a tab', '\t'],
      ['a space then a tab', ' \t'],
      ['a tab then a space', '\t '],
    ])('A08 answers Bearer with %s before the token with R401i', async (_label, separator) => {
      const token = aliceToken();
      await expectRefused(
        t(),
        { headers: { authorization: `Bearer${separator}${token}` } },
        'R401i',
        token,
      );
    });

    it('A09 answers Bearer<valid> without a separator with R401i', async () => {
      const token = aliceToken();
      await expectRefused(t(), { headers: { authorization: `Bearer${token}` } }, 'R401i', token);
    });

    it.each([
      ['Token <valid>', (token: string) => `Token ${token}`],
      ['JWT <valid>', (token: string) => `JWT ${token}`],
      ['<valid> alone', (token: string) => token],
      ['Digest …', () => 'Digest username="alice", realm="tessera", nonce="x", response="y"'],
    ])('A10 answers another scheme (%s) with R401n', async (_label, value) => {
      const token = aliceToken();
      const response = await expectRefused(
        t(),
        { headers: { authorization: value(token) } },
        'R401n',
        token,
      );
      expect(loggedReason(t(), response)).toBe('other_scheme');
    });

    it("A10 answers Basic with alice's real credentials with R401n, logging neither", async () => {
      const { email, password } = t().alice;
      const basic = Buffer.from(`${email}:${password}`).toString('base64');
      await expectRefused(t(), { headers: { authorization: `Basic ${basic}` } }, 'R401n', basic);
      expectNotLogged(t(), password, basic);
    });

    it.each([
      ['<valid> <valid>', (a: string) => `${a} ${a}`],
      ['<valid> x', (a: string) => `${a} x`],
      ['<valid> <bob>', (a: string, b: string) => `${a} ${b}`],
    ])('A11 answers Bearer %s (two tokens) with R401i', async (_label, value) => {
      const token = value(aliceToken(), bobToken());
      await expectRefused(t(), { headers: { authorization: bearer(token) } }, 'R401i', token);
    });

    it.each([
      ['Bearer <valid>, Bearer <other>', (a: string, b: string) => `Bearer ${a}, Bearer ${b}`],
      ['Bearer <valid>,Bearer <other>', (a: string, b: string) => `Bearer ${a},Bearer ${b}`],
      ['Bearer <valid>, <other>', (a: string, b: string) => `Bearer ${a}, ${b}`],
    ])('A12 answers the comma-joined %s with R401i', async (_label, value) => {
      const [alice, bob] = [aliceToken(), bobToken()];
      await expectRefused(t(), { headers: { authorization: value(alice, bob) } }, 'R401i', alice);
      expectNotLogged(t(), bob);
    });

    it.each([
      ['valid first, then garbage', (a: string) => [bearer(a), 'garbage']],
      ['garbage first, then valid', (a: string) => ['garbage', bearer(a)]],
      ['two valid tokens', (a: string, b: string) => [bearer(a), bearer(b)]],
    ])('A13 answers two Authorization values (%s) with R400r', async (_label, values) => {
      const [alice, bob] = [aliceToken(), bobToken()];
      // inject sends each entry of an array as its own raw header line (Node's types say string).
      const headers: Headers = { authorization: values(alice, bob) };
      const response = await expectRefused(t(), { headers }, 'R400r', alice);
      expect(loggedReason(t(), response)).toBe('duplicate');
      expectNotLogged(t(), bob);
    });

    it('A14 ignores ?access_token=<valid> without a header (R401m) and never logs it', async () => {
      const token = aliceToken();
      await expectRefused(t(), { url: `${PROBE}?access_token=${token}` }, 'R401m', token);
      expect(t().logs.text).toContain('access_token=[REDACTED]');
    });

    it.each([
      ['another token', (b: string) => b],
      ['the same token', (_b: string, a: string) => a],
      ['an empty value', () => ''],
    ])('A15 answers a valid header plus ?access_token=<%s> with R400r', async (_label, query) => {
      const [alice, bob] = [aliceToken(), bobToken()];
      const response = await expectRefused(
        t(),
        {
          url: `${PROBE}?access_token=${query(bob, alice)}`,
          headers: { authorization: bearer(alice) },
        },
        'R400r',
        alice,
      );
      expect(loggedReason(t(), response)).toBe('two_methods');
      expectNotLogged(t(), bob);
    });

    it('A15 (pinned) refuses a valid header plus access_token in a form body with 415: no form parser', async () => {
      const admin = t().tokenFor(t().admin);
      const other = bobToken();
      const before = await t().app.tessera.users.count();
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/users',
        headers: {
          authorization: bearer(admin),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: `access_token=${other}&email=eve%40example.com&name=eve&password=x`,
      });
      expect(response.statusCode).toBe(415);
      expect(response.json<{ code: string }>().code).toBe('unsupported_media_type');
      expect(response.body).not.toContain(other);
      expect(await t().app.tessera.users.count()).toBe(before);
      expectNotLogged(t(), admin, other);
    });

    it.each(['token', 'access_token', 'jwt', 'Authorization'])(
      'A16 ignores Cookie: %s=<valid> without a header (R401m)',
      async (name) => {
        const token = aliceToken();
        await expectRefused(t(), { headers: { cookie: `${name}=${token}` } }, 'R401m', token);
      },
    );

    it.each([
      ['one trailing space', ' '],
      ['three trailing spaces', '   '],
    ])('A17 accepts Bearer <valid> with %s (OWS stripped)', async (_label, trailer) => {
      await expectAccepted(t(), { authorization: `Bearer ${aliceToken()}${trailer}` }, t().alice);
    });

    it('A19 answers Bearer followed by 8 193 bytes with R401i (application cap)', async () => {
      const token = 'A'.repeat(8193);
      await expectRefused(t(), { headers: { authorization: bearer(token) } }, 'R401i', token);
    });

    it('A20 ignores Proxy-Authorization: Bearer <valid> (R401m)', async () => {
      const token = aliceToken();
      await expectRefused(
        t(),
        { headers: { 'proxy-authorization': bearer(token) } },
        'R401m',
        token,
      );
    });

    it.each(['x-access-token', 'x-auth-token', 'x-token'])(
      'A21 ignores %s: <valid> without Authorization (R401m)',
      async (name) => {
        const token = aliceToken();
        await expectRefused(t(), { headers: { [name]: token } }, 'R401m', token);
      },
    );

    it('A21 ignores a bearer value in X-Access-Token too (R401m)', async () => {
      const token = aliceToken();
      await expectRefused(t(), { headers: { 'x-access-token': bearer(token) } }, 'R401m', token);
    });

    it('A05 sanity: the same token with the canonical scheme is accepted (so refusals above are real)', async () => {
      const token = f().token(claimsFor(t().alice));
      await expectAccepted(t(), { authorization: bearer(presented(t(), token)) }, t().alice);
      // The signed token with one more character, presented (with jwe, inside a valid JWE).
      await expectTokenRefused(t(), `${token}x`);
    });
  },
);
