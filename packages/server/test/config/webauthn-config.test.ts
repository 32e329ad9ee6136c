import { describe, expect, it } from 'vitest';
import { readConfig, resolveConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { relyingPartyOf } from '../../src/webauthn/relying-party.js';

const listening = (port: number) => () => ({ address: '127.0.0.1', family: 'IPv4', port });

describe('passkey settings (TESSERA_WEBAUTHN_*)', () => {
  it('default to the public URL, else localhost and the listening port', () => {
    const plain = readConfig({}, '/srv');
    expect(plain).toMatchObject({
      webauthnRpId: undefined,
      webauthnOrigins: [],
      webauthnRpName: 'Tessera',
    });
    const local = relyingPartyOf(plain, listening(8123));
    expect(local()).toEqual({
      id: 'localhost',
      name: 'Tessera',
      origins: ['http://localhost:8123'],
    });
    // Not listening yet (inject): no origin is accepted.
    expect(relyingPartyOf(plain, () => null)().origins).toEqual([]);
    const hosted = readConfig({ TESSERA_PUBLIC_URL: 'https://auth.example.com/app/' }, '/srv');
    expect(relyingPartyOf(hosted, listening(1))()).toEqual({
      id: 'auth.example.com',
      name: 'Tessera',
      origins: ['https://auth.example.com'],
    });
  });

  it('reads every variable', () => {
    const config = readConfig(
      {
        TESSERA_WEBAUTHN_RP_ID: 'example.com',
        TESSERA_WEBAUTHN_ORIGINS: 'https://example.com, https://app.example.com:8443',
        TESSERA_WEBAUTHN_RP_NAME: 'Example Shop',
      },
      '/srv',
    );
    expect(relyingPartyOf(config, listening(1))()).toEqual({
      id: 'example.com',
      name: 'Example Shop',
      origins: ['https://example.com', 'https://app.example.com:8443'],
    });
  });

  it.each([
    [{ TESSERA_WEBAUTHN_RP_ID: 'https://example.com' }, 'TESSERA_WEBAUTHN_RP_ID'],
    [{ TESSERA_WEBAUTHN_RP_ID: 'example.com:443' }, 'TESSERA_WEBAUTHN_RP_ID'],
    [{ TESSERA_WEBAUTHN_RP_ID: '127.0.0.1' }, 'TESSERA_WEBAUTHN_RP_ID'],
    [{ TESSERA_WEBAUTHN_RP_ID: 'Example.com' }, 'TESSERA_WEBAUTHN_RP_ID'],
    [{ TESSERA_WEBAUTHN_ORIGINS: 'https://example.com/' }, 'TESSERA_WEBAUTHN_ORIGINS'],
    [{ TESSERA_WEBAUTHN_ORIGINS: 'example.com' }, 'TESSERA_WEBAUTHN_ORIGINS'],
    [{ TESSERA_WEBAUTHN_ORIGINS: 'ftp://example.com' }, 'TESSERA_WEBAUTHN_ORIGINS'],
    [
      { TESSERA_WEBAUTHN_RP_ID: 'example.com', TESSERA_WEBAUTHN_ORIGINS: 'https://example.org' },
      'TESSERA_WEBAUTHN_ORIGINS',
    ],
    [
      { TESSERA_WEBAUTHN_RP_ID: 'example.com', TESSERA_WEBAUTHN_ORIGINS: 'https://badexample.com' },
      'TESSERA_WEBAUTHN_ORIGINS',
    ],
    [{ TESSERA_WEBAUTHN_RP_NAME: 'x'.repeat(65) }, 'TESSERA_WEBAUTHN_RP_NAME'],
    [{ TESSERA_WEBAUTHN_RP_NAME: 'a\nb' }, 'TESSERA_WEBAUTHN_RP_NAME'],
  ])('refuses %o, naming %s', (env, variable) => {
    expect(() => readConfig(env, '/srv')).toThrow(ConfigError);
    expect(() => readConfig(env, '/srv')).toThrow(variable);
  });

  it('checks settings given in code like the variables', () => {
    expect(() => resolveConfig({ webauthnRpId: 'http://x' })).toThrow('config.webauthnRpId');
    expect(() => resolveConfig({ webauthnOrigins: ['https://x.com/'] })).toThrow(
      'config.webauthnOrigins',
    );
    expect(() => resolveConfig({ webauthnRpName: '' })).toThrow('config.webauthnRpName');
    expect(
      resolveConfig({ webauthnRpId: 'example.com', webauthnOrigins: ['https://a.example.com'] })
        .webauthnOrigins,
    ).toEqual(['https://a.example.com']);
  });
});
