/**
 * SECURITY.md §2.6 L10 (absolute and idle session lifetimes, with an injected clock) and L16
 * (restart with a new signing key).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectTokenRefused, loggedReason } from '../support/hostile.js';
import {
  cookieValue,
  decodeJwtPayload,
  expectRefreshRefused,
  login,
  probeStatus,
  refreshWithCookie,
  rotate,
  Secrets,
} from '../support/lifecycle.js';
import { startTestApp, useTestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';

const ABSOLUTE = 4 * 3600;
const IDLE = 3600;

describe.each(await testEngines())('session lifetimes on %s (L10)', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, {
    clock: () => now,
    config: { refreshTtlSeconds: ABSOLUTE, refreshIdleTtlSeconds: IDLE },
  });
  const secrets = new Secrets();
  afterAll(() => secrets.expectNotLogged(t()));

  it('L10 the cookie’s Max-Age is the remaining absolute lifetime, counting down', async () => {
    now = NOW;
    const held = secrets.addHeld(await login(t(), t().alice));
    expect(held.response.headers['set-cookie']).toContain(`Max-Age=${ABSOLUTE}`);
    now += 600;
    const next = secrets.addHeld(await rotate(t(), held.refresh));
    expect(next.response.headers['set-cookie']).toContain(`Max-Age=${ABSOLUTE - 600}`);
  });

  it('L10 a session not refreshed for the idle lifetime ends: refresh → 401 (one second short still works)', async () => {
    now = NOW;
    const early = secrets.addHeld(await login(t(), t().alice));
    const late = secrets.addHeld(await login(t(), t().alice));
    now += IDLE - 1;
    secrets.addHeld(await rotate(t(), early.refresh));
    now += 1;
    expectRefreshRefused(await refreshWithCookie(t(), late.refresh), late.refresh);
  });

  it('L10 refreshing keeps a session alive past the idle lifetime, but never past the absolute one', async () => {
    now = NOW;
    let held = secrets.addHeld(await login(t(), t().bob));
    // Refresh every 50 minutes: each refresh moves the idle deadline on.
    while (now + 3000 < NOW + ABSOLUTE) {
      now += 3000;
      held = secrets.addHeld(await rotate(t(), held.refresh));
    }
    now = NOW + ABSOLUTE - 1;
    held = secrets.addHeld(await rotate(t(), held.refresh));
    // The idle deadline never passes the absolute end.
    now = NOW + ABSOLUTE;
    const response = await refreshWithCookie(t(), held.refresh);
    expectRefreshRefused(response, held.refresh);
    expect(cookieValue(response)).toBe('');
  });

  it('L10 a later login of the user deletes their sessions that ended longer ago than an access token lives', async () => {
    now = NOW;
    const old = secrets.addHeld(await login(t(), t().bob));
    const oldSid = String(decodeJwtPayload(old.access)['sid']);
    const logout = await t().app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${old.access}` },
    });
    expect(logout.statusCode).toBe(204);
    const { db } = t().app.tessera.database;
    const rowsOf = (id: string) =>
      db.selectFrom('sessions').select('id').where('id', '=', id).execute();
    now += 60;
    secrets.addHeld(await login(t(), t().bob));
    expect(await rowsOf(oldSid)).toHaveLength(1); // its access tokens could still be out there
    now += 960;
    secrets.addHeld(await login(t(), t().bob));
    expect(await rowsOf(oldSid)).toHaveLength(0);
    expect(
      await db
        .selectFrom('refresh_tokens')
        .select('hash')
        .where('session_id', '=', oldSid)
        .execute(),
    ).toEqual([]);
    // Its tokens are refused all the same (no row is no session).
    expectRefreshRefused(await refreshWithCookie(t(), old.refresh));
  });

  it('L10 a later login of the user deletes their sessions that went idle, or reached their absolute end, longer ago than an access token lives', async () => {
    now = NOW;
    const idled = secrets.addHeld(await login(t(), t().alice));
    let lasting = secrets.addHeld(await login(t(), t().alice));
    // `lasting` is refreshed every 50 minutes up to its absolute end; `idled` never.
    while (now + 3000 < NOW + ABSOLUTE) {
      now += 3000;
      lasting = secrets.addHeld(await rotate(t(), lasting.refresh));
    }
    const sidOf = (held: { access: string }) => String(decodeJwtPayload(held.access)['sid']);
    const { db } = t().app.tessera.database;
    const rowsOf = (id: string) =>
      db.selectFrom('sessions').select('id').where('id', '=', id).execute();
    now = NOW + ABSOLUTE + 60;
    const fresh = secrets.addHeld(await login(t(), t().alice));
    expect(await rowsOf(sidOf(idled))).toHaveLength(0); // idle since NOW + IDLE
    expect(await rowsOf(sidOf(lasting))).toHaveLength(1); // ended 60 s ago: tokens may be out
    now = NOW + ABSOLUTE + 961; // an access token lives TTL (900 s) + 60 s of leeway
    secrets.addHeld(await login(t(), t().alice));
    expect(await rowsOf(sidOf(lasting))).toHaveLength(0);
    expect(await rowsOf(sidOf(fresh))).toHaveLength(1); // open sessions stay
  });

  it('L10 an expired session drops out of the session list', async () => {
    now = NOW;
    const held = secrets.addHeld(await login(t(), t().admin));
    now += IDLE;
    const access = t().tokenFor(t().admin);
    const list = await t().app.inject({
      url: '/api/auth/sessions',
      headers: { authorization: `Bearer ${access}` },
    });
    const ids = list.json<{ sessions: { id: string }[] }>().sessions.map((session) => session.id);
    expect(ids).not.toContain(decodeJwtPayload(held.access)['sid']);
  });
});

describe.each(await testEngines())('restart with a new signing key on %s (L16)', (engine) => {
  it('L16 old access tokens → R401i; the opaque refresh token goes on and mints tokens under the new key (pinned)', async () => {
    const first = await startTestApp(engine);
    const secrets = new Secrets();
    const held = secrets.addHeld(await login(first, first.alice));
    expect((await probeStatus(first, held.access)).statusCode).toBe(200);
    const restarted = await first.restart({ jwtSecret: new Uint8Array(randomBytes(32)) });
    try {
      await expectTokenRefused(restarted, held.access);
      expect(loggedReason(restarted, await probeStatus(restarted, held.access))).toBe('signature');
      const next = secrets.addHeld(await rotate(restarted, held.refresh));
      expect(decodeJwtPayload(next.access)['sid']).toBe(decodeJwtPayload(held.access)['sid']);
      expect((await probeStatus(restarted, next.access)).statusCode).toBe(200);
      secrets.expectNotLogged(first);
      secrets.expectNotLogged(restarted);
    } finally {
      await restarted.dispose();
    }
  });
});
