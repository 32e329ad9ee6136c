/**
 * SECURITY.md §2.6, refresh rotation (D6) in cookie transport, the default: L08 (reuse revokes
 * the family), L09 (20 parallel refreshes), L11 (bad refresh tokens), L12 (token-type
 * confusion), L13 (one identity per credential), L15 (only hashes stored), with G1 and G6.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.js';
import { expectTokenRefused } from '../support/hostile.js';
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
import { useTestApp } from '../support/test-app.js';

describe.each(await testEngines())('refresh rotation on %s (cookie transport)', (engine) => {
  const t = useTestApp(engine);
  const secrets = new Secrets();
  afterAll(() => secrets.expectNotLogged(t()));

  it('rotates: a new access token in the same session and a new refresh cookie', async () => {
    const first = secrets.addHeld(await login(t(), t().alice));
    const second = secrets.addHeld(await rotate(t(), first.refresh));
    expect(second.refresh).not.toBe(first.refresh);
    expect(second.access).not.toBe(first.access);
    const sid = decodeJwtPayload(first.access)['sid'];
    expect(sid).toEqual(expect.any(String));
    expect(decodeJwtPayload(second.access)).toMatchObject({ sid, sub: String(t().alice.id) });
    // A password login's tokens say so (RFC 8176 amr), across rotations too.
    expect(decodeJwtPayload(first.access)['amr']).toEqual(['pwd']);
    expect(decodeJwtPayload(second.access)['amr']).toEqual(['pwd']);
    expect(second.response.headers['cache-control']).toBe('no-store');
    expect((await probeStatus(t(), second.access)).statusCode).toBe(200);
    // The old access token stays valid until its exp: rotation is not a revocation.
    expect((await probeStatus(t(), first.access)).statusCode).toBe(200);
  });

  it('L08 a used refresh token again → 401, and the whole family is revoked: R2 → 401, every access token of the session → R401i', async () => {
    const r1 = secrets.addHeld(await login(t(), t().alice));
    const r2 = secrets.addHeld(await rotate(t(), r1.refresh));

    const reuse = await refreshWithCookie(t(), r1.refresh);
    expectRefreshRefused(reuse, r1.refresh);
    expect(cookieValue(reuse), 'the cookie is cleared').toBe('');

    expectRefreshRefused(await refreshWithCookie(t(), r2.refresh), r2.refresh);
    await expectTokenRefused(t(), r1.access);
    await expectTokenRefused(t(), r2.access);
    const warned = t()
      .logs.records()
      .filter((record) => record['event'] === 'refresh_token_reuse');
    expect(warned.length).toBeGreaterThanOrEqual(1);
    expect(warned.at(-1)).toMatchObject({ level: 40, session_ended: true });
  });

  it('L08 reuse in one session leaves the user’s other sessions alone', async () => {
    const phone = secrets.addHeld(await login(t(), t().bob));
    const laptop = secrets.addHeld(await login(t(), t().bob));
    await rotate(t(), phone.refresh);
    expectRefreshRefused(await refreshWithCookie(t(), phone.refresh));
    expect((await probeStatus(t(), laptop.access)).statusCode).toBe(200);
    secrets.addHeld(await rotate(t(), laptop.refresh));
  });

  it('L09 20 parallel refreshes with one token → exactly one 200 and 19 × 401; the racing duplicates are reuse, so the winner’s tokens die too (pinned)', async () => {
    const r1 = secrets.addHeld(await login(t(), t().alice));
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => refreshWithCookie(t(), r1.refresh)),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(19);
    for (const response of responses)
      if (response.statusCode === 401) expectRefreshRefused(response);
    const winner = responses.find((response) => response.statusCode === 200);
    const r2 = cookieValue(winner!) ?? '';
    const a2 = winner!.json<{ access_token: string }>().access_token;
    secrets.add(r2, a2);
    expectRefreshRefused(await refreshWithCookie(t(), r2), r2);
    await expectTokenRefused(t(), a2);
    await expectTokenRefused(t(), r1.access);
    const sid = String(decodeJwtPayload(r1.access)['sid']);
    const row = await t()
      .app.tessera.database.db.selectFrom('sessions')
      .select(['ended_at', 'ended_reason'])
      .where('id', '=', sid)
      .executeTakeFirstOrThrow();
    expect(row.ended_reason).toBe('refresh_token_reuse');
  });

  it.each([
    [
      'altered by one character',
      (valid: string) => `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`,
    ],
    ['a random 256-bit value', () => randomBytes(32).toString('base64url')],
    ['empty', () => ''],
    ['10 KB', () => 'A'.repeat(10 * 1024)],
    ['with padding', (valid: string) => `${valid}=`],
    ['standard base64', () => randomBytes(32).toString('base64')],
  ])(
    'L11 a refresh cookie %s → 401, never 5xx, and the real token still works once',
    async (_label, make) => {
      const held = secrets.addHeld(await login(t(), t().bob));
      const presented = make(held.refresh);
      expectRefreshRefused(await refreshWithCookie(t(), presented), presented);
      secrets.addHeld(await rotate(t(), held.refresh));
    },
  );

  it('L11 no cookie at all → 401 token_invalid', async () => {
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { 'content-type': 'application/json', 'x-tessera-csrf': '1' },
      payload: '{}',
    });
    expectRefreshRefused(response);
  });

  it('L11 a body other than {} in cookie transport → 400 (strict schema), nothing rotated', async () => {
    const held = secrets.addHeld(await login(t(), t().alice));
    for (const payload of [
      { refresh_token: held.refresh },
      { refresh_token: ['x'] },
      { refresh_token: { $ne: null } },
      [],
    ]) {
      const response = await refreshWithCookie(t(), held.refresh, { payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    secrets.addHeld(await rotate(t(), held.refresh));
  });

  it('L12 an access token as the refresh token → 401; a refresh token as a Bearer token → R401i', async () => {
    const held = secrets.addHeld(await login(t(), t().alice));
    expectRefreshRefused(await refreshWithCookie(t(), held.access), held.access);
    await expectTokenRefused(t(), held.refresh);
    // A Bearer header is no refresh credential either: without the cookie, 401.
    const bearerOnly = await t().app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: {
        'content-type': 'application/json',
        'x-tessera-csrf': '1',
        authorization: `Bearer ${held.access}`,
      },
      payload: '{}',
    });
    expectRefreshRefused(bearerOnly, held.access);
    secrets.addHeld(await rotate(t(), held.refresh));
  });

  it('L13 alice’s refresh cookie with bob’s access token → acts on alice only; bob’s session is untouched', async () => {
    const alice = secrets.addHeld(await login(t(), t().alice));
    const bob = secrets.addHeld(await login(t(), t().bob));
    const response = await refreshWithCookie(t(), alice.refresh, {
      headers: { authorization: `Bearer ${bob.access}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    const access = response.json<{ access_token: string }>().access_token;
    secrets.add(access, cookieValue(response));
    expect(decodeJwtPayload(access)).toMatchObject({
      sub: String(t().alice.id),
      sid: decodeJwtPayload(alice.access)['sid'],
    });
    expect((await probeStatus(t(), access)).json()).toEqual({ ok: true, user_id: t().alice.id });
    expect((await probeStatus(t(), bob.access)).json()).toEqual({ ok: true, user_id: t().bob.id });
    secrets.addHeld(await rotate(t(), bob.refresh));
  });

  it('L15 after login no table holds a raw refresh or access token; refresh_tokens holds SHA-256 hashes', async () => {
    const held = secrets.addHeld(await login(t(), t().admin));
    const rotated = secrets.addHeld(await rotate(t(), held.refresh));
    const { db } = t().app.tessera.database;
    const tables =
      engine === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
            db,
          )
        : await sql<{
            name: string;
          }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(
            db,
          );
    const names = tables.rows.map((row) => row.name);
    expect(names).toEqual(expect.arrayContaining(['users', 'sessions', 'refresh_tokens']));
    for (const name of names) {
      const rows = await sql`select * from ${sql.table(name)}`.execute(db);
      const dump = JSON.stringify(rows.rows);
      for (const secret of [held.refresh, rotated.refresh, held.access, rotated.access]) {
        expect(dump.includes(secret), `table ${name} holds a raw token`).toBe(false);
      }
    }
    const sha = (token: string) => createHash('sha256').update(token).digest('base64url');
    const hashes = await db.selectFrom('refresh_tokens').select('hash').execute();
    expect(hashes.map((row) => row.hash)).toEqual(
      expect.arrayContaining([sha(held.refresh), sha(rotated.refresh)]),
    );
  });

  it('G1 a refused refresh is never 2xx, 3xx or 5xx and carries no stack', async () => {
    const response = await refreshWithCookie(t(), 'x'.repeat(43));
    expectRefreshRefused(response);
    expect(response.body).not.toMatch(/\bat .+:\d+:\d+\)?/);
  });
});
