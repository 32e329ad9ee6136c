// The account calls on the wire: password reset, email verification, invitations. The calls of a
// mailed link carry no token; the ones that sign in store the token exactly like login().
import { describe, expect, it } from 'vitest';
import type { AuthEvent } from '../src/index.js';
import {
  API,
  jsonResponse,
  makeClient,
  problem,
  validToken,
  type RecordedCall,
} from './support.js';

const USER = { id: 7, email: 'ada@example.com', name: 'Ada', is_email_verified: true };

function tokenResponse(token: string, extra: Record<string, unknown> = {}): Response {
  return jsonResponse(200, {
    token,
    access_token: token,
    token_type: 'Bearer',
    expires_in: 900,
    scope: 'profile:read',
    ...extra,
  });
}

const bodyOf = (call: RecordedCall | undefined): unknown => JSON.parse(call?.body ?? 'null');

describe('forgotPassword(email)', () => {
  it('POSTs {email} without the token, and resolves with nothing on 202', async () => {
    const { client, calls } = makeClient({}, () =>
      jsonResponse(202, { message: 'Check your mail' }),
    );
    client.setToken(validToken());
    await expect(client.forgotPassword('ada@example.com')).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ url: `${API}/api/auth/password/forgot`, method: 'POST' });
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(bodyOf(calls[0])).toEqual({ email: 'ada@example.com' });
  });

  it('rejects with the server code (429 rate_limited)', async () => {
    const { client } = makeClient({}, () => problem('rate_limited', 429, 'Too many requests'));
    await expect(client.forgotPassword('ada@example.com')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
  });
});

describe('resetPassword(token, newPassword)', () => {
  it('POSTs {token, new_password} without a token, then signs in like login()', async () => {
    const token = validToken({ sub: '7' });
    const { client, calls } = makeClient({}, () => tokenResponse(token));
    const events: AuthEvent[] = [];
    client.subscribe((_state, event) => events.push(event));
    const response = await client.resetPassword('reset-token', 'a new long passphrase');
    expect(calls[0]).toMatchObject({
      url: `${API}/api/auth/password/reset`,
      method: 'POST',
      credentials: 'same-origin',
    });
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(bodyOf(calls[0])).toEqual({
      token: 'reset-token',
      new_password: 'a new long passphrase',
    });
    expect(response.access_token).toBe(token);
    expect(client.getToken()).toBe(token);
    expect(events).toEqual([{ type: 'login' }]);
  });

  it('with refresh cookies on another origin, sends credentials so the cookie is stored', async () => {
    const { client, calls } = makeClient(
      { refresh: { transport: 'cookie', crossTab: false } },
      () => tokenResponse(validToken()),
    );
    await client.resetPassword('reset-token', 'a new long passphrase');
    expect(calls[0]?.credentials).toBe('include');
    client.dispose();
  });

  it('with the body transport, keeps the refresh token to itself', async () => {
    const { client } = makeClient({ refresh: { transport: 'body', crossTab: false } }, () =>
      tokenResponse(validToken(), { refresh_token: 'rt-secret' }),
    );
    const response = await client.resetPassword('reset-token', 'a new long passphrase');
    expect(response).not.toHaveProperty('refresh_token');
    client.dispose();
  });

  it('an invalid token: rejects with reset_token_invalid and stores nothing', async () => {
    const { client } = makeClient({}, () =>
      problem('validation_failed', 400, 'This link is invalid or has expired'),
    );
    await expect(client.resetPassword('used', 'a new long passphrase')).rejects.toMatchObject({
      status: 400,
    });
    expect(client.getToken()).toBeNull();
  });

  it('an empty token is a TypeError, and nothing is sent', async () => {
    const { client, calls } = makeClient();
    await expect(client.resetPassword('', 'a new long passphrase')).rejects.toThrow(TypeError);
    expect(calls).toEqual([]);
  });
});

describe('verifyEmail(token)', () => {
  it('POSTs {token} without the token of the session and resolves with the user', async () => {
    const { client, calls } = makeClient({}, () => jsonResponse(200, USER));
    client.setToken(validToken());
    await expect(client.verifyEmail('verify-token')).resolves.toEqual(USER);
    expect(calls[0]).toMatchObject({ url: `${API}/api/auth/email/verify`, method: 'POST' });
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(bodyOf(calls[0])).toEqual({ token: 'verify-token' });
  });

  it('an empty token is a TypeError', async () => {
    const { client } = makeClient();
    await expect(client.verifyEmail('')).rejects.toThrow(TypeError);
  });
});

describe('the signed-in user: resendVerification() and changeEmail()', () => {
  it('resendVerification POSTs with the bearer token', async () => {
    const token = validToken();
    const { client, calls } = makeClient({}, () => jsonResponse(202, { message: 'Sent' }));
    client.setToken(token);
    await expect(client.resendVerification()).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ url: `${API}/api/auth/email/verification`, method: 'POST' });
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
  });

  it('changeEmail POSTs {new_email, current_password} with the bearer token', async () => {
    const token = validToken();
    const { client, calls } = makeClient({}, () => jsonResponse(202, { message: 'Sent' }));
    client.setToken(token);
    await client.changeEmail('ada@new.example', 'the passphrase');
    expect(calls[0]).toMatchObject({ url: `${API}/api/auth/email`, method: 'POST' });
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(bodyOf(calls[0])).toEqual({
      new_email: 'ada@new.example',
      current_password: 'the passphrase',
    });
  });

  it('a wrong current password keeps the session', async () => {
    const token = validToken();
    const { client } = makeClient({}, () =>
      problem('invalid_credentials', 401, 'Invalid email or password'),
    );
    client.setToken(token);
    await expect(client.changeEmail('ada@new.example', 'wrong')).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(client.getToken()).toBe(token);
  });
});

describe('acceptInvitation(token, password)', () => {
  it('POSTs {token, password} and signs in like login()', async () => {
    const token = validToken({ sub: '9' });
    const { client, calls } = makeClient({}, () => tokenResponse(token));
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    await client.acceptInvitation('invite-token', 'my first passphrase');
    expect(calls[0]).toMatchObject({ url: `${API}/api/auth/invitation/accept`, method: 'POST' });
    expect(calls[0]?.headers.has('authorization')).toBe(false);
    expect(bodyOf(calls[0])).toEqual({ token: 'invite-token', password: 'my first passphrase' });
    expect(client.getPayload()?.sub).toBe('9');
    expect(events).toEqual(['login']);
  });

  it('a response without a token is an error and stores nothing', async () => {
    const { client } = makeClient({}, () => jsonResponse(200, { ok: true }));
    await expect(client.acceptInvitation('invite-token', 'pw')).rejects.toMatchObject({
      name: 'TesseraHttpError',
    });
    expect(client.getToken()).toBeNull();
  });
});
