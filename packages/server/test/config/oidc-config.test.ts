import { describe, expect, it } from 'vitest';
import { readConfig, resolveConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { GITHUB_ENDPOINTS } from '../../src/config/oidc-config.js';

/** Issue #15: sign-in providers from TESSERA_OIDC_<NAME>_* and the plugin's config. */
describe('sign-in provider settings (TESSERA_OIDC_*)', () => {
  it('has no provider and sign-up by provider off by default', () => {
    expect(readConfig({}, '/srv').oidc).toEqual({ providers: [], signup: false });
  });

  it('reads a provider by discovery, with defaults for scopes and label', () => {
    const { oidc } = readConfig(
      {
        TESSERA_OIDC_LOCAL_ISSUER: 'http://127.0.0.1:4000',
        TESSERA_OIDC_LOCAL_CLIENT_ID: 'tessera',
        TESSERA_OIDC_LOCAL_CLIENT_SECRET: 'secret',
        TESSERA_OIDC_LOCAL_REDIRECT_URIS: 'https://app.example.com/legacy/, http://localhost:8080/',
        TESSERA_OIDC_SIGNUP: 'true',
      },
      '/srv',
    );
    expect(oidc).toEqual({
      signup: true,
      providers: [
        {
          name: 'local',
          label: 'Local',
          kind: 'oidc',
          issuer: 'http://127.0.0.1:4000',
          clientId: 'tessera',
          clientSecret: 'secret',
          scopes: ['openid', 'email', 'profile'],
          redirectUris: ['https://app.example.com/legacy/', 'http://localhost:8080/'],
        },
      ],
    });
  });

  it('fills the Google and GitHub presets from the client id and secret alone', () => {
    const { oidc } = readConfig(
      {
        TESSERA_OIDC_GOOGLE_CLIENT_ID: 'g-id',
        TESSERA_OIDC_GOOGLE_CLIENT_SECRET: 'g-secret',
        TESSERA_OIDC_GITHUB_CLIENT_ID: 'gh-id',
        TESSERA_OIDC_GITHUB_CLIENT_SECRET: 'gh-secret',
        TESSERA_OIDC_GITHUB_LABEL: 'GitHub.com',
      },
      '/srv',
    );
    const byName = Object.fromEntries(oidc.providers.map((p) => [p.name, p]));
    expect(byName['google']).toMatchObject({
      kind: 'oidc',
      issuer: 'https://accounts.google.com',
      label: 'Google',
      scopes: ['openid', 'email', 'profile'],
    });
    expect(byName['github']).toMatchObject({
      kind: 'github',
      issuer: 'https://github.com',
      label: 'GitHub.com',
      scopes: ['read:user', 'user:email'],
      endpoints: GITHUB_ENDPOINTS,
    });
  });

  it('lets GitHub’s endpoints be overridden (the loopback stand-in of the tests)', () => {
    const { oidc } = readConfig(
      {
        TESSERA_OIDC_GITHUB_CLIENT_ID: 'gh-id',
        TESSERA_OIDC_GITHUB_AUTHORIZATION_URL: 'http://127.0.0.1:5000/login/oauth/authorize',
        TESSERA_OIDC_GITHUB_TOKEN_URL: 'http://127.0.0.1:5000/login/oauth/access_token',
        TESSERA_OIDC_GITHUB_API_URL: 'http://127.0.0.1:5000/api',
      },
      '/srv',
    );
    expect(oidc.providers[0]?.endpoints).toEqual({
      authorization: 'http://127.0.0.1:5000/login/oauth/authorize',
      token: 'http://127.0.0.1:5000/login/oauth/access_token',
      api: 'http://127.0.0.1:5000/api',
    });
  });

  it.each([
    ['http://idp.example.com'],
    ['http://10.0.0.1:8080'],
    ['http://127.0.0.1.evil.example'],
    ['ftp://127.0.0.1'],
    ['https://user:pw@idp.example.com'],
    ['not a url'],
  ])(
    'O13 refuses the issuer %s (http only on a loopback address), naming the variable',
    (issuer) => {
      const read = () =>
        readConfig({ TESSERA_OIDC_ACME_ISSUER: issuer, TESSERA_OIDC_ACME_CLIENT_ID: 'id' }, '/srv');
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(expect.objectContaining({ variable: 'TESSERA_OIDC_ACME_ISSUER' }));
    },
  );

  it.each([
    ['http://127.0.0.1:4000'],
    ['http://localhost:4000'],
    ['http://[::1]:4000'],
    ['https://idp.example.com'],
  ])('O13 accepts the issuer %s', (issuer) => {
    const { oidc } = readConfig(
      { TESSERA_OIDC_ACME_ISSUER: issuer, TESSERA_OIDC_ACME_CLIENT_ID: 'id' },
      '/srv',
    );
    expect(oidc.providers[0]?.issuer).toBe(issuer);
  });

  it('O13 refuses a plain http GitHub endpoint off loopback, and a plugin provider with an http issuer', () => {
    expect(() =>
      readConfig(
        {
          TESSERA_OIDC_GITHUB_CLIENT_ID: 'id',
          TESSERA_OIDC_GITHUB_TOKEN_URL: 'http://gh.example/t',
        },
        '/srv',
      ),
    ).toThrow(expect.objectContaining({ variable: 'TESSERA_OIDC_GITHUB_TOKEN_URL' }));
    expect(() =>
      resolveConfig({
        oidc: {
          signup: false,
          providers: [
            {
              name: 'acme',
              label: 'Acme',
              kind: 'oidc',
              issuer: 'http://idp.example.com',
              clientId: 'id',
              scopes: ['openid'],
              redirectUris: [],
            },
          ],
        },
      }),
    ).toThrow(ConfigError);
  });

  it.each([
    [{ TESSERA_OIDC_ACME_ISSUER: 'https://idp.example.com' }, 'TESSERA_OIDC_ACME_CLIENT_ID'],
    [{ TESSERA_OIDC_ACME_CLIENT_ID: 'id' }, 'TESSERA_OIDC_ACME_ISSUER'],
    [{ TESSERA_OIDC_SIGNUP: 'yes' }, 'TESSERA_OIDC_SIGNUP'],
    [{ TESSERA_OIDC_ACME_CLIENTID: 'id' }, 'TESSERA_OIDC_ACME_CLIENTID'],
    [
      {
        TESSERA_OIDC_ACME_ISSUER: 'https://idp.example.com',
        TESSERA_OIDC_ACME_CLIENT_ID: 'id',
        TESSERA_OIDC_ACME_TOKEN_URL: 'https://idp.example.com/token',
      },
      'TESSERA_OIDC_ACME_TOKEN_URL',
    ],
    [
      {
        TESSERA_OIDC_ACME_ISSUER: 'https://idp.example.com',
        TESSERA_OIDC_ACME_CLIENT_ID: 'id',
        TESSERA_OIDC_ACME_REDIRECT_URIS: 'http://app.example.com/',
      },
      'TESSERA_OIDC_ACME_REDIRECT_URIS',
    ],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => readConfig(env, '/srv')).toThrow(expect.objectContaining({ variable }));
  });

  it('refuses a provider name used twice in code', () => {
    const provider = {
      name: 'acme',
      label: 'Acme',
      kind: 'oidc' as const,
      issuer: 'https://idp.example.com',
      clientId: 'id',
      scopes: ['openid'],
      redirectUris: [],
    };
    expect(() =>
      resolveConfig({ oidc: { signup: false, providers: [provider, provider] } }),
    ).toThrow(ConfigError);
  });
});
