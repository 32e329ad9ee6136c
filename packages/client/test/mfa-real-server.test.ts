// The second factor against a real Tessera app (SQLite): enrolment, the two-step login with the
// problem's challenge, recovery codes, turning it off. The server's clock is pinned, so the
// codes are computed for that time with otplib.
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, type TestApp } from '../../server/test/support/test-app.js';
import { NOW } from '../../server/test/token/support.js';
import { TesseraClient, TesseraHttpError, TesseraMfaRequiredError } from '../src/index.js';
import { injectFetch } from './inject-fetch.js';

/** The code of the time step `steps` after the server's pinned clock. */
const code = (secret: string, steps = 0) => generateSync({ secret, epoch: NOW + steps * 30 });

describe('second factors against a real server', () => {
  let t: TestApp;
  let secret: string;
  let recovery: readonly string[];
  const client = () =>
    new TesseraClient({
      baseUrl: 'http://127.0.0.1:3000',
      fetch: injectFetch(t.app),
      now: () => NOW * 1000,
    });
  const carol = { email: 'carol@example.com', password: PASSWORD };

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await t.createUser(carol.email);
  });

  afterAll(() => t.dispose());

  it('enrols TOTP: a secret and its QR code, then 10 recovery codes once confirmed', async () => {
    const auth = client();
    await auth.login(carol);
    await expect(auth.mfaStatus()).resolves.toMatchObject({ totp: false, passkeys: 0 });
    const enrolment = await auth.startTotpEnrolment(PASSWORD);
    expect(enrolment.qr_svg).toMatch(/^<svg|^<\?xml/);
    secret = enrolment.secret;
    ({ recovery_codes: recovery } = await auth.confirmTotp(code(secret)));
    expect(recovery).toHaveLength(10);
    await expect(auth.mfaStatus()).resolves.toMatchObject({
      totp: true,
      recovery_codes_remaining: 10,
    });
  });

  it('login() rejects with the challenge; completeMfa signs in with amr pwd + otp', async () => {
    const auth = client();
    const error = await auth.login(carol).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TesseraMfaRequiredError);
    const { mfaToken, methods } = error as TesseraMfaRequiredError;
    expect(methods).toEqual(['totp', 'recovery_code']);
    expect(auth.isAuthenticated()).toBe(false);
    await auth.completeMfa({ mfaToken, method: 'totp', code: code(secret, 1) });
    expect(auth.getPayload()?.['amr']).toEqual(['pwd', 'otp']);
    await expect(auth.request('/api/auth/me')).resolves.toMatchObject({ email: carol.email });
  });

  it('a wrong password is only refused at the second step', async () => {
    const auth = client();
    const error = await auth
      .login({ ...carol, password: 'not the password' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TesseraMfaRequiredError);
    await expect(
      auth.completeMfa({
        mfaToken: (error as TesseraMfaRequiredError).mfaToken,
        method: 'totp',
        code: code(secret, 1),
      }),
    ).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('a recovery code works once; a used mfa token is mfa_token_invalid', async () => {
    const auth = client();
    const first = (await auth
      .login(carol)
      .catch((caught: unknown) => caught)) as TesseraMfaRequiredError;
    await auth.completeMfa({
      mfaToken: first.mfaToken,
      method: 'recovery_code',
      code: recovery[0] ?? '',
    });
    expect(auth.isAuthenticated()).toBe(true);
    await expect(
      auth.completeMfa({
        mfaToken: first.mfaToken,
        method: 'recovery_code',
        code: recovery[1] ?? '',
      }),
    ).rejects.toMatchObject({ code: 'mfa_token_invalid' });

    const again = client();
    const second = (await again
      .login(carol)
      .catch((caught: unknown) => caught)) as TesseraMfaRequiredError;
    await expect(
      again.completeMfa({
        mfaToken: second.mfaToken,
        method: 'recovery_code',
        code: recovery[0] ?? '',
      }),
    ).rejects.toBeInstanceOf(TesseraHttpError);
  });

  it('regenerates the recovery codes, then turns TOTP off with the password', async () => {
    const auth = client();
    const step = (await auth
      .login(carol)
      .catch((caught: unknown) => caught)) as TesseraMfaRequiredError;
    await auth.completeMfa({
      mfaToken: step.mfaToken,
      method: 'recovery_code',
      code: recovery[2] ?? '',
    });
    const { recovery_codes } = await auth.regenerateRecoveryCodes(PASSWORD);
    expect(recovery_codes).toHaveLength(10);
    expect(recovery_codes).not.toContain(recovery[3]);
    await auth.disableTotp({ currentPassword: PASSWORD });
    await expect(auth.mfaStatus()).resolves.toMatchObject({ totp: false });
    await expect(client().login(carol)).resolves.toHaveProperty('access_token');
  });
});
