/**
 * Issue #14, invitations on SQLite and PostgreSQL against a real SMTP server (M15): an admin
 * creates a user without a password, who gets a link to choose one; accepting signs in with the
 * address verified; the link expires after 7 days, a resend voids the older one, a revoke voids
 * it and disables the account. Also M04 and M06 for invitation links.
 */
import type { TokenResponse, UserDto } from '@tessera/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import {
  accept,
  bearer,
  loginWith,
  nextMail,
  reset,
  tokenOf,
  verify,
} from '../support/accounts.js';
import { Secrets } from '../support/lifecycle.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { NOW } from '../token/support.js';
import { useTestApp } from '../support/test-app.js';

const sink = await startSmtpSink();
afterAll(() => sink.close());

const INVITED = /^You are invited$/;
const PASSWORD = 'my very own passphrase';

describe.each(await testEngines())('invitations on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { config: { smtpUrl: sink.url }, clock: () => now });
  const secrets = new Secrets();
  afterAll(() => secrets.expectNotLogged(t()));
  let serial = 0;
  const admin = () => bearer(t().tokenFor(t().admin));

  /** Creates a user without a password as the admin; the user and the invitation token. */
  const invite = async (): Promise<{ user: UserDto; token: string }> => {
    const email = `invited-${(serial += 1)}-${engine}@example.com`;
    const created = await t().app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin(),
      payload: { email, name: `Invited ${serial}` },
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = tokenOf(await nextMail(t(), sink, email, { subject: INVITED }));
    secrets.add(token);
    return { user: created.json<UserDto>(), token };
  };
  const resend = (id: number) =>
    t().app.inject({ method: 'POST', url: `/api/users/${id}/invitation`, headers: admin() });
  const revoke = (id: number) =>
    t().app.inject({ method: 'DELETE', url: `/api/users/${id}/invitation`, headers: admin() });

  it('M15 a user created without a password is invited; accepting sets the password, signs in and verifies the address', async () => {
    const { user, token } = await invite();
    expect(user).toMatchObject({ pending_invitation: true, is_email_verified: false });
    const mail = sink.to(user.email)[0];
    expect(mail?.link).toBe(`http://127.0.0.1:3000/accept-invitation#token=${token}`);
    expect(mail?.text).toContain('7 days');

    expectProblem(await accept(t(), token, 'short'), 400, 'validation_failed');
    const accepted = await accept(t(), token, PASSWORD);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const { access_token: access } = accepted.json<TokenResponse>();
    secrets.add(access);
    const me = await t().app.inject({ url: '/api/auth/me', headers: bearer(access) });
    expect(me.json<UserDto>()).toMatchObject({
      id: user.id,
      pending_invitation: false,
      is_email_verified: true,
    });
    expect((await loginWith(t(), user.email, PASSWORD)).statusCode).toBe(200);
    expectProblem(await accept(t(), token, PASSWORD), 400, 'invitation_token_invalid');
    expectProblem(await resend(user.id), 409, 'no_pending_invitation');
  });

  it('M15 before accepting, no password logs in', async () => {
    const { user } = await invite();
    expectProblem(await loginWith(t(), user.email, ''), 400, 'validation_failed');
    expectProblem(await loginWith(t(), user.email, PASSWORD), 401, 'invalid_credentials');
  });

  it('M04, M15 the invitation expires after 7 days', async () => {
    const { token } = await invite();
    now += 7 * 86_400;
    expectProblem(await accept(t(), token, PASSWORD), 400, 'invitation_token_invalid');
    now = NOW;
  });

  it('M05, M15 a resent invitation voids the older link', async () => {
    const { user, token: older } = await invite();
    expect((await resend(user.id)).statusCode).toBe(202);
    const newer = tokenOf(await nextMail(t(), sink, user.email, { subject: INVITED, seen: 1 }));
    secrets.add(newer);
    expectProblem(await accept(t(), older, PASSWORD), 400, 'invitation_token_invalid');
    expect((await accept(t(), newer, PASSWORD)).statusCode).toBe(200);
  });

  it('M15 a revoked invitation no longer works, and the account is disabled; a resend opens it again', async () => {
    const { user, token } = await invite();
    const revoked = await revoke(user.id);
    expect(revoked.statusCode, revoked.body).toBe(204);
    expectProblem(await accept(t(), token, PASSWORD), 400, 'invitation_token_invalid');
    const read = await t().app.inject({ url: `/api/users/${user.id}`, headers: admin() });
    expect(read.json<UserDto>()).toMatchObject({ is_enabled: false, pending_invitation: true });

    expect((await resend(user.id)).statusCode).toBe(202);
    const again = tokenOf(await nextMail(t(), sink, user.email, { subject: INVITED, seen: 1 }));
    secrets.add(again);
    expect((await accept(t(), again, PASSWORD)).statusCode).toBe(200);
  });

  it('M15 an admin correcting the address of an invited user voids the old link and invites the new address', async () => {
    const { user, token: older } = await invite();
    const corrected = `corrected-${serial}-${engine}@example.com`;
    const moved = await t().app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: admin(),
      payload: { email: corrected },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const newer = tokenOf(await nextMail(t(), sink, corrected, { subject: INVITED }));
    secrets.add(newer);
    expectProblem(await accept(t(), older, PASSWORD), 400, 'invitation_token_invalid');
    expect((await accept(t(), newer, PASSWORD)).statusCode).toBe(200);
  });

  it('M06 an invitation token neither resets a password nor verifies an email', async () => {
    const { token } = await invite();
    expectProblem(await reset(t(), token, PASSWORD), 400, 'reset_token_invalid');
    expectProblem(await verify(t(), token), 400, 'verification_token_invalid');
    expect((await accept(t(), token, PASSWORD)).statusCode).toBe(200);
  });

  it('M15 only an admin invites, resends or revokes; unknown ids → 404', async () => {
    const { user } = await invite();
    const asAlice = bearer(t().tokenFor(t().alice));
    for (const method of ['POST', 'DELETE'] as const) {
      const response = await t().app.inject({
        method,
        url: `/api/users/${user.id}/invitation`,
        headers: asAlice,
      });
      expectProblem(response, 403, 'insufficient_scope');
    }
    expectProblem(await resend(999_999), 404, 'not_found');
    expectProblem(await revoke(t().alice.id), 409, 'no_pending_invitation');
  });
});
