import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { expectCleanLogs } from '../support/expect-clean-logs.js';
import { expectProblem } from '../support/expect-problem.js';
import { testEngines } from '../support/engines.js';
import { decodeJwtPayload, probeStatus } from '../support/lifecycle.js';
import {
  loginOptions,
  PASSKEY_CONFIG,
  PASSKEY_ORIGIN,
  registerPasskey,
  submitLogin,
} from '../support/passkeys.js';
import { SoftAuthenticator, type SoftAlgorithm } from '../support/soft-authenticator.js';
import { useTestApp, type TestUser } from '../support/test-app.js';
import { NOW } from '../token/support.js';

describe.each(await testEngines())('passwordless login with a passkey on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { config: PASSKEY_CONFIG, clock: () => now });
  let count = 0;
  const secrets: string[] = [];

  /** A new user with one passkey on a new authenticator. */
  async function enrolled(
    options: { algorithm?: SoftAlgorithm; counterStep?: number } = {},
  ): Promise<{ user: TestUser; device: SoftAuthenticator; passkeyId: string }> {
    const user = await t().createUser(`login${++count}@example.com`);
    const device = new SoftAuthenticator({ origin: PASSKEY_ORIGIN, ...options });
    const passkeyId = await registerPasskey(t(), user, device);
    secrets.push(device.credentials[0]?.id ?? '');
    return { user, device, passkeyId };
  }

  const storedCounter = async (passkeyId: string) => {
    const row = await t()
      .app.tessera.database.db.selectFrom('webauthn_credentials')
      .select(['counter', 'last_used_at'])
      .where('id', '=', passkeyId)
      .executeTakeFirstOrThrow();
    return { counter: Number(row.counter), lastUsedAt: row.last_used_at };
  };

  it.each<SoftAlgorithm>(['ES256', 'EdDSA'])(
    'N06 a discoverable passkey with user verification logs in alone (%s): amr webauthn, a session',
    async (algorithm) => {
      const { user, device, passkeyId } = await enrolled({ algorithm });
      const { challenge_id, options } = await loginOptions(t());
      expect(options).toMatchObject({
        rpId: 'localhost',
        userVerification: 'required',
        timeout: 300_000,
      });
      expect(options.allowCredentials ?? []).toEqual([]);
      const response = await submitLogin(t(), challenge_id, device.get(options));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['set-cookie']).toBeDefined();
      const access = response.json<{ access_token: string }>().access_token;
      expect(decodeJwtPayload(access)).toMatchObject({ sub: String(user.id), amr: ['webauthn'] });
      expect((await probeStatus(t(), access)).statusCode).toBe(200);
      const session = await t()
        .app.tessera.database.db.selectFrom('sessions')
        .select('amr')
        .where('id', '=', String(decodeJwtPayload(access)['sid']))
        .executeTakeFirstOrThrow();
      expect(session.amr).toBe('webauthn');
      expect(await storedCounter(passkeyId)).toEqual({
        counter: 1,
        lastUsedAt: new Date(now * 1000).toISOString(),
      });
    },
  );

  it('N06 without user verification a passkey does not log in', async () => {
    const { device, passkeyId } = await enrolled();
    const { challenge_id, options } = await loginOptions(t());
    expectProblem(
      await submitLogin(t(), challenge_id, device.get(options, { uv: false })),
      401,
      'passkey_rejected',
    );
    expect((await storedCounter(passkeyId)).lastUsedAt).toBeNull();
  });

  it('N06 a passwordless answer must name the passkey’s user (user handle)', async () => {
    const { device } = await enrolled();
    const other = await enrolled();
    const { challenge_id, options } = await loginOptions(t());
    const foreign = device.get(options, {
      userHandle: other.device.credentials[0]?.userHandle ?? '',
    });
    expectProblem(await submitLogin(t(), challenge_id, foreign), 401, 'passkey_rejected');
    const second = await loginOptions(t());
    const missing = device.get(second.options, { userHandle: null });
    expectProblem(await submitLogin(t(), second.challenge_id, missing), 401, 'passkey_rejected');
  });

  it('N07 an assertion made on another origin is refused', async () => {
    const { device, passkeyId } = await enrolled();
    const { challenge_id, options } = await loginOptions(t());
    const answer = device.get(options, { origin: 'https://evil.example' });
    expectProblem(await submitLogin(t(), challenge_id, answer), 401, 'passkey_rejected');
    expect((await storedCounter(passkeyId)).counter).toBe(0);
  });

  it('N07 an assertion for another RP ID is refused', async () => {
    const { device, passkeyId } = await enrolled();
    const { challenge_id, options } = await loginOptions(t());
    const answer = device.get(options, { rpId: 'evil.example' });
    expectProblem(await submitLogin(t(), challenge_id, answer), 401, 'passkey_rejected');
    expect((await storedCounter(passkeyId)).counter).toBe(0);
  });

  it('N08 a signature counter that does not go up is refused (a cloned passkey) and not recorded', async () => {
    const { device, passkeyId } = await enrolled();
    let round = await loginOptions(t());
    expect(
      (await submitLogin(t(), round.challenge_id, device.get(round.options, { signCount: 7 })))
        .statusCode,
    ).toBe(200);
    for (const signCount of [7, 3]) {
      round = await loginOptions(t());
      expectProblem(
        await submitLogin(t(), round.challenge_id, device.get(round.options, { signCount })),
        401,
        'passkey_rejected',
      );
      expect((await storedCounter(passkeyId)).counter).toBe(7);
    }
    expect(t().logs.text).toContain('passkey_counter_regression');
    round = await loginOptions(t());
    expect(
      (await submitLogin(t(), round.challenge_id, device.get(round.options, { signCount: 8 })))
        .statusCode,
    ).toBe(200);
    expect((await storedCounter(passkeyId)).counter).toBe(8);
  });

  it('N08 a passkey without a counter (always 0) logs in every time', async () => {
    const { device, passkeyId } = await enrolled({ counterStep: 0 });
    for (let i = 0; i < 2; i += 1) {
      const round = await loginOptions(t());
      expect(
        (await submitLogin(t(), round.challenge_id, device.get(round.options))).statusCode,
      ).toBe(200);
    }
    expect((await storedCounter(passkeyId)).counter).toBe(0);
  });

  it('N08 the counter is a 32-bit unsigned value on both engines', async () => {
    const { device, passkeyId } = await enrolled();
    const round = await loginOptions(t());
    const answer = device.get(round.options, { signCount: 0xfffffffe });
    expect((await submitLogin(t(), round.challenge_id, answer)).statusCode).toBe(200);
    expect((await storedCounter(passkeyId)).counter).toBe(0xfffffffe);
  });

  it('N09 a bogus signature is refused and nothing is recorded (verified:false checked first)', async () => {
    const { device, passkeyId } = await enrolled();
    const round = await loginOptions(t());
    const answer = device.get(round.options, { bogusSignature: true, signCount: 5 });
    expectProblem(await submitLogin(t(), round.challenge_id, answer), 401, 'passkey_rejected');
    expect(await storedCounter(passkeyId)).toEqual({ counter: 0, lastUsedAt: null });
  });

  it('N10 unknown passkey, bad signature and disabled user get the same 401', async () => {
    const { user, device } = await enrolled();
    const stranger = new SoftAuthenticator({ origin: PASSKEY_ORIGIN });
    stranger.create({
      ...(await loginOptions(t())).options,
      rp: { id: 'localhost', name: 'x' },
      user: { id: 'AAAA', name: 'x', displayName: 'x' },
      pubKeyCredParams: [],
    });
    const answers: Record<string, unknown>[] = [];
    let round = await loginOptions(t());
    answers.push((await submitLogin(t(), round.challenge_id, stranger.get(round.options))).json());
    round = await loginOptions(t());
    answers.push(
      (
        await submitLogin(
          t(),
          round.challenge_id,
          device.get(round.options, { bogusSignature: true }),
        )
      ).json(),
    );
    await t().app.tessera.users.update(user.id, { isEnabled: false });
    round = await loginOptions(t());
    const disabled = await submitLogin(t(), round.challenge_id, device.get(round.options));
    answers.push(disabled.json());
    expect(disabled.statusCode).toBe(401);
    const stripped = answers.map((body) => ({ ...body, request_id: undefined }));
    expect(stripped[1]).toEqual(stripped[0]);
    expect(stripped[2]).toEqual(stripped[0]);
    expect(stripped[0]).toMatchObject({ code: 'passkey_rejected', status: 401 });
    const reasons = t()
      .logs.records()
      .filter((record) => record['event'] === 'passkey_login_failed')
      .map((record) => record['reason']);
    expect(reasons).toEqual(
      expect.arrayContaining(['unknown_credential', 'bad_signature', 'disabled']),
    );
  });

  it('N03 a login challenge answers once, even when the first answer failed', async () => {
    const { device } = await enrolled();
    const round = await loginOptions(t());
    const answer = device.get(round.options);
    expect((await submitLogin(t(), round.challenge_id, answer)).statusCode).toBe(200);
    expectProblem(
      await submitLogin(t(), round.challenge_id, device.get(round.options)),
      400,
      'passkey_challenge_invalid',
    );
    const failed = await loginOptions(t());
    expectProblem(
      await submitLogin(t(), failed.challenge_id, device.get(failed.options, { uv: false })),
      401,
      'passkey_rejected',
    );
    expectProblem(
      await submitLogin(t(), failed.challenge_id, device.get(failed.options)),
      400,
      'passkey_challenge_invalid',
    );
  });

  it('N03 concurrent answers to one login challenge: exactly one session', async () => {
    const { device } = await enrolled();
    const round = await loginOptions(t());
    const answers = Array.from({ length: 6 }, () => device.get(round.options, { signCount: 50 }));
    const statuses = (
      await Promise.all(answers.map((answer) => submitLogin(t(), round.challenge_id, answer)))
    ).map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
  });

  it('N04 a login challenge older than 5 minutes is refused', async () => {
    const { device } = await enrolled();
    const round = await loginOptions(t());
    now += 300;
    try {
      expectProblem(
        await submitLogin(t(), round.challenge_id, device.get(round.options)),
        400,
        'passkey_challenge_invalid',
      );
    } finally {
      now = NOW;
    }
  });

  it('N05 a login answer with another challenge than its challenge_id names is refused', async () => {
    const { device } = await enrolled();
    const [first, second] = [await loginOptions(t()), await loginOptions(t())];
    expectProblem(
      await submitLogin(t(), first.challenge_id, device.get(second.options)),
      401,
      'passkey_rejected',
    );
    // A made-up challenge id.
    expectProblem(
      await submitLogin(t(), 'nope', device.get(second.options)),
      400,
      'passkey_challenge_invalid',
    );
  });

  it('N04 expired challenges are removed when new ones are handed out', async () => {
    await loginOptions(t());
    now += 3600;
    try {
      await loginOptions(t());
      const { rows } = await sql<{
        n: number | string;
      }>`select count(*) as n from webauthn_challenges where expires_at <= ${new Date(now * 1000).toISOString()}`.execute(
        t().app.tessera.database.db,
      );
      expect(Number(rows[0]?.n)).toBe(0);
    } finally {
      now = NOW;
    }
  });

  it('N12 malformed login bodies are 4xx problems, never 5xx', async () => {
    const { device } = await enrolled();
    const round = await loginOptions(t());
    const good = device.get(round.options);
    const bodies: unknown[] = [
      {},
      { challenge_id: round.challenge_id },
      { challenge_id: round.challenge_id, response: {} },
      { challenge_id: 5, response: good },
      { challenge_id: round.challenge_id, response: { ...good, id: '' } },
      { challenge_id: round.challenge_id, response: { ...good, rawId: 'different' } },
      {
        challenge_id: round.challenge_id,
        response: { ...good, response: { ...good.response, authenticatorData: 'AA' } },
      },
      {
        challenge_id: round.challenge_id,
        response: { ...good, response: { ...good.response, signature: 'AA' } },
      },
      {
        challenge_id: round.challenge_id,
        response: { ...good, response: { ...good.response, clientDataJSON: 'e30' } },
      },
      {
        challenge_id: round.challenge_id,
        response: { ...good, response: { ...good.response, userHandle: 7 } },
      },
    ];
    for (const payload of bodies) {
      const fresh = await loginOptions(t());
      const withFresh =
        typeof payload === 'object' &&
        payload !== null &&
        'challenge_id' in payload &&
        typeof payload.challenge_id === 'string'
          ? { ...payload, challenge_id: fresh.challenge_id }
          : payload;
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/passkey/login',
        payload: withFresh as object,
      });
      expect(response.statusCode, JSON.stringify(payload).slice(0, 200)).toBeGreaterThanOrEqual(
        400,
      );
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('N10 the log names reasons, never credential IDs, challenges or signatures', () => {
    expectCleanLogs(t().logs, secrets, { minSecretLength: 16 });
    expect(t().logs.text).not.toMatch(/clientDataJSON|authenticatorData|"signature"/);
  });
});
