/**
 * G1 and G6 over the whole token lifecycle, at the most verbose log level: every session event
 * is logged with its ids, and no refresh token, access token, cookie or password reaches any
 * log line (SECURITY.md §1.I 57, ASVS 16.2.5).
 */
import { describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import {
  cookieValue,
  decodeJwtPayload,
  login,
  refreshWithCookie,
  rotate,
  SAME_ORIGIN,
  Secrets,
} from '../support/lifecycle.js';
import { useTestApp } from '../support/test-app.js';

describe.each(await testEngines())('lifecycle logs on %s (G1, G6)', (engine) => {
  const t = useTestApp(engine, { config: { logLevel: 'trace' } });

  it('G1, G6 login, refresh, reuse, CSRF refusal, password change and logout: events with ids, never a secret', async () => {
    const secrets = new Secrets();
    const user = await t().createUser(`logs-${engine}@example.com`);
    const first = secrets.addHeld(await login(t(), user));
    const sid = String(decodeJwtPayload(first.access)['sid']);
    const second = secrets.addHeld(await rotate(t(), first.refresh));
    const statuses: number[] = [];
    statuses.push((await refreshWithCookie(t(), first.refresh)).statusCode); // reuse: ends it

    const again = secrets.addHeld(await login(t(), user));
    const csrf = await refreshWithCookie(t(), again.refresh, {
      headers: { origin: 'https://evil.example' },
    });
    statuses.push(csrf.statusCode);
    const newPassword = 'a logged-nowhere passphrase';
    secrets.add(newPassword);
    const changed = await t().app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { ...SAME_ORIGIN, authorization: `Bearer ${again.access}` },
      payload: { current_password: user.password, new_password: newPassword },
    });
    expect(changed.statusCode).toBe(200);
    secrets.add(changed.json<{ access_token: string }>().access_token, cookieValue(changed));
    const logout = await t().app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: {
        ...SAME_ORIGIN,
        authorization: `Bearer ${second.access}`,
        cookie: `tessera_rt=${cookieValue(changed) ?? ''}`,
      },
      payload: '{}',
    });
    statuses.push(logout.statusCode);

    expect(statuses).toEqual([401, 403, 204]);
    for (const status of statuses) expect(status).toBeLessThan(500);
    const events = t()
      .logs.records()
      .map((record) => record['event'])
      .filter((event) => event !== undefined);
    expect(events).toEqual(
      expect.arrayContaining([
        'login',
        'refresh',
        'refresh_token_reuse',
        'csrf_rejected',
        'password_changed',
        'logout',
      ]),
    );
    const reuse = t()
      .logs.records()
      .find((record) => record['event'] === 'refresh_token_reuse');
    expect(reuse).toMatchObject({ session_id: sid, user_id: user.id, session_ended: true });
    secrets.expectNotLogged(t());
    expect(t().logs.text).not.toMatch(/tessera_rt=/);
  });
});
