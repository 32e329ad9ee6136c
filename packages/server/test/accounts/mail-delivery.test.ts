/**
 * Issue #14, M16: mail leaves off the request path. Without SMTP the link is logged at `warn`
 * (the one documented log line with a token) and `/api/health` says `not_configured`; with an
 * SMTP server that does not answer, the failure is logged and the answers do not change; a
 * host app sends its own mail through `app.tessera.mail`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { forgot, reset, settle } from '../support/accounts.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { useTestApp } from '../support/test-app.js';

const sink = await startSmtpSink();
afterAll(() => sink.close());

/** An SMTP URL where nothing listens: a sink started and closed at once. */
async function deadSmtpUrl(): Promise<string> {
  const dead = await startSmtpSink();
  await dead.close();
  return dead.url;
}
const DEAD_SMTP = await deadSmtpUrl();

describe.each(await testEngines())('mail delivery on %s', (engine) => {
  describe('without SMTP', () => {
    const t = useTestApp(engine);

    it('M16 the link is logged at warn, and /api/health says mail is not configured', async () => {
      const user = await t().createUser(`nomail-${engine}@example.com`);
      expect((await forgot(t(), user.email)).statusCode).toBe(202);
      await settle(t(), 0);
      const line = t()
        .logs.records()
        .find((record) => record['event'] === 'mail_not_configured');
      expect(line).toMatchObject({ level: 40, kind: 'reset' });
      const token = /#token=([A-Za-z0-9_-]{43})/.exec(String(line?.['msg']))?.[1] ?? '';
      expect(String(line?.['msg'])).toContain(
        `http://127.0.0.1:3000/reset-password#token=${token}`,
      );
      // The logged link works (the development path).
      expect((await reset(t(), token, 'a development passphrase')).statusCode).toBe(200);
      const health = await t().app.inject({ url: '/api/health' });
      expect(health.json()).toEqual({ status: 'ok', database: engine, mail: 'not_configured' });
    });
  });

  describe('with an SMTP server that does not answer', () => {
    const t = useTestApp(engine, { config: { smtpUrl: DEAD_SMTP } });

    it('M16 forgot and reset answer as usual; the failure is logged without address or token', async () => {
      const user = await t().createUser(`deadmail-${engine}@example.com`);
      const answer = await forgot(t(), user.email);
      expect(answer.statusCode).toBe(202);
      await settle(t(), 0);
      const failed = t()
        .logs.records()
        .filter((record) => record['event'] === 'mail_failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ level: 50, kind: 'reset', error: 'ESOCKET' });
      expect(JSON.stringify(failed[0])).not.toContain(user.email);
      expect(t().logs.text).not.toMatch(/#token=/);
      const health = await t().app.inject({ url: '/api/health' });
      expect(health.json()).toEqual({ status: 'ok', database: engine, mail: 'configured' });
    });
  });

  describe('through app.tessera.mail', () => {
    const t = useTestApp(engine, { config: { smtpUrl: sink.url } });

    it('M16 a host app sends its own mail, in text and HTML', async () => {
      const to = `host-app-${engine}@example.com`;
      t().app.tessera.mail.send({
        to,
        subject: 'Your report is ready',
        text: 'Hello',
        html: '<p>Hello</p>',
        kind: 'report',
      });
      await settle(t(), 0);
      const [mail] = sink.to(to);
      expect(mail).toMatchObject({ subject: 'Your report is ready', text: 'Hello' });
      expect(mail?.html).toContain('<p>Hello</p>');
    });
  });
});
