import { describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem.js';
import { sendAndAwaitClose } from '../support/raw-socket.js';
import { startTestApp } from '../support/test-app.js';

/** SECURITY.md D01–D03: bounded bodies, bounded hashing, bounded slow clients. */
describe('availability limits', () => {
  it('D01 100 concurrent logins with 64 KiB passwords are refused 413 before any hashing', async () => {
    const t = await startTestApp('sqlite');
    try {
      const password = 'p'.repeat(64 * 1024);
      const responses = await Promise.all(
        Array.from({ length: 100 }, () =>
          t.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: 'alice@example.com', password },
          }),
        ),
      );
      expect(new Set(responses.map((response) => response.statusCode))).toEqual(new Set([413]));
      expect(t.logs.text).not.toContain('login_failed');
    } finally {
      await t.dispose();
    }
  });

  it('D01 a login flood saturates a bounded hash queue: the overflow gets 503 server_busy with Retry-After, never another 5xx', async () => {
    const t = await startTestApp('sqlite', { config: { hashConcurrency: 2, hashQueueLimit: 8 } });
    try {
      const responses = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: {
              email: i % 2 ? 'alice@example.com' : `nobody${i}@example.com`,
              password: 'x'.repeat(1000),
            },
          }),
        ),
      );
      const statuses = responses.map((response) => response.statusCode);
      const busy = responses.filter((response) => response.statusCode === 503);
      expect(statuses.every((status) => status === 401 || status === 503)).toBe(true);
      expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(10);
      expect(busy.length).toBeGreaterThan(0);
      for (const response of busy) {
        expectProblem(response, 503, 'server_busy');
        expect(response.headers['retry-after']).toBe('1');
      }
      const after = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'alice@example.com', password: 'correct horse battery staple' },
      });
      expect(after.statusCode).toBe(200);
    } finally {
      await t.dispose();
    }
  });

  it('D02 a body of 1 MiB + 1 to any route, and 16 KiB + 1 to the auth routes, get 413', async () => {
    const t = await startTestApp('sqlite');
    try {
      const authorization = `Bearer ${t.tokenFor(t.admin)}`;
      const big = JSON.stringify({ name: 'n'.repeat(1024 * 1024) });
      expectProblem(
        await t.app.inject({
          method: 'PATCH',
          url: `/api/users/${t.bob.id}`,
          payload: big,
          headers: { authorization, 'content-type': 'application/json' },
        }),
        413,
        'payload_too_large',
      );
      const login = JSON.stringify({ email: 'alice@example.com', password: 'p'.repeat(16 * 1024) });
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: login,
          headers: { 'content-type': 'application/json' },
        }),
        413,
        'payload_too_large',
      );
    } finally {
      await t.dispose();
    }
  });

  it('D03 a client that sends its headers too slowly is cut off after the request timeout', async () => {
    const t = await startTestApp('sqlite', { config: { requestTimeoutSeconds: 1 } });
    try {
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = new URL(address);
      // The headers never end; the server, not this test's 10 s guard, must close the socket.
      const outcome = await sendAndAwaitClose(
        Number(port),
        'GET /api/health HTTP/1.1\r\nHost: x\r\n',
      );
      expect(outcome.closedByServer).toBe(true);
      expect(outcome.received === '' || outcome.received.startsWith('HTTP/1.1 408')).toBe(true);
    } finally {
      await t.dispose();
    }
  });
});
