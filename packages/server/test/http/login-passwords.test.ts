import { expectCleanLogs } from '../support/expect-clean-logs.js';
/**
 * SECURITY.md §2.7, what a password and an email are: P11 (argon2id with the pinned
 * parameters, never bcrypt's 72-byte truncation), P12 (Unicode: NFC on both sides, nothing
 * trimmed or case-folded, NUL kept) and P13 (emails compared case-insensitively, ASCII only, one
 * account per canonical email), plus G1, G4 and G6.
 */
import type { TokenResponse } from '@tessera/protocol';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectNoEcho, expectProblem } from '../support/expect-problem.js';
import { PASSWORD, useTestApp } from '../support/test-app.js';

/** argon2id, version 19, m=19456 KiB, t=2, p=1 (SECURITY.md D9, PSCS). */
const ARGON2ID_PREFIX = '$argon2id$v=19$m=19456,t=2,p=1$';

function subject(token: string): string {
  const payload = token.split('.')[1] ?? '';
  return String((JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: unknown }).sub);
}

describe.each(await testEngines())('passwords and emails on %s (SECURITY.md §2.7)', (engine) => {
  const t = useTestApp(engine);
  /** Every password and token this file used: none may reach the log (G6). */
  const secrets = new Set<string>([PASSWORD]);
  let serial = 0;

  /** Every request goes through here: G1 (never a 5xx) and G4 (no stack trace). */
  async function send(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await t().app.inject(options);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expectNoEcho(response);
    return response;
  }

  async function login(email: string, password: string): Promise<LightMyRequestResponse> {
    secrets.add(password);
    const response = await send({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
    });
    expectNoEcho(response, password);
    if (response.statusCode === 200) secrets.add(response.json<TokenResponse>().token);
    return response;
  }

  function adminAuth(): Record<string, string> {
    const token = t().tokenFor(t().admin);
    secrets.add(token);
    return { authorization: `Bearer ${token}` };
  }

  /** Creates a user through the API, as an admin would (the path a real password takes). */
  async function createThroughApi(password: string, email = `p${(serial += 1)}@example.com`) {
    secrets.add(password);
    const response = await send({
      method: 'POST',
      url: '/api/users',
      headers: adminAuth(),
      payload: { email, name: 'Password test', password },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: number; email: string }>();
  }

  describe('P11 argon2id, never bcrypt', () => {
    it('P11 a password set through POST /api/users is stored as argon2id m=19456,t=2,p=1', async () => {
      const created = await createThroughApi('stored as argon2id');
      const record = await t().app.tessera.users.findById(created.id);
      expect(record?.passwordHash.startsWith(ARGON2ID_PREFIX), record?.passwordHash).toBe(true);
      expect(record?.passwordHash).not.toMatch(/^\$2[aby]\$/);
    });

    it('P11 a password reset through PATCH is stored as argon2id too', async () => {
      const created = await createThroughApi('before the reset');
      const response = await send({
        method: 'PATCH',
        url: `/api/users/${created.id}`,
        headers: adminAuth(),
        payload: { password: 'after the reset!' },
      });
      secrets.add('after the reset!');
      expect(response.statusCode, response.body).toBe(200);
      const record = await t().app.tessera.users.findById(created.id);
      expect(record?.passwordHash.startsWith(ARGON2ID_PREFIX)).toBe(true);
    });

    it('P11 no 72-byte truncation: "A"×72+"1" registered, "A"×72+"2" → 401', async () => {
      const created = await createThroughApi(`${'A'.repeat(72)}1`);
      expectProblem(await login(created.email, `${'A'.repeat(72)}2`), 401, 'invalid_credentials');
      expectProblem(await login(created.email, 'A'.repeat(72)), 401, 'invalid_credentials');
      expect((await login(created.email, `${'A'.repeat(72)}1`)).statusCode).toBe(200);
    });
  });

  describe('P12 Unicode and whitespace (NFC both ways; no trim, no case fold)', () => {
    const nfc = 'pässwörd'.normalize('NFC');
    const nfd = 'pässwörd'.normalize('NFD');
    it.each([
      ['NFC registered, NFD typed', nfc, nfd, 200],
      ['NFD registered, NFC typed', nfd, nfc, 200],
      ['NFC registered, NFC typed', nfc, nfc, 200],
      ['upper case', nfc, 'PÄSSWÖRD', 401],
      ['upper case of an ASCII password', 'lower case only', 'LOWER CASE ONLY', 401],
      ['padded with spaces', 'padded password', ' padded password ', 401],
      ['a trailing space added', 'padded password', 'padded password ', 401],
      ['registered with spaces, typed trimmed', ' spaced password ', 'spaced password', 401],
      ['registered with spaces, typed exactly', ' spaced password ', ' spaced password ', 200],
      ['a tab instead of a space', 'tab and space', 'tab\tand space', 401],
      ['emoji', '🔐🔑🗝️ emoji pass', '🔐🔑🗝️ emoji pass', 200],
      ['emoji without the variation selector', '🔐🔑🗝️ emoji pass', '🔐🔑🗝 emoji pass', 401],
      ['CJK', '鍵のパスワード秘密です', '鍵のパスワード秘密です', 200],
      ['NFKC is not applied (ligature ﬁ ≠ fi)', 'ﬁnancial secret', 'financial secret', 401],
      ['"a\\u0000b" exactly', 'pass\u0000word!', 'pass\u0000word!', 200],
      ['"a\\u0000b" cut at the NUL', 'pass\u0000word!', 'pass', 401],
      ['"a\\u0000b" with the NUL dropped', 'pass\u0000word!', 'password!', 401],
      ['"a\\u0000b" with a NUL at the end', 'pass\u0000word!', 'pass\u0000word!\u0000', 401],
    ])('P12 %s → %i', async (_name, registered, typed, expected) => {
      const created = await createThroughApi(registered);
      const response = await login(created.email, typed);
      expect(response.statusCode, response.body).toBe(expected);
      if (expected === 401) expectProblem(response, 401, 'invalid_credentials');
      else expect(subject(response.json<TokenResponse>().token)).toBe(String(created.id));
    });
  });

  describe('P13 email variants: one canonical account', () => {
    it.each(['Alice@Example.COM', 'ALICE@EXAMPLE.COM', 'alice@EXAMPLE.com'])(
      'P13 %s logs in as alice (emails compare case-insensitively)',
      async (email) => {
        const { alice } = t();
        const response = await login(email, alice.password);
        expect(response.statusCode, response.body).toBe(200);
        expect(subject(response.json<TokenResponse>().token)).toBe(String(alice.id));
      },
    );

    it.each([
      ['a trailing space', 'alice@example.com '],
      ['a leading space', ' alice@example.com'],
      ['a Cyrillic а (homoglyph)', '\u0430lice@example.com'],
      ['a fullwidth ＠', 'alice＠example.com'],
      ['a zero-width space', 'alice\u200b@example.com'],
    ])(
      'P13 login with %s → 401 generic (login does not check the shape: pinned)',
      async (_name, email) => {
        expectProblem(await login(email, t().alice.password), 401, 'invalid_credentials');
      },
    );

    it.each(['ALICE@example.com', 'Alice@Example.Com', 'alice@example.com'])(
      'P13/U10 creating %s while alice exists → 409 email_taken',
      async (email) => {
        const response = await send({
          method: 'POST',
          url: '/api/users',
          headers: adminAuth(),
          payload: { email, name: 'Duplicate', password: 'a fine password' },
        });
        expectProblem(response, 409, 'email_taken');
        expect((await t().app.tessera.users.findByEmail(email))?.id).toBe(t().alice.id);
      },
    );

    it.each([
      ['a Cyrillic а (homoglyph)', '\u0430lice@example.com'],
      ['a Cyrillic е in the domain', 'alice@\u0435xample.com'],
      ['a fullwidth ＠', 'alice＠example.com'],
      ['a trailing space', 'carol@example.com '],
      ['a zero-width space', 'carol\u200b@example.com'],
      ['an accented letter', 'zoë@example.com'],
      ['a NUL byte', 'carol\u0000@example.com'],
      ['no @', 'carol.example.com'],
    ])(
      'P13 creating an email with %s → 400 validation_failed (ASCII only)',
      async (_name, email) => {
        const response = await send({
          method: 'POST',
          url: '/api/users',
          headers: adminAuth(),
          payload: { email, name: 'Variant', password: 'a fine password' },
        });
        expectProblem(response, 400, 'validation_failed');
      },
    );

    it('P13 changing an email to a case variant of another user’s → 409; to a homoglyph → 400', async () => {
      const { bob, alice, app } = t();
      const taken = await send({
        method: 'PATCH',
        url: `/api/users/${bob.id}`,
        headers: adminAuth(),
        payload: { email: 'Alice@EXAMPLE.com' },
      });
      expectProblem(taken, 409, 'email_taken');
      const homoglyph = await send({
        method: 'PATCH',
        url: `/api/users/${bob.id}`,
        headers: adminAuth(),
        payload: { email: '\u0430lice@example.com' },
      });
      expectProblem(homoglyph, 400, 'validation_failed');
      expect((await app.tessera.users.findById(bob.id))?.email).toBe(bob.email);
      expect((await app.tessera.users.findByEmail(alice.email))?.id).toBe(alice.id);
    });
  });

  it('G1, G6: no 5xx or error line was logged, and no password or token reached the log', () => {
    const { logs, alice, bob, admin } = t();
    for (const user of [alice, bob, admin]) secrets.add(t().tokenFor(user));
    expectCleanLogs(logs, secrets, { minSecretLength: 8 });
  });
});
