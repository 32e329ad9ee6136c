/**
 * Issue #13: with Redis, the limits count across instances. Two instances on one database and
 * one Redis prefix: failed logins of one account spread over both reach the backoff (P14) on
 * either; failed logins from one address spread over both reach the address limit (P15); bad
 * tokens spread over both reach the rejected-token limit (D04) on either. Without sharing, each
 * instance would have seen only half.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { LogCapture } from '../support/log-capture.js';
import { REDIS_URL, redisReady, uniquePrefix } from '../support/redis.js';
import { siblingInstance } from '../support/sibling-instance.js';
import { PASSWORD, useTestApp } from '../support/test-app.js';

const TOKEN_LIMIT = { maxFailures: 6, windowSeconds: 60 };

describe.runIf(await redisReady()).each(await testEngines())(
  'limits shared over Redis on %s',
  (engine) => {
    let now = 1_800_000_000;
    const clock = () => now;
    const config = { redisUrl: REDIS_URL, redisPrefix: uniquePrefix(), loginThrottle: true };
    const t = useTestApp(engine, { clock, config, authFailureLimit: TOKEN_LIMIT });
    let b: FastifyInstance;

    beforeAll(async () => {
      b = await siblingInstance(t(), {
        logs: new LogCapture(),
        clock,
        config: { loginThrottle: true },
        authFailureLimit: TOKEN_LIMIT,
      });
    });

    afterAll(async () => {
      await b.close();
    });

    const instances = () => [t().app, b];
    const login = (
      app: FastifyInstance,
      email: string,
      password: string,
      ip = '203.0.113.1',
    ): Promise<LightMyRequestResponse> =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
        remoteAddress: ip,
      });

    it('P14 five failures of one account spread over two instances start the backoff on both', async () => {
      for (let i = 0; i < 5; i += 1) {
        const app = instances()[i % 2]!;
        expect(
          (await login(app, 'alice@example.com', `wrong ${i}`, `198.51.100.${i}`)).statusCode,
        ).toBe(401);
      }
      for (const app of instances()) {
        const blocked = await login(app, 'alice@example.com', PASSWORD, '198.51.100.99');
        expectProblem(blocked, 429, 'rate_limited');
        expect(blocked.headers['retry-after']).toBe('1');
      }
      now += 1;
      expect((await login(b, 'alice@example.com', PASSWORD, '198.51.100.99')).statusCode).toBe(200);
    });

    it('P15 twenty failures from one address spread over two instances block it on both', async () => {
      now += 1000; // a new window
      for (let i = 0; i < 20; i += 1) {
        const app = instances()[i % 2]!;
        const email = `nobody-${i}@example.com`;
        expect((await login(app, email, 'wrong', '192.0.2.50')).statusCode).toBe(401);
      }
      for (const app of instances()) {
        expectProblem(
          await login(app, 'bob@example.com', PASSWORD, '192.0.2.50'),
          429,
          'rate_limited',
        );
      }
      expect((await login(t().app, 'bob@example.com', PASSWORD, '192.0.2.51')).statusCode).toBe(
        200,
      );
    });

    it('D04 bad tokens spread over two instances reach the rejected-token limit on both', async () => {
      const bad = (app: FastifyInstance) =>
        app.inject({
          url: '/api/auth/me',
          headers: { authorization: 'Bearer not.a.token' },
          remoteAddress: '192.0.2.77',
        });
      for (let i = 0; i < TOKEN_LIMIT.maxFailures; i += 1) {
        expect((await bad(instances()[i % 2]!)).statusCode).toBe(401);
      }
      // Each instance saw 3 of the 6; the shared count blocks both (counted after each answer).
      for (const app of instances()) {
        const deadline = performance.now() + 2000;
        let status = (await bad(app)).statusCode;
        while (status === 401 && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          status = (await bad(app)).statusCode;
        }
        expect(status).toBe(429);
      }
    });
  },
);
