import { describe, expect, it } from 'vitest';
import { readConfig, resolveConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { parseDurationSeconds } from '../../src/config/duration.js';

describe('readConfig', () => {
  it('has the documented defaults', () => {
    const config = readConfig({}, '/srv/app');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      dataDir: '/srv/app/data',
      databaseUrl: undefined,
      jwtSecret: undefined,
      issuer: 'tessera',
      audience: 'tessera-api',
      accessTtlSeconds: 900,
      publicUrl: undefined,
      logLevel: 'info',
      logRequests: true,
      logFlushMs: 250,
      requestTimeoutSeconds: 30,
      keepAliveTimeoutSeconds: 72,
      hashConcurrency: 3,
      hashQueueLimit: 32,
      webDir: undefined,
      redisUrl: undefined,
      redisPrefix: 'tessera:',
      smtpUrl: undefined,
      mailFrom: 'Tessera <no-reply@localhost>',
      resetTtlSeconds: 1800,
      invitationTtlSeconds: 604_800,
      verificationTtlSeconds: 86_400,
    });
    expect(readConfig({}, '/srv', { webDir: '/opt/web' }).webDir).toBe('/opt/web');
    expect(readConfig({ TESSERA_WEB_DIR: 'off' }, '/srv', { webDir: '/opt/web' }).webDir).toBe(
      undefined,
    );
    expect(readConfig({ TESSERA_WEB_DIR: 'site' }, '/srv').webDir).toBe('/srv/site');
  });

  it('reads every variable', () => {
    const config = readConfig(
      {
        HOST: '0.0.0.0',
        PORT: '8080',
        TESSERA_DATA_DIR: '/var/lib/tessera',
        DATABASE_URL: 'postgres://u@db/tessera',
        TESSERA_JWT_SECRET: 'q8Vn3xR2kLw9Zp5Tb7Hc1Mj4Yf6Gd0Sa',
        TESSERA_ISSUER: 'https://auth.example.com',
        TESSERA_AUDIENCE: 'https://api.example.com',
        TESSERA_ACCESS_TTL: '1d',
        TESSERA_PUBLIC_URL: 'https://app.example.com/',
        TESSERA_LOG_LEVEL: 'warn',
        TESSERA_LOG_REQUESTS: 'false',
        TESSERA_LOG_FLUSH_MS: '0',
        TESSERA_KEEP_ALIVE_TIMEOUT: '620',
        TESSERA_HASH_CONCURRENCY: '4',
        TESSERA_HASH_QUEUE_LIMIT: '0',
        TESSERA_REDIS_URL: 'rediss://:pw@cache.internal:6380/2',
        TESSERA_REDIS_PREFIX: 'shop:',
        TESSERA_SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
        TESSERA_MAIL_FROM: 'Shop <shop@example.com>',
        TESSERA_RESET_TTL: '1h',
        TESSERA_INVITATION_TTL: '14d',
        TESSERA_VERIFICATION_TTL: '2d',
      },
      '/',
    );
    expect(config).toMatchObject({
      smtpUrl: 'smtps://mailer:pw@smtp.example.com:465',
      mailFrom: 'Shop <shop@example.com>',
      resetTtlSeconds: 3600,
      invitationTtlSeconds: 14 * 86_400,
      verificationTtlSeconds: 2 * 86_400,
    });
    expect(config.redisUrl).toBe('rediss://:pw@cache.internal:6380/2');
    expect(config.redisPrefix).toBe('shop:');
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgres://u@db/tessera');
    expect(config.accessTtlSeconds).toBe(86_400);
    expect(config.publicUrl).toBe('https://app.example.com');
    expect(config.logRequests).toBe(false);
    expect(config.logFlushMs).toBe(0);
    expect(config.keepAliveTimeoutSeconds).toBe(620);
    expect(config.hashQueueLimit).toBe(0);
    expect(Buffer.from(config.jwtSecret ?? []).toString()).toBe('q8Vn3xR2kLw9Zp5Tb7Hc1Mj4Yf6Gd0Sa');
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://root@localhost/db'],
    ['DATABASE_URL', 'sqlite:./x.db'],
    ['TESSERA_ACCESS_TTL', '15 minutes'],
    ['TESSERA_ACCESS_TTL', '2d'],
    ['TESSERA_ACCESS_TTL', '0'],
    ['TESSERA_LOG_LEVEL', 'verbose'],
    ['TESSERA_LOG_REQUESTS', 'yes'],
    ['TESSERA_LOG_FLUSH_MS', '-1'],
    ['TESSERA_LOG_FLUSH_MS', '10001'],
    ['TESSERA_LOG_FLUSH_MS', '1s'],
    ['TESSERA_KEEP_ALIVE_TIMEOUT', '0'],
    ['TESSERA_KEEP_ALIVE_TIMEOUT', '72s'],
    ['TESSERA_HASH_CONCURRENCY', '0'],
    ['TESSERA_JWT_SECRET', 'secret'],
    ['TESSERA_REDIS_URL', '127.0.0.1:6379'],
    ['TESSERA_REDIS_URL', 'http://127.0.0.1:6379'],
    ['TESSERA_SMTP_URL', 'mail.example.com:25'],
    ['TESSERA_SMTP_URL', 'http://mail.example.com'],
    ['TESSERA_RESET_TTL', '30s'],
    ['TESSERA_RESET_TTL', '2d'],
    ['TESSERA_INVITATION_TTL', '31d'],
    ['TESSERA_VERIFICATION_TTL', 'soon'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    let thrown: unknown;
    try {
      readConfig({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(name);
    expect((thrown as ConfigError).message).toContain(name);
  });

  it.each([-1, 0.5, 10_001, Number.NaN])('refuses logFlushMs %s given in code', (value) => {
    expect(() => resolveConfig({ logFlushMs: value })).toThrow(
      'config.logFlushMs must be an integer from 0 to 10000',
    );
  });

  it.each([
    ['900', 900],
    ['30s', 30],
    ['15m', 900],
    ['12h', 43_200],
    ['1d', 86_400],
  ])('parses the duration %s', (text, seconds) => {
    expect(parseDurationSeconds(text, 'X')).toBe(seconds);
  });
});
