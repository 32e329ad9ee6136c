import { describe, expect, it } from 'vitest';
import { expectCleanLogs } from '../support/expect-clean-logs.js';
import { expectProblem } from '../support/expect-problem.js';
import { testEngines } from '../support/engines.js';
import {
  PASSKEY_CONFIG,
  PASSKEY_ORIGIN,
  registerPasskey,
  registrationOptions,
  submitRegistration,
} from '../support/passkeys.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { useTestApp, type TestUser } from '../support/test-app.js';
import { NOW } from '../token/support.js';

describe.each(await testEngines())('passkey registration on %s', (engine) => {
  let now = NOW;
  const t = useTestApp(engine, { config: PASSKEY_CONFIG, clock: () => now });
  let count = 0;
  const newUser = (): Promise<TestUser> => t().createUser(`reg${++count}@example.com`);
  const authenticator = () => new SoftAuthenticator({ origin: PASSKEY_ORIGIN });
  const list = async (user: TestUser) =>
    (
      await t().app.inject({
        url: '/api/auth/passkeys',
        headers: { authorization: `Bearer ${t().tokenFor(user)}` },
      })
    ).json<{ id: string; name: string; backed_up: boolean; last_used_at: string | null }[]>();

  it('N01 registration options: resident key required, UV preferred, the RP, the user, 5 minutes, no store', async () => {
    const user = await newUser();
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/auth/passkeys/options',
      headers: { authorization: `Bearer ${t().tokenFor(user)}` },
      payload: {},
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const options = response.json<Record<string, unknown>>();
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Tessera' },
      user: { name: user.email },
      timeout: 300_000,
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      excludeCredentials: [],
    });
    expect(options['challenge']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The WebAuthn user handle is random, not the user's id or email.
    const handle = (options['user'] as { id: string }).id;
    expect(Buffer.from(handle, 'base64url')).toHaveLength(32);
    // Without a token: refused.
    const anonymous = await t().app.inject({
      method: 'POST',
      url: '/api/auth/passkeys/options',
      payload: {},
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('N01 several passkeys per user, named, each excluded from the next registration, one user handle', async () => {
    const user = await newUser();
    const first = authenticator();
    const second = authenticator();
    await registerPasskey(t(), user, first, 'Laptop');
    const options = await registrationOptions(t(), user);
    expect(options.excludeCredentials?.map((entry) => entry.id)).toEqual([
      first.credentials[0]?.id,
    ]);
    // The same authenticator refuses to make a second credential for the account.
    expect(() => first.create(options)).toThrow(/InvalidStateError/);
    const response = await submitRegistration(t(), user, second.create(options), '  Phone  ');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      name: 'Phone',
      created_at: new Date(now * 1000).toISOString(),
      last_used_at: null,
      backed_up: false,
    });
    expect((await list(user)).map((passkey) => passkey.name).sort()).toEqual(['Laptop', 'Phone']);
    expect(second.credentials[0]?.userHandle).toBe(first.credentials[0]?.userHandle);
    // No name: a default one.
    const unnamed = authenticator().create(await registrationOptions(t(), user));
    expect((await submitRegistration(t(), user, unnamed)).statusCode).toBe(201);
    expect((await list(user)).map((passkey) => passkey.name).sort()).toEqual([
      'Laptop',
      'Passkey',
      'Phone',
    ]);
  });

  it('N01 a synced passkey is reported backed up', async () => {
    const user = await newUser();
    await registerPasskey(
      t(),
      user,
      new SoftAuthenticator({ origin: PASSKEY_ORIGIN, backedUp: true }),
    );
    expect((await list(user))[0]?.backed_up).toBe(true);
  });

  it('N01 the passkey list never shows credential IDs, keys or counters', async () => {
    const user = await newUser();
    const device = authenticator();
    await registerPasskey(t(), user, device);
    const response = await t().app.inject({
      url: '/api/auth/passkeys',
      headers: { authorization: `Bearer ${t().tokenFor(user)}` },
    });
    expect(Object.keys(response.json<object[]>()[0] ?? {}).sort()).toEqual([
      'backed_up',
      'created_at',
      'id',
      'last_used_at',
      'name',
    ]);
    expect(response.body).not.toContain(device.credentials[0]?.id ?? '-');
  });

  it('N02 a registration from another origin is refused and nothing is stored', async () => {
    const user = await newUser();
    const options = await registrationOptions(t(), user);
    const answer = authenticator().create(options, { origin: 'http://evil.localhost:3000' });
    expectProblem(await submitRegistration(t(), user, answer), 400, 'passkey_invalid');
    expect(await list(user)).toEqual([]);
  });

  it('N02 a registration for another RP ID is refused and nothing is stored', async () => {
    const user = await newUser();
    const options = await registrationOptions(t(), user);
    const answer = authenticator().create(options, { rpId: 'example.com' });
    expectProblem(await submitRegistration(t(), user, answer), 400, 'passkey_invalid');
    const asGet = authenticator().create(await registrationOptions(t(), user), {
      type: 'webauthn.get',
    });
    expectProblem(await submitRegistration(t(), user, asGet), 400, 'passkey_invalid');
    expect(await list(user)).toEqual([]);
  });

  it('N02 a registration without user presence is refused', async () => {
    const user = await newUser();
    const answer = authenticator().create(await registrationOptions(t(), user), { up: false });
    expectProblem(await submitRegistration(t(), user, answer), 400, 'passkey_invalid');
  });

  it('N03 a registration challenge answers once', async () => {
    const user = await newUser();
    const options = await registrationOptions(t(), user);
    const answer = authenticator().create(options);
    expect((await submitRegistration(t(), user, answer)).statusCode).toBe(201);
    const again = authenticator().create(options);
    expectProblem(await submitRegistration(t(), user, again), 400, 'passkey_challenge_invalid');
    expect(await list(user)).toHaveLength(1);
  });

  it('N04 a registration challenge older than 5 minutes is refused', async () => {
    const user = await newUser();
    const options = await registrationOptions(t(), user);
    now += 301;
    try {
      const answer = authenticator().create(options);
      expectProblem(await submitRegistration(t(), user, answer), 400, 'passkey_challenge_invalid');
    } finally {
      now = NOW;
    }
    // Within the 5 minutes: accepted.
    const fresh = await registrationOptions(t(), user);
    now += 299;
    try {
      expect((await submitRegistration(t(), user, authenticator().create(fresh))).statusCode).toBe(
        201,
      );
    } finally {
      now = NOW;
    }
  });

  it("N05 another user's registration challenge, a login challenge or a made-up one do not register", async () => {
    const [ada, eve] = [await newUser(), await newUser()];
    const adas = await registrationOptions(t(), ada);
    expectProblem(
      await submitRegistration(t(), eve, authenticator().create(adas)),
      400,
      'passkey_challenge_invalid',
    );
    // Ada's challenge was not used up by Eve's attempt.
    expect((await submitRegistration(t(), ada, authenticator().create(adas))).statusCode).toBe(201);
    const login = (
      await t().app.inject({ method: 'POST', url: '/api/auth/passkey/options', payload: {} })
    ).json<{ options: { challenge: string } }>();
    const withLoginChallenge = authenticator().create(await registrationOptions(t(), eve), {
      challenge: login.options.challenge,
    });
    expectProblem(
      await submitRegistration(t(), eve, withLoginChallenge),
      400,
      'passkey_challenge_invalid',
    );
    const madeUp = authenticator().create(await registrationOptions(t(), eve), {
      challenge: 'A'.repeat(43),
    });
    expectProblem(await submitRegistration(t(), eve, madeUp), 400, 'passkey_challenge_invalid');
    expect(await list(eve)).toEqual([]);
  });

  it('N05 a credential already registered (by anyone) is not registered again', async () => {
    const [ada, eve] = [await newUser(), await newUser()];
    const device = authenticator();
    await registerPasskey(t(), ada, device);
    const options = await registrationOptions(t(), eve);
    const answer = authenticator().create(options);
    const copied = {
      ...answer,
      id: device.credentials[0]?.id,
      rawId: device.credentials[0]?.id,
    };
    // The id outside the attestation must match the one inside: refused as invalid.
    expectProblem(await submitRegistration(t(), eve, copied), 400, 'passkey_invalid');
    // The same credential attested again (a cloned authenticator): refused, Ada's stays hers.
    const original = device.credentials[0];
    if (original === undefined) throw new Error('no credential');
    const cloned = authenticator().create(await registrationOptions(t(), eve), { reuse: original });
    expectProblem(await submitRegistration(t(), eve, cloned), 409, 'passkey_exists');
    expect(await list(eve)).toEqual([]);
    expect(await list(ada)).toHaveLength(1);
  });

  it('N12 malformed registration bodies are 4xx problems, never 5xx', async () => {
    const user = await newUser();
    const options = await registrationOptions(t(), user);
    const good = authenticator().create(options);
    const bodies: unknown[] = [
      {},
      { response: null },
      { response: 'x' },
      { response: { ...good, type: 'password' } },
      { response: { ...good, response: { clientDataJSON: 'not base64!' } } },
      { response: { ...good, response: { ...good.response, clientDataJSON: 'AAAA' } } },
      {
        response: {
          ...good,
          response: {
            ...good.response,
            clientDataJSON: Buffer.from('{"challenge": 5}').toString('base64url'),
          },
        },
      },
      { response: { ...good, response: { ...good.response, attestationObject: 'AAAA' } } },
      { name: '', response: good },
      { name: 'x'.repeat(65), response: good },
      { name: 'tab\there', response: good },
      { name: '   ', response: good },
      { response: good, extra: 1 },
    ];
    for (const payload of bodies) {
      const response = await t().app.inject({
        method: 'POST',
        url: '/api/auth/passkeys',
        headers: { authorization: `Bearer ${t().tokenFor(user)}` },
        payload: payload as object,
      });
      expect(response.statusCode, JSON.stringify(payload).slice(0, 200)).toBeGreaterThanOrEqual(
        400,
      );
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    }
    const huge = await t().app.inject({
      method: 'POST',
      url: '/api/auth/passkeys',
      headers: { authorization: `Bearer ${t().tokenFor(user)}` },
      payload: { response: { ...good, pad: 'x'.repeat(70_000) } },
    });
    expectProblem(huge, 413, 'payload_too_large');
  });

  it('N12 the log of registrations holds no challenge, credential or attestation', () => {
    expectCleanLogs(t().logs, []);
    expect(t().logs.text).toContain('passkey_registered');
    expect(t().logs.text).not.toMatch(/attestationObject|clientDataJSON|"challenge"/);
  });
});
