/**
 * Request logging after the hot-path work: one access line per request with its request id and
 * a sanitized URL (G6), request.log lines created lazily but identical to Fastify's own child
 * logger (the request id bound, every redaction path applied).
 */
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { lazyChildLoggerFactory } from '../../src/http/lazy-request-logger.js';
import { loggerOptions } from '../../src/http/logger.js';
import { LogCapture } from '../support/log-capture.js';
import { useTestApp } from '../support/test-app.js';

function appLogger() {
  const capture = new LogCapture();
  const logger = pino(loggerOptions('trace'), capture);
  const request = (id: string) =>
    lazyChildLoggerFactory.call(undefined as never, logger, { reqId: id }, {}, undefined as never);
  return { capture, logger, request };
}

describe('lazy request logger', () => {
  it('makes no child logger for a request that never logs, one for a request that does', () => {
    const { logger, request } = appLogger();
    const child = vi.spyOn(logger, 'child');
    const quiet = request('req-1');
    expect(quiet.level).toBe('trace');
    expect(child).not.toHaveBeenCalled();
    const loud = request('req-2');
    loud.info('one');
    loud.warn('two');
    expect(child).toHaveBeenCalledTimes(1);
  });

  it('G6 binds the request id and applies every redaction path, as Fastify’s child does', () => {
    const { capture, request } = appLogger();
    const log = request('req-7');
    log.info({ body: { password: 'hunter2-secret', refresh_token: 'rt-secret' } }, 'login');
    log.child({ event: 'nested' }).error({ reply: { access_token: 'at-secret' } }, 'deeper');
    const [first, second] = capture.records();
    expect(first).toMatchObject({ reqId: 'req-7', msg: 'login', level: 30 });
    expect(first?.['body']).toEqual({ password: '[REDACTED]', refresh_token: '[REDACTED]' });
    expect(second).toMatchObject({ reqId: 'req-7', event: 'nested', level: 50 });
    expect(second?.['reply']).toEqual({ access_token: '[REDACTED]' });
    expect(capture.text).not.toMatch(/hunter2-secret|rt-secret|at-secret/);
  });

  it('takes a level for its own lines only', () => {
    const { capture, logger, request } = appLogger();
    const log = request('req-9');
    log.level = 'error';
    log.info('hidden');
    log.error('shown');
    logger.info('parent still at trace');
    expect(capture.records().map((record) => record['msg'])).toEqual([
      'shown',
      'parent still at trace',
    ]);
  });
});

describe('access lines', () => {
  const t = useTestApp('sqlite');

  it('G6 writes one line per request: request id, method, sanitized URL, status, time, address', async () => {
    const before = t().logs.records().length;
    const response = await t().app.inject({
      method: 'GET',
      url: '/api/auth/me?access_token=leaked-in-url&x=1',
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(response.statusCode).toBe(400);
    const lines = t()
      .logs.records()
      .slice(before)
      .filter((record) => record['msg'] === 'request');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 30,
      method: 'GET',
      url: '/api/auth/me?access_token=[REDACTED]&x=1',
      status: 400,
      ip: '127.0.0.1',
    });
    expect(typeof line?.['reqId']).toBe('string');
    expect(typeof line?.['ms']).toBe('number');
    expect(Object.keys(line ?? {})).not.toContain('headers');
    expect(t().logs.text).not.toContain('leaked-in-url');
    expect(t().logs.text).not.toContain('not-a-token');
  });

  it('gives each request its own id', async () => {
    const before = t().logs.records().length;
    for (let index = 0; index < 3; index += 1) {
      await t().app.inject({ method: 'GET', url: '/api/health' });
    }
    const ids = t()
      .logs.records()
      .slice(before)
      .filter((record) => record['msg'] === 'request')
      .map((record) => record['reqId']);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });
});
