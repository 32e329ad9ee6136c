/**
 * Issue #14, email verification and change on SQLite and PostgreSQL against a real SMTP
 * server: M14 (verify, resend), M13 (a change stays pending until its link is used; the old
 * address is told; the unverified address neither logs in nor gets a reset link), M04 and M06
 * for verification links.
 */
import type { UserDto } from '@tessera/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import {
  bearer,
  forgot,
  loginWith,
  nextMail,
  reset,
  settle,
  tokenOf,
  verify,
} from '../support/accounts.js';
import { login, Secrets } from '../support/lifecycle.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { NOW } from '../token/support.js';
import { useTestApp, type TestUser } from '../support/test-app.js';

const sink = await startSmtpSink();
afterAll(() => sink.close());

const VERIFY = /^Verify your email address$/;
const CHANGE = /^Confirm your new email address$/;
const NOTICE = /^Your email address is being changed$/;

describe.each(await testEngines())('email verification on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { config: { smtpUrl: sink.url }, clock: () => now });
  const secrets = new Secrets();
  afterAll(() => secrets.expectNotLogged(t()));
  let serial = 0;
  const fresh = (): Promise<TestUser> =>
    t().createUser(`verify-${(serial += 1)}-${engine}@example.com`);
  const me = async (access: string): Promise<UserDto> =>
    (await t().app.inject({ url: '/api/auth/me', headers: bearer(access) })).json<UserDto>();
  const resend = (access: string) =>
    t().app.inject({
      method: 'POST',
      url: '/api/auth/email/verification',
      headers: bearer(access),
    });
  const changeEmail = (access: string, payload: object) =>
    t().app.inject({ method: 'POST', url: '/api/auth/email', headers: bearer(access), payload });
  const verifyToken = async (user: TestUser, access: string): Promise<string> => {
    const seen = sink.to(user.email).length;
    expect((await resend(access)).statusCode).toBe(202);
    const token = tokenOf(await nextMail(t(), sink, user.email, { subject: VERIFY, seen }));
    secrets.add(token);
    return token;
  };

  it('M14 a new user is unverified; the mailed link verifies the address; a verified one gets 409', async () => {
    const user = await fresh();
    const { access } = secrets.addHeld(await login(t(), user));
    expect(await me(access)).toMatchObject({ is_email_verified: false, pending_invitation: false });
    const token = await verifyToken(user, access);
    const verified = await verify(t(), token);
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json<UserDto>()).toMatchObject({ email: user.email, is_email_verified: true });
    expect((await me(access)).is_email_verified).toBe(true);
    expectProblem(await verify(t(), token), 400, 'verification_token_invalid');
    expectProblem(await resend(access), 409, 'email_already_verified');
  });

  it('M14, M05 a resent link voids the older one', async () => {
    const user = await fresh();
    const { access } = secrets.addHeld(await login(t(), user));
    const older = await verifyToken(user, access);
    const newer = await verifyToken(user, access);
    expectProblem(await verify(t(), older), 400, 'verification_token_invalid');
    expect((await verify(t(), newer)).statusCode).toBe(200);
  });

  it('M04 a verification link expires after 24 hours', async () => {
    const user = await fresh();
    const { access } = secrets.addHeld(await login(t(), user));
    const token = await verifyToken(user, access);
    now += 86_400;
    expectProblem(await verify(t(), token), 400, 'verification_token_invalid');
    now = NOW;
  });

  it('M06 a verification token neither resets a password nor is taken for another purpose', async () => {
    const user = await fresh();
    const { access } = secrets.addHeld(await login(t(), user));
    const token = await verifyToken(user, access);
    expectProblem(await reset(t(), token, 'a brand new passphrase'), 400, 'reset_token_invalid');
    expect((await verify(t(), token)).statusCode).toBe(200);
  });

  it('M13 an email change needs the current password, stays pending, tells the old address, and switches when the link is used', async () => {
    const user = await fresh();
    const { access } = secrets.addHeld(await login(t(), user));
    const newEmail = `moved-${serial}-${engine}@example.com`;
    secrets.add('not my password');
    expectProblem(
      await changeEmail(access, { new_email: newEmail, current_password: 'not my password' }),
      401,
      'invalid_credentials',
    );
    expectProblem(
      await changeEmail(access, { new_email: t().bob.email, current_password: user.password }),
      409,
      'email_taken',
    );
    const seenOld = sink.to(user.email).length;
    const asked = await changeEmail(access, {
      new_email: newEmail,
      current_password: user.password,
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const link = await nextMail(t(), sink, newEmail, { subject: CHANGE });
    const notice = await nextMail(t(), sink, user.email, { subject: NOTICE, seen: seenOld });
    expect(notice.text).toContain(newEmail);
    expect(notice.token).toBeUndefined();
    const token = tokenOf(link);
    secrets.add(token);

    // Pending: the account still has its old address; the new one neither logs in nor gets a reset link.
    expect((await me(access)).email).toBe(user.email);
    expectProblem(await loginWith(t(), newEmail, user.password), 401, 'invalid_credentials');
    expect((await forgot(t(), newEmail)).statusCode).toBe(202);
    await settle(t());
    expect(sink.to(newEmail).filter((mail) => /^Reset/.test(mail.subject))).toHaveLength(0);

    const switched = await verify(t(), token);
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json<UserDto>()).toMatchObject({ email: newEmail, is_email_verified: true });
    expect((await loginWith(t(), newEmail, user.password)).statusCode).toBe(200);
    expectProblem(await loginWith(t(), user.email, user.password), 401, 'invalid_credentials');
  });

  it('M13 a reset link mailed to the old address stops working once the address changed', async () => {
    const user = await fresh();
    const { access } = secrets.addHeld(await login(t(), user));
    const seen = sink.to(user.email).length;
    await forgot(t(), user.email);
    const resetToken = tokenOf(await nextMail(t(), sink, user.email, { subject: /^Reset/, seen }));
    secrets.add(resetToken);
    const newEmail = `moved-again-${serial}-${engine}@example.com`;
    await changeEmail(access, { new_email: newEmail, current_password: user.password });
    const token = tokenOf(await nextMail(t(), sink, newEmail, { subject: CHANGE }));
    secrets.add(token);
    expect((await verify(t(), token)).statusCode).toBe(200);
    expectProblem(
      await reset(t(), resetToken, 'a brand new passphrase'),
      400,
      'reset_token_invalid',
    );
  });

  it('M13 PATCH of your own email stays pending too; an admin’s change of another user applies at once, unverified', async () => {
    const user = await fresh();
    const { access } = secrets.addHeld(await login(t(), user));
    const ownNew = `patched-${serial}-${engine}@example.com`;
    const patched = await t().app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: bearer(access),
      payload: { email: ownNew, name: 'Renamed', current_password: user.password },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<UserDto>()).toMatchObject({ email: user.email, name: 'Renamed' });
    await nextMail(t(), sink, ownNew, { subject: CHANGE });

    const byAdmin = `admin-set-${serial}-${engine}@example.com`;
    const seenOld = sink.to(user.email).length;
    const moved = await t().app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: bearer(t().tokenFor(t().admin)),
      payload: { email: byAdmin },
    });
    expect(moved.json<UserDto>()).toMatchObject({ email: byAdmin, is_email_verified: false });
    await nextMail(t(), sink, byAdmin, { subject: VERIFY });
    await nextMail(t(), sink, user.email, {
      subject: /^Your email address was changed$/,
      seen: seenOld,
    });
  });
});
