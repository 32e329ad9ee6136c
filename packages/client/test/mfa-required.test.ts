// login() and every call that signs in reject with TesseraMfaRequiredError when a second factor
// is due, carrying the challenge of the problem body.
import { describe, expect, it } from 'vitest';
import { TesseraHttpError, TesseraMfaRequiredError } from '../src/index.js';
import { jsonResponse, makeClient } from './support.js';

const CREDENTIALS = { email: 'ada@example.com', password: 'correct horse battery' };

function mfaRequired(extra: Record<string, unknown>): Response {
  const message = 'A second factor is required';
  return jsonResponse(
    401,
    {
      type: 'urn:tessera:problem:mfa_required',
      title: message,
      status: 401,
      detail: message,
      message,
      code: 'mfa_required',
      ...extra,
    },
    'application/problem+json; charset=utf-8',
  );
}

describe('login() and mfa_required', () => {
  it('rejects with TesseraMfaRequiredError exposing mfaToken and methods; stores nothing', async () => {
    const { client } = makeClient({}, () =>
      mfaRequired({ mfa_token: 'mfa-1', methods: ['webauthn', 'totp', 'recovery_code'] }),
    );
    const events: string[] = [];
    client.subscribe((_state, event) => events.push(event.type));
    const error = await client.login(CREDENTIALS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TesseraMfaRequiredError);
    expect(error).toBeInstanceOf(TesseraHttpError);
    expect(error).toMatchObject({
      name: 'TesseraMfaRequiredError',
      status: 401,
      code: 'mfa_required',
      message: 'A second factor is required',
      mfaToken: 'mfa-1',
      methods: ['totp', 'recovery_code', 'webauthn'],
    });
    expect(client.getToken()).toBeNull();
    expect(events).toEqual([]);
  });

  it('keeps only the methods it knows', async () => {
    const { client } = makeClient({}, () =>
      mfaRequired({ mfa_token: 'mfa-1', methods: ['totp', 'sms', 7] }),
    );
    const error = await client.login(CREDENTIALS).catch((caught: unknown) => caught);
    expect((error as TesseraMfaRequiredError).methods).toEqual(['totp']);
  });

  it('an mfa_required body without an mfa_token is a plain TesseraHttpError', async () => {
    const { client } = makeClient({}, () => mfaRequired({ methods: ['totp'] }));
    const error = await client.login(CREDENTIALS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TesseraHttpError);
    expect(error).not.toBeInstanceOf(TesseraMfaRequiredError);
  });

  it('resetPassword() rejects the same way when the account has a second factor', async () => {
    const { client } = makeClient({}, () => mfaRequired({ mfa_token: 'mfa-2', methods: ['totp'] }));
    await expect(client.resetPassword('reset-token', 'a new passphrase')).rejects.toMatchObject({
      mfaToken: 'mfa-2',
      methods: ['totp'],
    });
  });
});
