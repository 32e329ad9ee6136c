/** The session settings of issue #4: TESSERA_REFRESH_TRANSPORT, _TTL and _IDLE_TTL. */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/config/config-error.js';

describe('readConfig: refresh tokens and sessions', () => {
  it('defaults to the cookie transport, 30 days absolute and 7 days idle', () => {
    expect(readConfig({})).toMatchObject({
      refreshTransport: 'cookie',
      refreshTtlSeconds: 30 * 86_400,
      refreshIdleTtlSeconds: 7 * 86_400,
    });
  });

  it('reads the three variables', () => {
    expect(
      readConfig({
        TESSERA_REFRESH_TRANSPORT: 'body',
        TESSERA_REFRESH_TTL: '12h',
        TESSERA_REFRESH_IDLE_TTL: '3600',
      }),
    ).toMatchObject({
      refreshTransport: 'body',
      refreshTtlSeconds: 43_200,
      refreshIdleTtlSeconds: 3600,
    });
  });

  it.each([
    ['TESSERA_REFRESH_TRANSPORT', 'header'],
    ['TESSERA_REFRESH_TRANSPORT', 'Cookie'],
    ['TESSERA_REFRESH_TTL', '30 days'],
    ['TESSERA_REFRESH_TTL', '59s'],
    ['TESSERA_REFRESH_TTL', '366d'],
    ['TESSERA_REFRESH_IDLE_TTL', '0'],
    ['TESSERA_REFRESH_IDLE_TTL', '-1d'],
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
});
