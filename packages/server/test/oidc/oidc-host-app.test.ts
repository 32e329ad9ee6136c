import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { tessera, type OidcProviderConfig } from '../../src/index.js';
import { createTestTarget } from '../support/engines.js';
import { LogCapture } from '../support/log-capture.js';
import {
  CALLBACK_URI,
  claimsOf,
  flowCookieOf,
  fragmentOf,
  PUBLIC_URL,
  SATELLIZER_PAGE,
} from '../support/oidc-flow.js';
import { driveLogin, startTestProvider } from '../support/oidc-provider.js';
import { K } from '../token/support.js';

const op = await startTestProvider({ redirectUris: [CALLBACK_URI, SATELLIZER_PAGE] });
afterAll(async () => {
  await op.close();
});

/** Issue #15: a host Fastify app gets sign-in by provider through the public plugin API alone. */
describe('sign-in by provider in a host app', () => {
  it('signs a user up and in through the plugin registered with config.oidc', async () => {
    const target = await createTestTarget('sqlite');
    const provider: OidcProviderConfig = {
      name: 'local',
      label: 'Local',
      kind: 'oidc',
      issuer: op.issuer,
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      scopes: ['openid', 'email', 'profile'],
      redirectUris: [],
    };
    const app = Fastify({ logger: { level: 'info', stream: new LogCapture() } });
    await app.register(tessera, {
      config: {
        dataDir: target.dataDir,
        jwtSecret: new Uint8Array(K),
        publicUrl: PUBLIC_URL,
        loginThrottle: false,
        oidc: { providers: [provider], signup: true },
      },
    });
    await app.ready();
    try {
      expect(app.tessera.oidc.providers.map((p) => p.name)).toEqual(['local']);
      const providers = await app.inject({ method: 'GET', url: '/api/auth/providers' });
      expect(providers.json()).toEqual({ providers: [{ name: 'local', label: 'Local' }] });
      const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/local/start' });
      expect(start.statusCode).toBe(302);
      const back = await driveLogin(String(start.headers.location), 'hostuser', CALLBACK_URI);
      const answer = await app.inject({
        method: 'GET',
        url: `${back.pathname}${back.search}`,
        cookies: { tessera_oidc: flowCookieOf(start) ?? '' },
      });
      const ticket = fragmentOf(answer).get('ticket') ?? '';
      const session = await app.inject({
        method: 'POST',
        url: '/api/auth/oidc/complete',
        payload: { ticket },
      });
      expect(session.statusCode, session.body).toBe(200);
      expect(claimsOf(session.json<{ access_token: string }>().access_token)['amr']).toEqual([
        'oidc',
      ]);
    } finally {
      await app.close();
      await target.dispose();
    }
  });
});
