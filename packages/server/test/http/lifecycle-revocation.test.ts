/**
 * SECURITY.md §2.6, revocation (D7, §1.E): L01, L02 and L14 (deleted or disabled user), L03 (a
 * password change ends the other sessions, also within the same second), L05 (logout), L06
 * (logout everywhere; an admin ends a user's sessions), L07 (a demotion answers 403 at once).
 * Revocation is keyed on the session id, so it holds for remembered (already verified) tokens
 * and for a token re-encoded differently.
 */
import type { UserDto } from '@tessera/protocol';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { expectTokenAccepted, expectTokenRefused } from '../support/hostile.js';
import {
  cookieValue,
  decodeJwtPayload,
  expectRefreshRefused,
  login,
  probeStatus,
  refreshWithCookie,
  rotate,
  SAME_ORIGIN,
  Secrets,
  type Held,
} from '../support/lifecycle.js';
import { useTestApp, type TestApp, type TestUser } from '../support/test-app.js';

const NEW_PASSWORD = 'a brand new passphrase';

function bearer(access: string): Record<string, string> {
  return { authorization: `Bearer ${access}` };
}

/** `POST /api/auth/password` as the client sends it in cookie transport. */
function changePassword(
  t: TestApp,
  held: Held,
  body: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: { ...SAME_ORIGIN, ...bearer(held.access), cookie: `tessera_rt=${held.refresh}` },
    payload: body,
  });
}

describe.each(await testEngines())('revocation on %s', (engine) => {
  const t = useTestApp(engine);
  const secrets = new Secrets();
  afterAll(() => secrets.expectNotLogged(t()));
  let serial = 0;
  const fresh = (role: 'user' | 'admin' = 'user'): Promise<TestUser> =>
    t().createUser(`revoked-${(serial += 1)}-${engine}@example.com`, role);
  const asAdmin = (method: 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t().app.inject({
      method,
      url,
      headers: bearer(t().tokenFor(t().admin)),
      ...(payload === undefined ? {} : { payload }),
    });

  describe('L01 L02 L14 deleted or disabled user', () => {
    it('L01 admin deletes the user: the (remembered) access token → R401i on the next request, never 404 or 500', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      await expectTokenAccepted(t(), held.access, user); // now remembered as verified
      expect((await asAdmin('DELETE', `/api/users/${user.id}`)).statusCode).toBe(204);
      await expectTokenRefused(t(), held.access);
    });

    it('L14 refresh after the user was deleted → 401', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      expect((await asAdmin('DELETE', `/api/users/${user.id}`)).statusCode).toBe(204);
      expectRefreshRefused(await refreshWithCookie(t(), held.refresh), held.refresh);
    });

    it('L02 admin disables the user: access → R401i at once, refresh → 401; re-enabling does not revive the session', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      await expectTokenAccepted(t(), held.access, user);
      const disabled = await asAdmin('PATCH', `/api/users/${user.id}`, { is_enabled: false });
      expect(disabled.json<UserDto>().is_enabled).toBe(false);
      await expectTokenRefused(t(), held.access);
      expect(
        (await asAdmin('PATCH', `/api/users/${user.id}`, { is_enabled: true })).statusCode,
      ).toBe(200);
      await expectTokenRefused(t(), held.access);
      expectRefreshRefused(await refreshWithCookie(t(), held.refresh), held.refresh);
      secrets.addHeld(await login(t(), user)); // a new login works
    });

    it('L14 refresh after the user was disabled (through the store, as `tessera user disable`) → 401', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      await t().app.tessera.users.update(user.id, { isEnabled: false });
      expectRefreshRefused(await refreshWithCookie(t(), held.refresh), held.refresh);
      await expectTokenRefused(t(), held.access);
    });
  });

  describe('L03 password change ends the other sessions', () => {
    it('L03 device A changes the password: A gets a new token and cookie; B’s access token (issued the same second) → R401i; B’s refresh → 401', async () => {
      const user = await fresh();
      const a = secrets.addHeld(await login(t(), user, { headers: { 'user-agent': 'device A' } }));
      const b = secrets.addHeld(await login(t(), user, { headers: { 'user-agent': 'device B' } }));
      // The clock is pinned: T2 is issued within the same second as the change (no iat rule).
      expect(decodeJwtPayload(b.access)['iat']).toBe(decodeJwtPayload(a.access)['iat']);
      await expectTokenAccepted(t(), b.access, user);

      const changed = await changePassword(t(), a, {
        current_password: user.password,
        new_password: NEW_PASSWORD,
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.headers['cache-control']).toBe('no-store');
      const next = changed.json<{ access_token: string }>().access_token;
      const nextRefresh = cookieValue(changed) ?? '';
      secrets.add(next, nextRefresh);
      expect(nextRefresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(decodeJwtPayload(next)['sid']).toBe(decodeJwtPayload(a.access)['sid']);

      await expectTokenAccepted(t(), next, user);
      await expectTokenAccepted(t(), a.access, user); // A's session goes on
      await expectTokenRefused(t(), b.access);
      expectRefreshRefused(await refreshWithCookie(t(), b.refresh), b.refresh);
      // A's previous refresh token was replaced (not used): it is refused without revoking A.
      expectRefreshRefused(await refreshWithCookie(t(), a.refresh), a.refresh);
      secrets.addHeld(await rotate(t(), nextRefresh));

      expectProblem(
        await t().app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: user.email, password: user.password },
        }),
        401,
        'invalid_credentials',
      );
      secrets.addHeld(await login(t(), { ...user, password: NEW_PASSWORD }));
    });

    it('L14 refresh after a password change (of another session) → 401', async () => {
      const user = await fresh();
      const a = secrets.addHeld(await login(t(), user));
      const b = secrets.addHeld(await login(t(), user));
      const changed = await changePassword(t(), a, {
        current_password: user.password,
        new_password: NEW_PASSWORD,
      });
      expect(changed.statusCode).toBe(200);
      secrets.add(changed.json<{ access_token: string }>().access_token, cookieValue(changed));
      expectRefreshRefused(await refreshWithCookie(t(), b.refresh), b.refresh);
    });

    it('L03 a wrong current password → 401 invalid_credentials, and nothing ends', async () => {
      const user = await fresh();
      const a = secrets.addHeld(await login(t(), user));
      const b = secrets.addHeld(await login(t(), user));
      const response = await changePassword(t(), a, {
        current_password: 'not my password at all',
        new_password: NEW_PASSWORD,
      });
      expectProblem(response, 401, 'invalid_credentials');
      expect(response.headers['set-cookie']).toBeUndefined();
      await expectTokenAccepted(t(), b.access, user);
      secrets.addHeld(await rotate(t(), a.refresh));
    });

    it.each([
      ['too common', 'password123', 400, 'password_too_common'],
      ['too short', 'short', 400, 'validation_failed'],
      ['too long', 'p'.repeat(1025), 400, 'password_too_long'],
    ])('L03 a new password %s → %i %s, nothing ends', async (_label, next, status, code) => {
      const user = await fresh();
      const a = secrets.addHeld(await login(t(), user));
      const b = secrets.addHeld(await login(t(), user));
      expectProblem(
        await changePassword(t(), a, { current_password: user.password, new_password: next }),
        status,
        code,
      );
      await expectTokenAccepted(t(), b.access, user);
    });

    it.each([
      ['no current_password', { new_password: NEW_PASSWORD }],
      ['an extra field', { current_password: 'x', new_password: NEW_PASSWORD, role: 'admin' }],
      ['a number', { current_password: 12345678, new_password: NEW_PASSWORD }],
    ])('L03 a body with %s → 400', async (_label, body) => {
      const user = await fresh();
      const a = secrets.addHeld(await login(t(), user));
      expectProblem(await changePassword(t(), a, body), 400, 'validation_failed');
    });

    it('L03 without a bearer token → 401 token_missing (the cookie alone is not enough)', async () => {
      const user = await fresh();
      const a = secrets.addHeld(await login(t(), user));
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { ...SAME_ORIGIN, cookie: `tessera_rt=${a.refresh}` },
        payload: { current_password: user.password, new_password: NEW_PASSWORD },
      });
      expectProblem(response, 401, 'token_missing');
    });

    it('L03 the same through PATCH /api/users/:id: own password → other sessions end, this one goes on', async () => {
      const user = await fresh();
      const a = secrets.addHeld(await login(t(), user));
      const b = secrets.addHeld(await login(t(), user));
      const response = await t().app.inject({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        headers: bearer(a.access),
        payload: { password: NEW_PASSWORD, current_password: user.password },
      });
      expect(response.statusCode, response.body).toBe(200);
      await expectTokenAccepted(t(), a.access, user);
      await expectTokenRefused(t(), b.access);
      secrets.addHeld(await rotate(t(), a.refresh));
    });

    it('L03 an admin setting a user’s password ends all of that user’s sessions', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      const response = await asAdmin('PATCH', `/api/users/${user.id}`, { password: NEW_PASSWORD });
      expect(response.statusCode, response.body).toBe(200);
      await expectTokenRefused(t(), held.access);
      expectRefreshRefused(await refreshWithCookie(t(), held.refresh));
    });

    it('L03 a rehash at login (same password) ends nothing', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      await t().app.tessera.users.update(user.id, { passwordHash: user.record.passwordHash });
      await expectTokenAccepted(t(), held.access, user);
    });
  });

  describe('L05 logout', () => {
    it('L05 logout with the access token and the cookie → 204, cookie cleared; then the token → R401i, the refresh → 401; a second logout → 204', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      await expectTokenAccepted(t(), held.access, user); // remembered as verified
      const logout = () =>
        t().app.inject({
          method: 'POST',
          url: '/api/auth/logout',
          headers: { ...SAME_ORIGIN, ...bearer(held.access), cookie: `tessera_rt=${held.refresh}` },
          payload: '{}',
        });
      const first = await logout();
      expect(first.statusCode, first.body).toBe(204);
      expect(cookieValue(first)).toBe('');
      await expectTokenRefused(t(), held.access);
      expectRefreshRefused(await refreshWithCookie(t(), held.refresh), held.refresh);
      expect((await logout()).statusCode).toBe(204);
    });

    it('L05 re-presenting the logged-out token in a non-canonical form (S12: unused low bits of the last signature character) → R401i', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      const logout = await t().app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: bearer(held.access),
      });
      expect(logout.statusCode).toBe(204);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = held.access.at(-1) ?? 'A';
      const twin = alphabet[alphabet.indexOf(last) ^ 1] ?? 'A';
      const nonCanonical = `${held.access.slice(0, -1)}${twin}`;
      expect(Buffer.from(nonCanonical.split('.')[2] ?? '', 'base64url')).toEqual(
        Buffer.from(held.access.split('.')[2] ?? '', 'base64url'),
      );
      await expectTokenRefused(t(), held.access);
      await expectTokenRefused(t(), nonCanonical);
    });

    it('L05 logout with only the cookie (no access token) ends the session too', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { ...SAME_ORIGIN, cookie: `tessera_rt=${held.refresh}` },
        payload: '{}',
      });
      expect(response.statusCode).toBe(204);
      await expectTokenRefused(t(), held.access);
    });

    it('L05 logout with nothing, with garbage, or with an expired-looking bearer → 204, never 5xx', async () => {
      for (const headers of [
        {},
        { authorization: 'Bearer abc.def.ghi' },
        { authorization: 'Basic eDp5' },
      ]) {
        const response = await t().app.inject({ method: 'POST', url: '/api/auth/logout', headers });
        expect(response.statusCode, JSON.stringify(headers)).toBe(204);
      }
    });

    it('L05 logout ends only its own session', async () => {
      const user = await fresh();
      const phone = secrets.addHeld(await login(t(), user));
      const laptop = secrets.addHeld(await login(t(), user));
      await t().app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: bearer(phone.access),
      });
      await expectTokenRefused(t(), phone.access);
      await expectTokenAccepted(t(), laptop.access, user);
    });
  });

  describe('L06 every session', () => {
    it('L06 logout-all → 204: every access token of the user → R401i, every refresh → 401; other users untouched', async () => {
      const user = await fresh();
      const sessions = [await login(t(), user), await login(t(), user), await login(t(), user)];
      for (const held of sessions) secrets.addHeld(held);
      const other = secrets.addHeld(await login(t(), t().bob));
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/logout-all',
        headers: {
          ...bearer(sessions[0]!.access),
          'x-tessera-csrf': '1',
          cookie: `tessera_rt=${sessions[0]!.refresh}`,
        },
      });
      expect(response.statusCode, response.body).toBe(204);
      expect(cookieValue(response)).toBe('');
      for (const held of sessions) {
        await expectTokenRefused(t(), held.access);
        expectRefreshRefused(await refreshWithCookie(t(), held.refresh));
      }
      expect((await probeStatus(t(), other.access)).statusCode).toBe(200);
    });

    it('L06 an admin ends alice’s sessions (DELETE /api/users/:id/sessions → 204): all her tokens → 401', async () => {
      const user = await fresh();
      const a = secrets.addHeld(await login(t(), user));
      const b = secrets.addHeld(await login(t(), user));
      const response = await asAdmin('DELETE', `/api/users/${user.id}/sessions`);
      expect(response.statusCode, response.body).toBe(204);
      for (const held of [a, b]) {
        await expectTokenRefused(t(), held.access);
        expectRefreshRefused(await refreshWithCookie(t(), held.refresh));
      }
      secrets.addHeld(await login(t(), user)); // the account itself is fine
    });

    it('L06 a plain user cannot end another user’s sessions (403 insufficient_scope); an unknown user → 404', async () => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      const refused = await t().app.inject({
        method: 'DELETE',
        url: `/api/users/${t().bob.id}/sessions`,
        headers: bearer(held.access),
      });
      expectProblem(refused, 403, 'insufficient_scope');
      expectProblem(await asAdmin('DELETE', '/api/users/999999/sessions'), 404, 'not_found');
      expect((await probeStatus(t(), t().tokenFor(t().bob))).statusCode).toBe(200);
    });
  });

  describe('L07 demotion', () => {
    it('L07 an admin demoted to user while holding a token → 403 on the next admin call, at once; the session goes on', async () => {
      const second = await fresh('admin');
      const held = secrets.addHeld(await login(t(), second));
      const list = () => t().app.inject({ url: '/api/users', headers: bearer(held.access) });
      expect((await list()).statusCode).toBe(200);
      const demoted = await asAdmin('PATCH', `/api/users/${second.id}`, { role: 'user' });
      expect(demoted.json<UserDto>().role).toBe('user');
      expectProblem(await list(), 403, 'insufficient_scope');
      expect((await probeStatus(t(), held.access)).statusCode).toBe(200);
      const refreshed = secrets.addHeld(await rotate(t(), held.refresh));
      expect(decodeJwtPayload(refreshed.access)['scope']).toBe('profile:read profile:write');
    });
  });
});
