import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

/** SECURITY.md P14–P17, P19: login throttling that cannot lock the owner out for long. */
describe.each(await testEngines())('login throttling on %s', (engine) => {
  const start = async (config: Record<string, unknown> = {}) => {
    let now = 1_800_000_000;
    const app = await startTestApp(engine, {
      clock: () => now,
      config: { loginThrottle: true, ...config },
    });
    return { t: app, advance: (seconds: number) => (now += seconds) };
  };
  const login = (
    t: TestApp,
    email: string,
    password: string,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers });

  it('P14 after 5 failures alice backs off (429 + Retry-After), the right password gets the same 429, and it works after the wait', async () => {
    const { t, advance } = await start();
    try {
      for (let i = 0; i < 5; i++)
        expect((await login(t, 'alice@example.com', `wrong ${i}`)).statusCode).toBe(401);
      const blocked = await login(t, 'alice@example.com', 'wrong again');
      expectProblem(blocked, 429, 'rate_limited');
      expect(blocked.headers['retry-after']).toBe('1');
      const rightButBlocked = await login(t, 'alice@example.com', PASSWORD);
      expectProblem(rightButBlocked, 429, 'rate_limited');
      const strip = (body: string) => body.replace(/"request_id":"[^"]*"/, '');
      expect(strip(rightButBlocked.body)).toBe(strip(blocked.body));
      advance(1);
      expect((await login(t, 'alice@example.com', PASSWORD)).statusCode).toBe(200);
    } finally {
      await t.dispose();
    }
  });

  it('P14 the backoff doubles per failure and is capped at 60 s, so the owner is never locked out for longer', async () => {
    const { t, advance } = await start();
    try {
      const waits: number[] = [];
      for (let i = 0; i < 14; i++) {
        const response = await login(t, 'alice@example.com', `wrong ${i}`);
        if (response.statusCode === 429) {
          const wait = Number(response.headers['retry-after']);
          waits.push(wait);
          advance(wait);
          expect((await login(t, 'alice@example.com', `wrong ${i}`)).statusCode).toBe(401);
        }
      }
      expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
      advance(60);
      expect((await login(t, 'alice@example.com', PASSWORD)).statusCode).toBe(200);
    } finally {
      await t.dispose();
    }
  });

  it('P15 one address spraying 20 different emails gets 429 for the next one, for the rest of the 15-minute window', async () => {
    const { t, advance } = await start();
    try {
      for (let i = 0; i < 20; i++)
        expect((await login(t, `victim${i}@example.com`, 'Spring2026!')).statusCode).toBe(401);
      const blocked = await login(t, 'victim20@example.com', 'Spring2026!');
      expectProblem(blocked, 429, 'rate_limited');
      expect(Number(blocked.headers['retry-after'])).toBe(900);
      advance(900);
      expect((await login(t, 'victim21@example.com', 'Spring2026!')).statusCode).toBe(401);
    } finally {
      await t.dispose();
    }
  });

  it('P16 with trustProxy off, a rotating X-Forwarded-For is ignored and the address is still limited', async () => {
    const { t } = await start();
    try {
      for (let i = 0; i < 20; i++) {
        await login(t, `victim${i}@example.com`, 'Spring2026!', {
          'x-forwarded-for': `203.0.113.${i}`,
        });
      }
      expectProblem(
        await login(t, 'victim99@example.com', 'x', { 'x-forwarded-for': '198.51.100.7' }),
        429,
        'rate_limited',
      );
    } finally {
      await t.dispose();
    }
  });

  it('P16 with trustProxy set to one hop, each forwarded client address is counted on its own', async () => {
    const { t } = await start({ trustProxy: 1 });
    try {
      for (let i = 0; i < 20; i++) {
        await login(t, `victim${i}@example.com`, 'Spring2026!', {
          'x-forwarded-for': '203.0.113.1',
        });
      }
      expectProblem(
        await login(t, 'victim20@example.com', 'x', { 'x-forwarded-for': '203.0.113.1' }),
        429,
        'rate_limited',
      );
      expect(
        (await login(t, 'victim21@example.com', 'x', { 'x-forwarded-for': '203.0.113.2' }))
          .statusCode,
      ).toBe(401);
    } finally {
      await t.dispose();
    }
  });

  it('P17 each failure is logged with a reason and counts, the throttle logs a warning, and no password is logged', async () => {
    const { t } = await start();
    try {
      for (let i = 0; i < 6; i++) await login(t, 'alice@example.com', `guess-number-${i}`);
      const records = t.logs.records();
      const failures = records.filter((record) => record['event'] === 'login_failed');
      expect(failures).toHaveLength(5);
      expect(failures.every((record) => record['reason'] === 'wrong_password')).toBe(true);
      const counted = records.filter((record) => record['event'] === 'login_failure_counted');
      expect(counted.map((record) => record['account_failures'])).toEqual([1, 2, 3, 4, 5]);
      const throttled = records.filter((record) => record['event'] === 'login_throttled');
      expect(throttled).toHaveLength(1);
      expect(throttled[0]?.['level']).toBe(40);
      for (let i = 0; i < 6; i++) expect(t.logs.text).not.toContain(`guess-number-${i}`);
    } finally {
      await t.dispose();
    }
  });

  it('P19 a success clears the account counter', async () => {
    const { t } = await start();
    try {
      for (let i = 0; i < 4; i++) await login(t, 'alice@example.com', `wrong ${i}`);
      expect((await login(t, 'alice@example.com', PASSWORD)).statusCode).toBe(200);
      for (let i = 0; i < 5; i++)
        expect((await login(t, 'alice@example.com', `wrong ${i}`)).statusCode).toBe(401);
    } finally {
      await t.dispose();
    }
  });
});
