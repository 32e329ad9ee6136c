import { describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem.js';
import { testEngines } from '../support/engines.js';
import {
  loginOptions,
  PASSKEY_CONFIG,
  PASSKEY_ORIGIN,
  registerPasskey,
  submitLogin,
} from '../support/passkeys.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { useTestApp, type TestUser } from '../support/test-app.js';

describe.each(await testEngines())('managing passkeys on %s', (engine) => {
  const t = useTestApp(engine, { config: PASSKEY_CONFIG });
  let count = 0;
  const newUser = (): Promise<TestUser> => t().createUser(`manage${++count}@example.com`);
  const call = (
    user: TestUser,
    method: 'GET' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) =>
    t().app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${t().tokenFor(user)}` },
      ...(payload === undefined ? {} : { payload }),
    });

  it('N11 the owner renames a passkey; the name is checked like at registration', async () => {
    const user = await newUser();
    const id = await registerPasskey(t(), user, new SoftAuthenticator({ origin: PASSKEY_ORIGIN }));
    const renamed = await call(user, 'PATCH', `/api/auth/passkeys/${id}`, {
      name: ' Work laptop ',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id, name: 'Work laptop' });
    expect((await call(user, 'GET', '/api/auth/passkeys')).json()).toMatchObject([
      { id, name: 'Work laptop' },
    ]);
    for (const name of ['', ' ', 'x'.repeat(65), 'a\u0000b']) {
      expectProblem(
        await call(user, 'PATCH', `/api/auth/passkeys/${id}`, { name }),
        400,
        'validation_failed',
      );
    }
  });

  it("N11 another user's passkey is not found: not listed, renamed or removed (404), and still works", async () => {
    const [owner, other] = [await newUser(), await newUser()];
    const device = new SoftAuthenticator({ origin: PASSKEY_ORIGIN });
    const id = await registerPasskey(t(), owner, device);
    expect((await call(other, 'GET', '/api/auth/passkeys')).json()).toEqual([]);
    expectProblem(
      await call(other, 'PATCH', `/api/auth/passkeys/${id}`, { name: 'Mine now' }),
      404,
      'not_found',
    );
    expectProblem(await call(other, 'DELETE', `/api/auth/passkeys/${id}`), 404, 'not_found');
    expectProblem(await call(owner, 'DELETE', '/api/auth/passkeys/no-such-id'), 404, 'not_found');
    expect((await call(owner, 'GET', '/api/auth/passkeys')).json()).toMatchObject([
      { id, name: 'Laptop' },
    ]);
    const round = await loginOptions(t());
    expect((await submitLogin(t(), round.challenge_id, device.get(round.options))).statusCode).toBe(
      200,
    );
  });

  it('N11 a removed passkey no longer logs in; removing it twice is 404', async () => {
    const user = await newUser();
    const device = new SoftAuthenticator({ origin: PASSKEY_ORIGIN });
    const id = await registerPasskey(t(), user, device);
    const removed = await call(user, 'DELETE', `/api/auth/passkeys/${id}`);
    expect(removed.statusCode).toBe(204);
    expectProblem(await call(user, 'DELETE', `/api/auth/passkeys/${id}`), 404, 'not_found');
    const round = await loginOptions(t());
    expectProblem(
      await submitLogin(t(), round.challenge_id, device.get(round.options)),
      401,
      'passkey_rejected',
    );
  });

  it("N11 a deleted user's passkeys go with them", async () => {
    const user = await newUser();
    const device = new SoftAuthenticator({ origin: PASSKEY_ORIGIN });
    await registerPasskey(t(), user, device);
    expect(await t().app.tessera.users.delete(user.id)).toBe(true);
    const rows = await t()
      .app.tessera.database.db.selectFrom('webauthn_credentials')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toEqual([]);
    const round = await loginOptions(t());
    expectProblem(
      await submitLogin(t(), round.challenge_id, device.get(round.options)),
      401,
      'passkey_rejected',
    );
  });

  it("N11 an admin's reset of a lost second factor removes the user's passkeys; the login is one step again", async () => {
    const user = await newUser();
    const device = new SoftAuthenticator({ origin: PASSKEY_ORIGIN });
    await registerPasskey(t(), user, device);
    const login = () =>
      t().app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: user.password },
      });
    expectProblem(await login(), 401, 'mfa_required');
    const reset = await t().app.inject({
      method: 'DELETE',
      url: `/api/users/${user.id}/mfa`,
      headers: { authorization: `Bearer ${t().tokenFor(t().admin)}` },
    });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await login()).statusCode).toBe(200);
    const round = await loginOptions(t());
    expectProblem(
      await submitLogin(t(), round.challenge_id, device.get(round.options)),
      401,
      'passkey_rejected',
    );
  });

  it('N11 managing passkeys needs a token; at most 20 per user', async () => {
    for (const [method, url] of [
      ['GET', '/api/auth/passkeys'],
      ['PATCH', '/api/auth/passkeys/x'],
      ['DELETE', '/api/auth/passkeys/x'],
      ['POST', '/api/auth/passkeys'],
    ] as const) {
      const response = await t().app.inject({
        method,
        url,
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      });
      expect(response.statusCode).toBe(401);
    }
    const user = await newUser();
    for (let i = 0; i < 20; i += 1) {
      await registerPasskey(
        t(),
        user,
        new SoftAuthenticator({ origin: PASSKEY_ORIGIN }),
        `Key ${i}`,
      );
    }
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/auth/passkeys/options',
      headers: { authorization: `Bearer ${t().tokenFor(user)}` },
      payload: {},
    });
    expectProblem(response, 409, 'passkey_limit_reached');
  });
});
