// The second step of a login and the signed-in user's TOTP and recovery codes, on the wire.
import { describe, expect, it } from 'vitest';
import { API, jsonResponse, makeClient, validToken, type RecordedCall } from './support.js';

const bodyOf = (call: RecordedCall | undefined): unknown => JSON.parse(call?.body ?? 'null');
const CODES = Array.from({ length: 10 }, (_, index) => `code-${index}`);

function signedIn(responder: (call: RecordedCall) => Response) {
  const token = validToken();
  const made = makeClient({}, responder);
  made.client.setToken(token);
  return { ...made, token };
}

describe('completeMfa({ mfaToken, method, code })', () => {
  it('POSTs {mfa_token, method, code} without a token and signs in like login()', async () => {
    const token = validToken({ amr: ['pwd', 'otp'] });
    const { client, calls } = makeClient({}, () =>
      jsonResponse(200, { access_token: token, token_type: 'Bearer', expires_in: 900 }),
    );
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    await client.completeMfa({ mfaToken: 'mfa-1', method: 'recovery_code', code: 'abcd-efgh' });
    expect(calls[0]).toMatchObject({
      url: `${API}/api/auth/mfa/verify`,
      method: 'POST',
      credentials: 'same-origin',
    });
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(bodyOf(calls[0])).toEqual({
      mfa_token: 'mfa-1',
      method: 'recovery_code',
      code: 'abcd-efgh',
    });
    expect(client.getToken()).toBe(token);
    expect(events).toEqual(['login']);
  });

  it('an empty mfaToken is a TypeError', async () => {
    const { client, calls } = makeClient();
    await expect(
      client.completeMfa({ mfaToken: '', method: 'totp', code: '123456' }),
    ).rejects.toThrow(TypeError);
    expect(calls).toEqual([]);
  });
});

describe('TOTP and recovery codes of the signed-in user', () => {
  it('mfaStatus GETs /api/auth/mfa with the bearer token', async () => {
    const status = { totp: true, recovery_codes_remaining: 9, passkeys: 1, required: false };
    const { client, calls, token } = signedIn(() => jsonResponse(200, status));
    await expect(client.mfaStatus()).resolves.toEqual(status);
    expect(calls[0]).toMatchObject({ url: `${API}/api/auth/mfa`, method: 'GET' });
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
  });

  it('startTotpEnrolment, confirmTotp and regenerateRecoveryCodes POST what the server needs', async () => {
    const enrolment = {
      secret: 'JBSWY3DPEHPK3PXP',
      otpauth_uri: 'otpauth://totp/x',
      qr_svg: '<svg/>',
    };
    const { client, calls, token } = signedIn((call) =>
      call.url.endsWith('/totp')
        ? jsonResponse(200, enrolment)
        : jsonResponse(200, { recovery_codes: CODES }),
    );
    await expect(client.startTotpEnrolment('the passphrase')).resolves.toEqual(enrolment);
    await expect(client.confirmTotp('123456')).resolves.toEqual({ recovery_codes: CODES });
    await expect(client.regenerateRecoveryCodes('the passphrase')).resolves.toEqual({
      recovery_codes: CODES,
    });
    expect(calls.map((call) => [call.method, call.url.slice(API.length), bodyOf(call)])).toEqual([
      ['POST', '/api/auth/mfa/totp', { current_password: 'the passphrase' }],
      ['POST', '/api/auth/mfa/totp/confirm', { code: '123456' }],
      ['POST', '/api/auth/mfa/recovery-codes', { current_password: 'the passphrase' }],
    ]);
    expect(calls.every((call) => call.headers.get('authorization') === `Bearer ${token}`)).toBe(
      true,
    );
  });

  it('disableTotp sends the password or the code, whichever proves it', async () => {
    const { client, calls } = signedIn(() => new Response(null, { status: 204 }));
    await expect(
      client.disableTotp({ currentPassword: 'the passphrase' }),
    ).resolves.toBeUndefined();
    await client.disableTotp({ code: '654321' });
    expect(calls.map((call) => [call.url.slice(API.length), bodyOf(call)])).toEqual([
      ['/api/auth/mfa/totp/disable', { current_password: 'the passphrase' }],
      ['/api/auth/mfa/totp/disable', { code: '654321' }],
    ]);
  });
});
