/**
 * Session management (SECURITY.md §1.E 34, ASVS 7.4.5): `GET /api/auth/sessions` lists the
 * caller's open sessions with their user agent and times and marks the current one;
 * `DELETE /api/auth/sessions/:id` ends one of your own, and answers 404 for anyone else's.
 */
import type { SessionsResponse } from '@tessera/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { expectTokenAccepted, expectTokenRefused } from '../support/hostile.js';
import {
  cookieValue,
  decodeJwtPayload,
  expectRefreshRefused,
  login,
  refreshWithCookie,
  rotate,
  Secrets,
} from '../support/lifecycle.js';
import { useTestApp, type TestUser } from '../support/test-app.js';
import { NOW } from '../token/support.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(await testEngines())('sessions API on %s', (engine) => {
  const t = useTestApp(engine);
  const secrets = new Secrets();
  afterAll(() => secrets.expectNotLogged(t()));
  let serial = 0;
  const fresh = (): Promise<TestUser> =>
    t().createUser(`sessions-${(serial += 1)}-${engine}@example.com`);
  const list = (access: string) =>
    t().app.inject({ url: '/api/auth/sessions', headers: { authorization: `Bearer ${access}` } });
  const end = (access: string, id: string) =>
    t().app.inject({
      method: 'DELETE',
      url: `/api/auth/sessions/${id}`,
      headers: { authorization: `Bearer ${access}` },
    });

  it('lists the open sessions with user agent, created/last-used/expiry times and the current flag', async () => {
    const user = await fresh();
    const phone = secrets.addHeld(
      await login(t(), user, { headers: { 'user-agent': 'Phone/1.0 (like Gecko)' } }),
    );
    const laptop = secrets.addHeld(await login(t(), user, { headers: { 'user-agent': '' } }));
    const response = await list(phone.access);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { sessions } = response.json<SessionsResponse>();
    const phoneSid = decodeJwtPayload(phone.access)['sid'];
    const laptopSid = decodeJwtPayload(laptop.access)['sid'];
    // The fixture's own session of the user is listed too.
    expect(sessions.map((session) => session.id)).toEqual(
      expect.arrayContaining([phoneSid, laptopSid, user.sessionId]),
    );
    const mine = sessions.find((session) => session.id === phoneSid);
    expect(mine).toEqual({
      id: phoneSid,
      created_at: new Date(NOW * 1000).toISOString(),
      last_used_at: new Date(NOW * 1000).toISOString(),
      expires_at: new Date((NOW + 30 * 86_400) * 1000).toISOString(),
      user_agent: 'Phone/1.0 (like Gecko)',
      current: true,
    });
    const other = sessions.find((session) => session.id === laptopSid);
    expect(other).toMatchObject({ user_agent: null, current: false });
    for (const session of sessions) {
      expect(session.created_at).toMatch(ISO);
      expect(Object.keys(session).sort()).toEqual(
        ['created_at', 'current', 'expires_at', 'id', 'last_used_at', 'user_agent'].sort(),
      );
    }
    expect(response.body).not.toContain(phone.refresh);
  });

  it('keeps at most 256 characters of a user agent, without control characters', async () => {
    const user = await fresh();
    const held = secrets.addHeld(
      await login(t(), user, { headers: { 'user-agent': `UA\t${'x'.repeat(400)}` } }),
    );
    const { sessions } = (await list(held.access)).json<SessionsResponse>();
    const current = sessions.find((session) => session.current);
    expect(current?.user_agent).toBe(`UA${'x'.repeat(254)}`);
  });

  it('DELETE of one of your sessions → 204: it drops out of the list and its tokens stop working', async () => {
    const user = await fresh();
    const phone = secrets.addHeld(await login(t(), user));
    const laptop = secrets.addHeld(await login(t(), user));
    const laptopSid = String(decodeJwtPayload(laptop.access)['sid']);
    const response = await end(phone.access, laptopSid);
    expect(response.statusCode, response.body).toBe(204);
    expect(response.headers['set-cookie']).toBeUndefined(); // not the current session
    await expectTokenRefused(t(), laptop.access);
    expectRefreshRefused(await refreshWithCookie(t(), laptop.refresh));
    const ids = (await list(phone.access)).json<SessionsResponse>().sessions.map((s) => s.id);
    expect(ids).not.toContain(laptopSid);
    await expectTokenAccepted(t(), phone.access, user);
    // Ending it again: still yours, still 204.
    expect((await end(phone.access, laptopSid)).statusCode).toBe(204);
  });

  it('DELETE of your current session → 204 and the cookie is cleared', async () => {
    const user = await fresh();
    const held = secrets.addHeld(await login(t(), user));
    const response = await end(held.access, String(decodeJwtPayload(held.access)['sid']));
    expect(response.statusCode).toBe(204);
    expect(cookieValue(response)).toBe('');
    await expectTokenRefused(t(), held.access);
  });

  it('DELETE of someone else’s session id → 404, and their session goes on', async () => {
    const user = await fresh();
    const mallory = secrets.addHeld(await login(t(), user));
    const alice = secrets.addHeld(await login(t(), t().alice));
    const aliceSid = String(decodeJwtPayload(alice.access)['sid']);
    expectProblem(await end(mallory.access, aliceSid), 404, 'not_found');
    expectProblem(
      await end(mallory.access, '00000000-0000-4000-8000-000000000000'),
      404,
      'not_found',
    );
    await expectTokenAccepted(t(), alice.access, t().alice);
    secrets.addHeld(await rotate(t(), alice.refresh));
    // An admin is no exception on this endpoint (admins use DELETE /api/users/:id/sessions).
    expectProblem(await end(t().tokenFor(t().admin), aliceSid), 404, 'not_found');
  });

  it.each(["x' OR 1=1 --", '..%2F..%2Fetc', 'A'.repeat(65)])(
    'DELETE with a malformed id %j → 400 or 404, never 5xx',
    async (id) => {
      const user = await fresh();
      const held = secrets.addHeld(await login(t(), user));
      const response = await end(held.access, encodeURIComponent(id));
      expect([400, 404]).toContain(response.statusCode);
    },
  );

  it('the sessions routes need a bearer token (R401m without one)', async () => {
    expectProblem(await t().app.inject({ url: '/api/auth/sessions' }), 401, 'token_missing');
    expectProblem(
      await t().app.inject({ method: 'POST', url: '/api/auth/logout-all' }),
      401,
      'token_missing',
    );
  });
});
