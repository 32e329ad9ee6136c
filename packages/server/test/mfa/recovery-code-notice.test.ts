import { afterAll, describe, expect, it } from 'vitest';
import { nextMail } from '../support/accounts.js';
import { testEngines } from '../support/engines.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { useTestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';
import { enrolTotp, login, mfaTokenOf, verifyMfa } from './mfa-support.js';

const sink = await startSmtpSink();
afterAll(() => sink.close());

/** Issue #14, OWASP MFA cheat sheet: the owner hears of every recovery code used. */
describe.each(await testEngines())('recovery code notice on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { clock: () => now, config: { smtpUrl: sink.url } });

  it('F06 a login with a recovery code mails the owner, with the number left and no code', async () => {
    const user = await t().createUser(`f06-notice-${engine}@example.com`);
    const { recoveryCodes } = await enrolTotp(t(), user, now);
    now += 30;
    const code = recoveryCodes[3] ?? '';
    const mfaToken = mfaTokenOf(await login(t(), user.email, user.password));
    const signedIn = await verifyMfa(t(), mfaToken, 'recovery_code', code);
    expect(signedIn.statusCode, signedIn.body).toBe(200);

    const notice = await nextMail(t(), sink, user.email, {
      subject: /^A recovery code was used to sign in$/,
      seen: 0,
    });
    expect(notice.text).toContain('9 unused recovery codes are left');
    expect(notice.text).not.toContain(code);
    expect(notice.html).not.toContain(code);
  });
});
