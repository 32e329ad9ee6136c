/**
 * Issue #14, `POST /api/auth/password/forgot` on SQLite and PostgreSQL against a real SMTP
 * server: M07 (one answer for known, unknown and disabled addresses) and M09 (throttles that
 * tell nothing about existence either).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { forgot, nextMail, settle } from '../support/accounts.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { NOW } from '../token/support.js';
import { useTestApp } from '../support/test-app.js';

const sink = await startSmtpSink();
afterAll(() => sink.close());

const SUBJECT = /^Reset your password$/;
const WINDOW = 15 * 60;

/** What must be identical between two answers: status, body and headers (but the request id). */
function shape(response: Awaited<ReturnType<typeof forgot>>): unknown {
  const headers: Record<string, unknown> = { ...response.headers };
  delete headers['date'];
  delete headers['x-request-id'];
  const body = response.json<Record<string, unknown>>();
  delete body['request_id'];
  return { status: response.statusCode, body, headers };
}

describe.each(await testEngines())('forgot password on %s', (engine) => {
  describe('answers', () => {
    const t = useTestApp(engine, { config: { smtpUrl: sink.url } });

    it('M07 a known, an unknown and a disabled address get the same 202 answer; only the enabled account gets mail', async () => {
      const known = await t().createUser(`known-${engine}@example.com`);
      const disabled = await t().createUser(`disabled-${engine}@example.com`);
      await t().app.tessera.users.update(disabled.id, { isEnabled: false });
      const unknown = `nobody-${engine}@example.com`;

      const answers = [
        await forgot(t(), known.email),
        await forgot(t(), unknown),
        await forgot(t(), disabled.email),
        await forgot(t(), known.email.toUpperCase()),
      ];
      expect(answers[0]?.statusCode).toBe(202);
      expect(answers[0]?.json()).toEqual({
        message:
          'If an account uses this address, a link to reset its password is on its way. It works once, for a limited time.',
      });
      for (const answer of answers) expect(shape(answer)).toEqual(shape(answers[0] ?? answer));

      await nextMail(t(), sink, known.email, { subject: SUBJECT, seen: 1 });
      await settle(t());
      expect(sink.to(known.email)).toHaveLength(2);
      expect(sink.to(unknown)).toHaveLength(0);
      expect(sink.to(disabled.email)).toHaveLength(0);
    });

    it('M07 a malformed address is answered the same way (nothing to look up)', async () => {
      const response = await forgot(t(), 'not-an-email');
      expect(response.statusCode).toBe(202);
      expectProblem(
        await t().app.inject({
          method: 'POST',
          url: '/api/auth/password/forgot',
          payload: { email: 'a@b.c', extra: 1 },
        }),
        400,
        'validation_failed',
      );
    });
  });

  describe('throttles', () => {
    let now = NOW;
    const t = useTestApp(engine, {
      config: { smtpUrl: sink.url, loginThrottle: true },
      clock: () => now,
    });
    const nextWindow = (): void => {
      now += WINDOW + 1;
    };

    const expectThrottled = (response: Awaited<ReturnType<typeof forgot>>): void => {
      expectProblem(response, 429, 'rate_limited');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(WINDOW);
    };

    it('M09 per address: the 6th request in 15 minutes → 429, for a known and an unknown address alike', async () => {
      nextWindow();
      const known = await t().createUser(`throttled-${engine}@example.com`);
      const unknown = `throttled-nobody-${engine}@example.com`;
      const answers: Record<string, unknown[]> = { known: [], unknown: [] };
      for (let i = 0; i < 6; i += 1) {
        answers['known']?.push(shape(await forgot(t(), known.email)));
        answers['unknown']?.push(shape(await forgot(t(), unknown)));
      }
      expect(answers['known']).toEqual(answers['unknown']);
      expectThrottled(await forgot(t(), known.email));
      expectThrottled(await forgot(t(), unknown));
      const statuses = (answers['known'] as { status: number }[]).map((a) => a.status);
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
      expect(t().logs.text).toContain('"event":"password_reset_throttled"');
      nextWindow();
      expect((await forgot(t(), unknown)).statusCode).toBe(202);
    });

    it('M09 per client address: the 31st request in 15 minutes → 429, whatever the address', async () => {
      nextWindow();
      for (let i = 0; i < 30; i += 1) {
        expect((await forgot(t(), `spray-${i}-${engine}@example.com`)).statusCode).toBe(202);
      }
      expectThrottled(await forgot(t(), `spray-last-${engine}@example.com`));
      const other = await t().app.inject({
        method: 'POST',
        url: '/api/auth/password/forgot',
        payload: { email: `spray-other-${engine}@example.com` },
        remoteAddress: '203.0.113.9',
      });
      expect(other.statusCode).toBe(202);
    });
  });

  describe('per-account mail cap', () => {
    const t = useTestApp(engine, { config: { smtpUrl: sink.url } });

    it('M09 at most 5 account mails per user in 15 minutes: more requests still get 202, no more mail', async () => {
      const user = await t().createUser(`capped-${engine}@example.com`);
      for (let i = 0; i < 8; i += 1) expect((await forgot(t(), user.email)).statusCode).toBe(202);
      await settle(t(), 300);
      expect(sink.to(user.email)).toHaveLength(5);
      expect(t().logs.text).toContain('"event":"account_mail_throttled"');
    });
  });
});
