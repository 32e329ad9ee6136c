import { expectCleanLogs } from '../support/expect-clean-logs.js';
/**
 * `GET /api/health` (README.md): public liveness plus database reachability,
 * `{"status":"ok","database":"sqlite"|"postgres"}`. Plus G1, G4 and G6.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectNoEcho } from '../support/expect-problem.js';
import { PASSWORD, useTestApp } from '../support/test-app.js';

describe.each(await testEngines())('health on %s', (engine) => {
  const t = useTestApp(engine);
  /** Every password and token this file used: none may reach the log (G6). */
  const secrets = new Set<string>([PASSWORD]);

  /** Every request goes through here: G1 (never a 5xx) and G4 (no stack trace). */
  async function send(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await t().app.inject(options);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expectNoEcho(response);
    return response;
  }

  it('GET /api/health without a token → 200 {"status":"ok","database":engine}', async () => {
    const response = await send({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({ status: 'ok', database: engine, mail: 'not_configured' });
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  it.each([
    ['a garbage bearer token', 'Bearer not.a.token'],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
  ])('stays public with %s: 200, the header is not even read', async (_name, authorization) => {
    const response = await send({ url: '/api/health', headers: { authorization } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: engine, mail: 'not_configured' });
  });

  it('a valid token changes nothing', async () => {
    const token = t().tokenFor(t().alice);
    secrets.add(token);
    const response = await send({
      url: '/api/health',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.json()).toEqual({ status: 'ok', database: engine, mail: 'not_configured' });
  });

  it('GET /api/health/live and /api/health/ready without a token → 200 {"status":"ok"}', async () => {
    for (const url of ['/api/health/live', '/api/health/ready']) {
      const response = await send({ url, headers: { authorization: 'Bearer not.a.token' } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    }
  });

  it('HEAD /api/health → 200 with no body; POST → 404', async () => {
    const head = await send({ method: 'HEAD', url: '/api/health' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    const post = await send({ method: 'POST', url: '/api/health', payload: {} });
    expect(post.statusCode).toBe(404);
  });

  it('G1, G6: no 5xx or error line was logged, and no password or token reached the log', () => {
    const { logs } = t();
    expectCleanLogs(logs, [...secrets, 'YWRtaW46YWRtaW4=']);
  });
});
