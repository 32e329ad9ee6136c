import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, normalizeRecoveryCode } from '../../src/mfa/recovery-codes.js';
import { testEngines } from '../support/engines.js';
import { expectProblem } from '../support/expect-problem.js';
import { useTestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';
import { asUser, codeAt, enrolTotp } from './mfa-support.js';

/** Issue #14: TOTP enrolment, recovery codes, disabling (SECURITY F rows). */
describe.each(await testEngines())('MFA enrolment on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { clock: () => now });

  it('F03 enrolment needs the current password, then a right code; until confirmed nothing changes', async () => {
    const user = await t().createUser('f03@example.com');
    expectProblem(
      await asUser(t(), user, ['POST', '/api/auth/mfa/totp'], {
        payload: { current_password: 'wrong one' },
      }),
      401,
      'invalid_credentials',
    );
    expectProblem(
      await asUser(t(), user, ['POST', '/api/auth/mfa/totp'], { payload: {} }),
      400,
      'validation_failed',
    );
    const started = await asUser(t(), user, ['POST', '/api/auth/mfa/totp'], {
      payload: {
        current_password: user.password,
      },
    });
    expect(started.statusCode).toBe(200);
    const body = started.json<{ secret: string; otpauth_uri: string; qr_svg: string }>();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauth_uri).toBe(
      `otpauth://totp/Tessera:f03%40example.com?secret=${body.secret}&issuer=Tessera`,
    );
    expect(body.qr_svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(body.qr_svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    // Pending: the login is still one step.
    const status = await asUser(t(), user, ['GET', '/api/auth/mfa']);
    expect(status.json()).toEqual({
      totp: false,
      recovery_codes_remaining: 0,
      passkeys: 0,
      required: false,
    });
    const wrong = await asUser(t(), user, ['POST', '/api/auth/mfa/totp/confirm'], {
      payload: { code: '000000' },
    });
    expectProblem(wrong, 401, 'invalid_credentials');
    const confirmed = await asUser(t(), user, ['POST', '/api/auth/mfa/totp/confirm'], {
      payload: {
        code: await codeAt(body.secret, now),
      },
    });
    expect(confirmed.statusCode).toBe(200);
    const codes = confirmed.json<{ recovery_codes: string[] }>().recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){2}$/);
    expect((await asUser(t(), user, ['GET', '/api/auth/mfa'])).json()).toMatchObject({
      totp: true,
      recovery_codes_remaining: 10,
    });
    // A second enrolment is refused while one is on.
    expectProblem(
      await asUser(t(), user, ['POST', '/api/auth/mfa/totp'], {
        payload: { current_password: user.password },
      }),
      409,
      'mfa_already_enabled',
    );
    expectProblem(
      await asUser(t(), user, ['POST', '/api/auth/mfa/totp/confirm'], {
        payload: { code: '123456' },
      }),
      409,
      'mfa_not_enabled',
    );
  });

  it('F04 the TOTP secret is sealed at rest (AES-GCM under the key-encryption key), never stored in clear', async () => {
    const user = await t().createUser('f04@example.com');
    const { secret } = await enrolTotp(t(), user, now);
    const row = await t()
      .app.tessera.database.db.selectFrom('mfa_totp')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(row.secret_sealed).not.toContain(secret);
    expect(row.confirmed_at).not.toBeNull();
    // Bound to its user: the sealed secret moved to another user's row does not open.
    const other = await t().createUser('f04-other@example.com');
    await enrolTotp(t(), other, now);
    await t()
      .app.tessera.database.db.updateTable('mfa_totp')
      .set({ secret_sealed: row.secret_sealed, last_step: null })
      .where('user_id', '=', other.id)
      .execute();
    await expect(
      t().app.tessera.mfa.totp.check(other.id, 'totp', await codeAt(secret, now + 30), false),
    ).rejects.toThrow(/cannot be decrypted/);
  });

  it('F07 recovery codes are stored as SHA-256 hashes only; regenerating voids every older code', async () => {
    const user = await t().createUser('f07@example.com');
    const { recoveryCodes } = await enrolTotp(t(), user, now);
    const db = t().app.tessera.database.db;
    const rows = await db
      .selectFrom('mfa_recovery_codes')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toHaveLength(10);
    const stored = rows.map((row) => row.code_hash).join(' ');
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
      expect(rows.map((row) => row.code_hash)).toContain(
        hashRecoveryCode(user.id, normalizeRecoveryCode(code) ?? ''),
      );
    }
    expectProblem(
      await asUser(t(), user, ['POST', '/api/auth/mfa/recovery-codes'], {
        payload: { current_password: 'nope' },
      }),
      401,
      'invalid_credentials',
    );
    const again = await asUser(t(), user, ['POST', '/api/auth/mfa/recovery-codes'], {
      payload: {
        current_password: user.password,
      },
    });
    expect(again.statusCode).toBe(200);
    const fresh = again.json<{ recovery_codes: string[] }>().recovery_codes;
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    for (const old of recoveryCodes) {
      expect(await t().app.tessera.mfa.totp.check(user.id, 'recovery_code', old, false)).toBe(
        false,
      );
    }
    expect(
      await t().app.tessera.mfa.totp.check(user.id, 'recovery_code', fresh[0] ?? '', false),
    ).toBe(true);
  });

  it('F12 turning TOTP off needs the current password or a code; it removes the factor and its codes', async () => {
    const user = await t().createUser('f12@example.com');
    const { secret, recoveryCodes } = await enrolTotp(t(), user, now);
    const disable = (payload: object) =>
      asUser(t(), user, ['POST', '/api/auth/mfa/totp/disable'], { payload: payload });
    expectProblem(await disable({}), 400, 'validation_failed');
    expectProblem(await disable({ current_password: 'wrong' }), 401, 'invalid_credentials');
    expectProblem(await disable({ code: '000000' }), 401, 'invalid_credentials');
    // The code that confirmed the enrolment is used up (same step).
    expectProblem(await disable({ code: await codeAt(secret, now) }), 401, 'invalid_credentials');
    expectProblem(
      await disable({ current_password: user.password, code: '123456' }),
      400,
      'validation_failed',
    );
    now += 30;
    expect((await disable({ code: await codeAt(secret, now) })).statusCode).toBe(204);
    expect((await asUser(t(), user, ['GET', '/api/auth/mfa'])).json()).toMatchObject({
      totp: false,
      recovery_codes_remaining: 0,
    });
    const rows = await t()
      .app.tessera.database.db.selectFrom('mfa_recovery_codes')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toEqual([]);
    // With a recovery code, and with the password.
    const second = await enrolTotp(t(), user, (now += 30));
    expect((await disable({ code: second.recoveryCodes[0] ?? '' })).statusCode).toBe(204);
    await enrolTotp(t(), user, (now += 30));
    expect((await disable({ current_password: user.password })).statusCode).toBe(204);
    expect(recoveryCodes).toHaveLength(10);
  });

  it('F03 regenerating recovery codes without TOTP answers 409 mfa_not_enabled', async () => {
    const user = await t().createUser('f03-none@example.com');
    expectProblem(
      await asUser(t(), user, ['POST', '/api/auth/mfa/recovery-codes'], {
        payload: {
          current_password: user.password,
        },
      }),
      409,
      'mfa_not_enabled',
    );
  });
});

describe.each(await testEngines())('MFA reset by an admin on %s', (engine) => {
  const now = NOW;
  const t = useTestApp(engine, { clock: () => now });

  it('F12 an admin removes a user’s factor (DELETE /api/users/:id/mfa); a user cannot', async () => {
    const user = await t().createUser('f12-reset@example.com');
    await enrolTotp(t(), user, now);
    expectProblem(
      await asUser(t(), user, ['DELETE', `/api/users/${user.id}/mfa`]),
      403,
      'insufficient_scope',
    );
    const reset = await asUser(t(), t().admin, ['DELETE', `/api/users/${user.id}/mfa`]);
    expect(reset.statusCode).toBe(204);
    expect(await t().app.tessera.mfa.totp.isEnabled(user.id)).toBe(false);
    const login = await t().app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(login.statusCode).toBe(200);
    expectProblem(
      await asUser(t(), t().admin, ['DELETE', '/api/users/999999/mfa']),
      404,
      'not_found',
    );
  });
});
