/// <reference lib="dom" />
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, closeBrowser, openBrowser } from '../support/browser.js';
import { serveTessera, type ServedTessera } from '../support/server.js';

const ADMIN = {
  email: 'admin@example.com',
  name: 'Ada Admin',
  password: 'correct horse battery staple',
};

/** What a page-side API call answered. */
interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

function claimsOf(token: string): Record<string, unknown> {
  const [, payload = ''] = token.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * Passkeys end to end in Debian's Chromium against `tessera serve`, with the DevTools virtual
 * authenticator (CTAP 2.1, internal, resident keys, user verification): register a passkey,
 * log out, and log in with the passkey alone. The page is on http://localhost:<port> (a
 * browser refuses the RP ID 127.0.0.1), the server's default RP ID and origin; it drives the
 * real WebAuthn API (`navigator.credentials`, the browser's JSON helpers) and Tessera's HTTP API.
 */
describe.runIf(browserAvailable())(
  'N13 passkeys in Chromium with the virtual authenticator',
  () => {
    let server: ServedTessera;
    let browser: Awaited<ReturnType<typeof openBrowser>>;
    let page: Page;
    let cdp: CDPSession;
    let authenticatorId: string;
    let origin: string;

    beforeAll(async () => {
      server = await serveTessera();
      origin = `http://localhost:${new URL(server.baseUrl).port}`;
      browser = await openBrowser();
      page = await browser.context.newPage();
      // A blank page of the server's origin to run the ceremonies from (API answers forbid scripts).
      await page.route(`${origin}/passkey-lab`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>lab</title>' }),
      );
      await page.goto(`${origin}/passkey-lab`);
      cdp = await browser.context.newCDPSession(page);
      await cdp.send('WebAuthn.enable', { enableUI: false });
      ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          ctap2Version: 'ctap2_1',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      }));
    });

    afterAll(async () => {
      await closeBrowser(browser);
      await server.stop();
    });

    /** `fetch` from the page (its origin, its cookies). */
    const call = (method: string, path: string, token?: string, body?: unknown): Promise<Answer> =>
      page.evaluate(
        async ({ method, path, token, body }) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
          if (path === '/api/auth/logout') headers['x-tessera-csrf'] = '1';
          const response = await fetch(path, {
            method,
            headers,
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          return {
            status: response.status,
            body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
          };
        },
        { method, path, token, body },
      );

    /** Registration options → `navigator.credentials.create()` → `POST /api/auth/passkeys`. */
    const register = (token: string, name: string): Promise<Answer> =>
      page.evaluate(
        async ({ token, name }) => {
          const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
          const options = (await (
            await fetch('/api/auth/passkeys/options', { method: 'POST', headers, body: '{}' })
          ).json()) as PublicKeyCredentialCreationOptionsJSON;
          const credential = (await navigator.credentials.create({
            publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
          })) as PublicKeyCredential;
          const response = await fetch('/api/auth/passkeys', {
            method: 'POST',
            headers,
            body: JSON.stringify({ name, response: credential.toJSON() as unknown }),
          });
          return {
            status: response.status,
            body: (await response.json()) as Record<string, unknown>,
          };
        },
        { token, name },
      );

    /** Passwordless options → `navigator.credentials.get()` → `POST /api/auth/passkey/login`. */
    const passkeyLogin = (): Promise<Answer> =>
      page.evaluate(async () => {
        const headers = { 'content-type': 'application/json' };
        const { challenge_id, options } = (await (
          await fetch('/api/auth/passkey/options', { method: 'POST', headers, body: '{}' })
        ).json()) as { challenge_id: string; options: PublicKeyCredentialRequestOptionsJSON };
        const credential = (await navigator.credentials.get({
          publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
        })) as PublicKeyCredential;
        const response = await fetch('/api/auth/passkey/login', {
          method: 'POST',
          headers,
          body: JSON.stringify({ challenge_id, response: credential.toJSON() as unknown }),
        });
        return {
          status: response.status,
          body: (await response.json()) as Record<string, unknown>,
        };
      });

    const signCount = async (): Promise<number> => {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials[0]?.signCount ?? -1;
    };

    it('N13 register a passkey, log out, log in with the passkey alone', async () => {
      const token = new URL(server.setupLink).searchParams.get('token') ?? '';
      const setup = await call('POST', '/api/setup', undefined, { token, ...ADMIN });
      expect(setup.status).toBe(201);
      const passwordToken = String(setup.body['access_token']);

      const registered = await register(passwordToken, 'Virtual authenticator');
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      expect(registered.body).toMatchObject({ name: 'Virtual authenticator', last_used_at: null });
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
      expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
      const listed = await call('GET', '/api/auth/passkeys', passwordToken);
      expect(listed.body).toMatchObject([{ name: 'Virtual authenticator' }]);

      expect((await call('POST', '/api/auth/logout', passwordToken, {})).status).toBe(204);
      expect((await call('GET', '/api/auth/me', passwordToken)).status).toBe(401);

      const before = await signCount();
      const login = await passkeyLogin();
      expect(login.status, JSON.stringify(login.body)).toBe(200);
      const passkeyToken = String(login.body['access_token']);
      expect(claimsOf(passkeyToken)['amr']).toEqual(['webauthn']);
      const me = await call('GET', '/api/auth/me', passkeyToken);
      expect(me).toMatchObject({ status: 200, body: { email: ADMIN.email } });
      expect(await signCount()).toBeGreaterThan(before);
      const used = await call('GET', '/api/auth/passkeys', passkeyToken);
      expect(used.body).toMatchObject([{ last_used_at: expect.stringMatching(/^20/) as string }]);
    });

    it('N14 with a passkey, a password login asks for it as the second factor (amr pwd + webauthn)', async () => {
      const first = await call('POST', '/api/auth/login', undefined, {
        email: ADMIN.email,
        password: ADMIN.password,
      });
      expect(first).toMatchObject({
        status: 401,
        body: { code: 'mfa_required', methods: ['webauthn'] },
      });
      const second = await page.evaluate(async (mfaToken) => {
        const headers = { 'content-type': 'application/json' };
        const options = (await (
          await fetch('/api/auth/mfa/webauthn/options', {
            method: 'POST',
            headers,
            body: JSON.stringify({ mfa_token: mfaToken }),
          })
        ).json()) as PublicKeyCredentialRequestOptionsJSON;
        const credential = (await navigator.credentials.get({
          publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
        })) as PublicKeyCredential;
        const response = await fetch('/api/auth/mfa/verify', {
          method: 'POST',
          headers,
          body: JSON.stringify({
            mfa_token: mfaToken,
            method: 'webauthn',
            response: credential.toJSON() as unknown,
          }),
        });
        return {
          status: response.status,
          body: (await response.json()) as Record<string, unknown>,
        };
      }, String(first.body['mfa_token']));
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      expect(claimsOf(String(second.body['access_token']))['amr']).toEqual(['pwd', 'webauthn']);
    });

    it('N13 an answer without user verification or with a bogus signature does not log in', async () => {
      for (const bits of [{ isBadUV: true }, { isBogusSignature: true }]) {
        await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId, ...bits });
        const refused = await passkeyLogin();
        expect(refused, JSON.stringify(bits)).toMatchObject({
          status: 401,
          body: { code: 'passkey_rejected' },
        });
      }
      await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId });
      expect((await passkeyLogin()).status).toBe(200);
    });

    it('N13 a cloned passkey whose counter went back is refused', async () => {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      const [credential] = credentials;
      if (credential === undefined) throw new Error('no credential');
      await cdp.send('WebAuthn.removeCredential', {
        authenticatorId,
        credentialId: credential.credentialId,
      });
      await cdp.send('WebAuthn.addCredential', {
        authenticatorId,
        credential: { ...credential, signCount: 0 },
      });
      expect(await passkeyLogin()).toMatchObject({
        status: 401,
        body: { code: 'passkey_rejected' },
      });
    });
  },
);
