// The account methods against a real Tessera app (SQLite) and a real SMTP server: the links'
// tokens come from the mail, as a user's would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMail, tokenOf } from '../../server/test/support/accounts.js';
import { startSmtpSink, type SmtpSink } from '../../server/test/support/smtp-sink.js';
import { PASSWORD, startTestApp, type TestApp } from '../../server/test/support/test-app.js';
import { NOW } from '../../server/test/token/support.js';
import { TesseraClient, TesseraHttpError } from '../src/index.js';
import { injectFetch } from './inject-fetch.js';

const NEW_PASSWORD = 'a passphrase from the link';

describe('account methods against a real server', () => {
  let sink: SmtpSink;
  let t: TestApp;
  const client = () =>
    new TesseraClient({
      baseUrl: 'http://127.0.0.1:3000',
      fetch: injectFetch(t.app),
      now: () => NOW * 1000,
    });

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp('sqlite', { config: { smtpUrl: sink.url } });
  });

  afterAll(async () => {
    await t.dispose();
    await sink.close();
  });

  it('forgotPassword → the mailed token → resetPassword signs in; the old token is refused', async () => {
    const before = t.tokenFor(t.alice);
    const auth = client();
    await auth.forgotPassword(t.alice.email);
    const mail = await nextMail(t, sink, t.alice.email, { subject: /password/i });
    await auth.resetPassword(tokenOf(mail), NEW_PASSWORD);
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.getPayload()?.sub).toBe(String(t.alice.id));
    await expect(auth.request('/api/auth/me')).resolves.toMatchObject({ email: t.alice.email });

    const old = client();
    old.setToken(before);
    await expect(old.request('/api/auth/me')).rejects.toMatchObject({ status: 401 });

    await expect(auth.resetPassword(tokenOf(mail), 'once more, please')).rejects.toMatchObject({
      status: 400,
      code: 'reset_token_invalid',
    });
  });

  it('changeEmail → the link to the new address → verifyEmail switches it', async () => {
    const auth = client();
    auth.setToken(t.tokenFor(t.bob));
    await auth.changeEmail('robert@example.com', PASSWORD);
    await expect(auth.request('/api/auth/me')).resolves.toMatchObject({ email: t.bob.email });
    const mail = await nextMail(t, sink, 'robert@example.com', { subject: /./ });
    const user = await auth.verifyEmail(tokenOf(mail));
    expect(user).toMatchObject({ email: 'robert@example.com', is_email_verified: true });
    await expect(auth.verifyEmail(tokenOf(mail))).rejects.toBeInstanceOf(TesseraHttpError);
  });

  it('resendVerification mails the signed-in user a link', async () => {
    const carol = await t.createUser('carol@example.com');
    const auth = client();
    auth.setToken(t.tokenFor(carol));
    const seen = sink.to(carol.email).length;
    await auth.resendVerification();
    const mail = await nextMail(t, sink, carol.email, { subject: /./, seen });
    expect(mail.link).toContain('/verify-email#token=');
  });

  it('an invitation → acceptInvitation sets the password and signs in', async () => {
    const admin = client();
    admin.setToken(t.tokenFor(t.admin));
    await admin.request('/api/users', {
      method: 'POST',
      json: { email: 'dora@example.com', name: 'Dora' },
    });
    const mail = await nextMail(t, sink, 'dora@example.com', { subject: /./ });
    const dora = client();
    await dora.acceptInvitation(tokenOf(mail), 'dora chose this one');
    await expect(dora.request('/api/auth/me')).resolves.toMatchObject({
      email: 'dora@example.com',
      is_email_verified: true,
      pending_invitation: false,
    });
    await expect(dora.logout()).resolves.toBeUndefined();
    await expect(
      client().login({ email: 'dora@example.com', password: 'dora chose this one' }),
    ).resolves.toHaveProperty('access_token');
  });
});
