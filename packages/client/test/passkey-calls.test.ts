// Passkey management on the wire. The WebAuthn ceremonies themselves run in Chromium with a
// virtual authenticator (e2e/tests); here, under Node, the browser API is missing, so a ceremony
// fails before anything is registered or anyone is signed in.
import { describe, expect, it } from 'vitest';
import { TesseraHttpError } from '../src/index.js';
import { API, jsonResponse, makeClient, validToken, type RecordedCall } from './support.js';

const PASSKEY = {
  id: 'pk1',
  name: 'Laptop',
  created_at: '2026-01-01T00:00:00.000Z',
  last_used_at: null,
  backed_up: false,
};
const bodyOf = (call: RecordedCall | undefined): unknown => JSON.parse(call?.body ?? 'null');

function signedIn(responder: (call: RecordedCall) => Response) {
  const token = validToken();
  const made = makeClient({}, responder);
  made.client.setToken(token);
  return { ...made, token };
}

describe('listPasskeys, renamePasskey, removePasskey', () => {
  it('GET, PATCH and DELETE /api/auth/passkeys[/:id] with the bearer token', async () => {
    const { client, calls, token } = signedIn((call) =>
      call.method === 'GET'
        ? jsonResponse(200, [PASSKEY])
        : call.method === 'PATCH'
          ? jsonResponse(200, { ...PASSKEY, name: 'Phone' })
          : new Response(null, { status: 204 }),
    );
    await expect(client.listPasskeys()).resolves.toEqual([PASSKEY]);
    await expect(client.renamePasskey('pk/1', 'Phone')).resolves.toMatchObject({ name: 'Phone' });
    await expect(client.removePasskey('pk1')).resolves.toBeUndefined();
    expect(calls.map((call) => [call.method, call.url.slice(API.length), call.body])).toEqual([
      ['GET', '/api/auth/passkeys', null],
      ['PATCH', '/api/auth/passkeys/pk%2F1', '{"name":"Phone"}'],
      ['DELETE', '/api/auth/passkeys/pk1', null],
    ]);
    expect(calls.every((call) => call.headers.get('authorization') === `Bearer ${token}`)).toBe(
      true,
    );
  });

  it('a list that is not an array is a TesseraHttpError; an empty id a TypeError', async () => {
    const { client } = signedIn(() => jsonResponse(200, { passkeys: [] }));
    await expect(client.listPasskeys()).rejects.toBeInstanceOf(TesseraHttpError);
    await expect(client.removePasskey('')).rejects.toThrow(TypeError);
  });
});

describe('the ceremonies outside a browser', () => {
  it('registerPasskey asks for options with the token, then registers nothing', async () => {
    const { client, calls, token } = signedIn(() => jsonResponse(200, { challenge: 'c' }));
    await expect(client.registerPasskey('Laptop')).rejects.toThrow(/WebAuthn/);
    expect(calls.map((call) => call.url.slice(API.length))).toEqual(['/api/auth/passkeys/options']);
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
  });

  it('registerPasskey sends the current password when given (a login older than 5 minutes)', async () => {
    const { client, calls } = signedIn(() => jsonResponse(200, { challenge: 'c' }));
    await expect(client.registerPasskey('Laptop', 'the passphrase')).rejects.toThrow(/WebAuthn/);
    expect(bodyOf(calls[0])).toEqual({ current_password: 'the passphrase' });
    const plain = signedIn(() => jsonResponse(200, { challenge: 'c' }));
    await expect(plain.client.registerPasskey('Laptop')).rejects.toThrow(/WebAuthn/);
    expect(bodyOf(plain.calls[0])).toEqual({});
  });

  it('loginWithPasskey asks for public options, and signs nobody in', async () => {
    const { client, calls } = makeClient({}, () =>
      jsonResponse(200, { challenge_id: 'ch1', options: { challenge: 'c' } }),
    );
    await expect(client.loginWithPasskey()).rejects.toThrow(/WebAuthn/);
    expect(calls.map((call) => call.url.slice(API.length))).toEqual(['/api/auth/passkey/options']);
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(client.getToken()).toBeNull();
  });

  it('loginWithPasskey refuses options without a challenge_id', async () => {
    const { client } = makeClient({}, () => jsonResponse(200, { challenge: 'c' }));
    await expect(client.loginWithPasskey()).rejects.toBeInstanceOf(TesseraHttpError);
  });

  it('completeMfaWithPasskey sends the mfa_token for options, without a token', async () => {
    const { client, calls } = makeClient({}, () => jsonResponse(200, { challenge: 'c' }));
    await expect(client.completeMfaWithPasskey('mfa-1')).rejects.toThrow(/WebAuthn/);
    expect(calls[0]?.url).toBe(`${API}/api/auth/mfa/webauthn/options`);
    expect(bodyOf(calls[0])).toEqual({ mfa_token: 'mfa-1' });
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(client.getToken()).toBeNull();
  });
});
