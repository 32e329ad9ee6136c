/**
 * TESSERA_USER_CACHE_TTL (issue #6) and the allocation-free scope check of the guard.
 */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { AccessPolicy } from '../../src/access/access-policy.js';

const policy = AccessPolicy.create();
const isScopeGranted = (scope: string, role: string, list: string): boolean =>
  policy.isGranted(scope, role, list);

describe('TESSERA_USER_CACHE_TTL', () => {
  it('defaults to 1 s', () => {
    expect(readConfig({}).userCacheTtlSeconds).toBe(1);
  });

  it.each([
    ['0', 0],
    ['500ms', 0.5],
    ['1s', 1],
    ['2', 2],
    ['60s', 60],
    ['60000ms', 60],
  ])('reads %s as %d s', (value, seconds) => {
    expect(readConfig({ TESSERA_USER_CACHE_TTL: value }).userCacheTtlSeconds).toBe(seconds);
  });

  it.each(['61s', '-1', '1.5s', '1m', 'soon', ' 1s', '999999'])(
    'refuses %j naming the variable',
    (value) => {
      let thrown: unknown;
      try {
        readConfig({ TESSERA_USER_CACHE_TTL: value });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).variable).toBe('TESSERA_USER_CACHE_TTL');
    },
  );
});

describe('isScopeGranted without split', () => {
  const lists = [
    '',
    ' ',
    'users:read',
    'users:read users:write',
    'users:readx users:write',
    'xusers:read',
    'profile:read  users:read',
    'users:read ',
    ' users:read',
    'users:write users:read:extra',
    'users:read\tusers:write',
  ];
  it.each(lists)('agrees with split(" ").includes for %j', (list) => {
    for (const scope of ['users:read', 'users:write', 'profile:read', 'profile:write'] as const) {
      expect(isScopeGranted(scope, 'admin', list)).toBe(list.split(' ').includes(scope));
    }
  });

  it('still requires the role to grant the scope', () => {
    expect(isScopeGranted('users:read', 'user', 'users:read')).toBe(false);
  });
});
