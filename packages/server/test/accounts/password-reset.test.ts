/**
 * Issue #14, password reset over HTTP against a real SMTP server (smtp-server in-process), on
 * SQLite and PostgreSQL: M01–M06 (the token), M10 (the link), M11, M12 and SECURITY.md L04
 * (the reset ends every session).
 */
import type { TokenResponse } from '@tessera/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { hashAccountToken } from '../../src/accounts/account-token.js';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import {
  bearer,
  forgot,
  loginWith,
  nextMail,
  reset,
  tokenOf,
  verify,
  accept,
} from '../support/accounts.js';
import {
  expectRefreshRefused,
  login,
  probeStatus,
  refreshWithCookie,
  Secrets,
} from '../support/lifecycle.js';
import { claimsOf, codeAt, enrolTotp, mfaTokenOf, verifyMfa } from '../mfa/mfa-support.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { NOW } from '../token/support.js';
import { useTestApp, type TestApp, type TestUser } from '../support/test-app.js';

const sink = await startSmtpSink();
afterAll(() => sink.close());

const NEW_PASSWORD = 'a fresh and long passphrase';
const SUBJECT = /^Reset your password$/;

describe.each(await testEngines())('password reset on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, {
    config: { smtpUrl: sink.url, publicUrl: 'https://auth.example.test' },
    clock: () => now,
  });
  const secrets = new Secrets();
  afterAll(() => secrets.expectNotLogged(t()));
  let serial = 0;
  const fresh = (): Promise<TestUser> =>
    t().createUser(`reset-${(serial += 1)}-${engine}@example.com`);

  /** Asks for a reset of `user` and returns the mailed token. */
  const resetToken = async (app: TestApp, user: TestUser): Promise<string> => {
    const seen = sink.to(user.email).length;
    expect((await forgot(app, user.email)).statusCode).toBe(202);
    const token = tokenOf(await nextMail(app, sink, user.email, { subject: SUBJECT, seen }));
    secrets.add(token);
    return token;
  };

  it('M01 the token is 256 random bits, base64url (43 characters), a new one each time', async () => {
    const user = await fresh();
    const tokens = new Set<string>();
    for (let i = 0; i < 4; i += 1) tokens.add(await resetToken(t(), user));
    expect(tokens.size).toBe(4);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('M02 only the SHA-256 of the token is stored, never the token', async () => {
    const user = await fresh();
    const token = await resetToken(t(), user);
    const rows = await t()
      .app.tessera.database.db.selectFrom('account_tokens')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.hash).toBe(hashAccountToken(token));
    expect(row?.hash).not.toBe(token);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(row).toMatchObject({ purpose: 'reset', consumed_at: null });
  });

  it('M03 a used token is refused with the one message, also when two uses race', async () => {
    const user = await fresh();
    const token = await resetToken(t(), user);
    const [first, second] = await Promise.all([
      reset(t(), token, NEW_PASSWORD),
      reset(t(), token, `${NEW_PASSWORD} too`),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses).toEqual([200, 400]);
    const again = await reset(t(), token, NEW_PASSWORD);
    expectProblem(again, 400, 'reset_token_invalid');
    expect(again.json<{ message: string }>().message).toBe(
      'This reset link is invalid or has expired',
    );
    expect(again.body).not.toContain(token);
    expectProblem(await reset(t(), 'x'.repeat(43), NEW_PASSWORD), 400, 'reset_token_invalid');
    expectProblem(await reset(t(), 'not a token', NEW_PASSWORD), 400, 'reset_token_invalid');
  });

  it('M04 the token expires after 30 minutes (the server clock), not before', async () => {
    const user = await fresh();
    const token = await resetToken(t(), user);
    const later = await resetToken(t(), await fresh());
    now += 30 * 60 - 1;
    const stillValid = await reset(t(), later, NEW_PASSWORD);
    expect(stillValid.statusCode, stillValid.body).toBe(200);
    now += 1;
    expectProblem(await reset(t(), token, NEW_PASSWORD), 400, 'reset_token_invalid');
    now = NOW;
  });

  it('M05 a newer request voids the older link', async () => {
    const user = await fresh();
    const older = await resetToken(t(), user);
    const newer = await resetToken(t(), user);
    expectProblem(await reset(t(), older, NEW_PASSWORD), 400, 'reset_token_invalid');
    expect((await reset(t(), newer, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('M06 a reset token neither verifies an email nor accepts an invitation, and keeps working', async () => {
    const user = await fresh();
    const token = await resetToken(t(), user);
    expectProblem(await verify(t(), token), 400, 'verification_token_invalid');
    expectProblem(await accept(t(), token, NEW_PASSWORD), 400, 'invitation_token_invalid');
    expect((await reset(t(), token, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('M10 the link is built on TESSERA_PUBLIC_URL with the token in the fragment, whatever the Host header', async () => {
    const user = await fresh();
    const seen = sink.to(user.email).length;
    const answer = await forgot(t(), user.email, {
      host: 'evil.test',
      'x-forwarded-host': 'evil.test',
    });
    expect(answer.statusCode).toBe(202);
    const mail = await nextMail(t(), sink, user.email, { subject: SUBJECT, seen });
    const token = tokenOf(mail);
    secrets.add(token);
    expect(mail.link).toBe(`https://auth.example.test/reset-password#token=${token}`);
    expect(mail.text + mail.html).not.toContain('evil.test');
    expect(mail.html).toContain(`href="https://auth.example.test/reset-password#token=${token}"`);
    expect(mail.from).toBe('no-reply@localhost');
  });

  it('M11 a new password the policy refuses leaves the token usable', async () => {
    const user = await fresh();
    const token = await resetToken(t(), user);
    expectProblem(await reset(t(), token, 'short'), 400, 'validation_failed');
    expectProblem(await reset(t(), token, 'password123'), 400, 'password_too_common');
    expectProblem(await reset(t(), token, 'x'.repeat(1025)), 400, 'password_too_long');
    const response = await reset(t(), token, NEW_PASSWORD);
    expect(response.statusCode, response.body).toBe(200);
  });

  it('M12, L04 a reset ends every session (refresh → 401, access token refused), signs this browser in, and mails a notice', async () => {
    const user = await fresh();
    const first = secrets.addHeld(await login(t(), user));
    const second = secrets.addHeld(await login(t(), user));
    expect((await probeStatus(t(), first.access)).statusCode).toBe(200);
    const token = await resetToken(t(), user);
    const seen = sink.to(user.email).length;

    const response = await reset(t(), token, NEW_PASSWORD);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json<TokenResponse>();
    secrets.add(body.access_token);
    expect((await probeStatus(t(), body.access_token)).statusCode).toBe(200);
    expect(response.headers['set-cookie']).toBeDefined();

    for (const held of [first, second]) {
      expectRefreshRefused(await refreshWithCookie(t(), held.refresh), held.refresh);
      expect((await probeStatus(t(), held.access)).statusCode).toBe(401);
    }
    expectProblem(await loginWith(t(), user.email, user.password), 401, 'invalid_credentials');
    expect((await loginWith(t(), user.email, NEW_PASSWORD)).statusCode).toBe(200);

    const notice = await nextMail(t(), sink, user.email, {
      subject: /^Your password was changed$/,
      seen,
    });
    expect(notice.token).toBeUndefined();
    expect(notice.text).toContain('every session');
    const me = await t().app.inject({ url: '/api/auth/me', headers: bearer(body.access_token) });
    expect(me.json<{ is_email_verified: boolean }>().is_email_verified).toBe(true);
  });

  it('M18 a reset does not bypass a second factor: the password changes, then mfa_required, then the code signs in', async () => {
    const user = await fresh();
    const { secret } = await enrolTotp(t(), user, now);
    const token = await resetToken(t(), user);

    const mfaToken = mfaTokenOf(await reset(t(), token, NEW_PASSWORD));
    secrets.add(mfaToken);
    expectProblem(await reset(t(), token, NEW_PASSWORD), 400, 'reset_token_invalid');
    expectProblem(await verifyMfa(t(), mfaToken, 'totp', '000000'), 401, 'invalid_credentials');
    now += 30;
    const signedIn = await verifyMfa(t(), mfaToken, 'totp', await codeAt(secret, now));
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const body = signedIn.json<TokenResponse>();
    secrets.add(body.access_token);
    expect(claimsOf(body.access_token)['amr']).toEqual(['pwd', 'otp']);
    // The new password took effect; the login asks for the code again.
    secrets.add(mfaTokenOf(await loginWith(t(), user.email, NEW_PASSWORD)));
  });

  it('M12 a reset link of a user disabled since it was sent is refused', async () => {
    const user = await fresh();
    const token = await resetToken(t(), user);
    await t().app.tessera.users.update(user.id, { isEnabled: false });
    expectProblem(await reset(t(), token, NEW_PASSWORD), 400, 'reset_token_invalid');
  });
});
