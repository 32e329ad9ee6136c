import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.js';
import { FUZZ_RUNS } from './fuzz-settings.js';

/** Login and user bodies: any JSON gets a 2xx that matches the schema, or a clear 4xx; never a 5xx. */
describe('fuzz: login and user bodies', () => {
  const t = useTestApp('sqlite');
  const email = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.emailAddress(),
    fc.constant('alice@example.com'),
  );
  const body = (fields: Record<string, fc.Arbitrary<unknown>>) =>
    fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(fields, { requiredKeys: [] }),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
    );

  it(`POST /api/auth/login never answers 5xx and never logs in without the password, ${FUZZ_RUNS} cases`, async () => {
    const login = body({
      email,
      password: fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null)),
    });
    await fc.assert(
      fc.asyncProperty(login, async (payload) => {
        const response = await t().app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: JSON.stringify(payload),
          headers: { 'content-type': 'application/json' },
        });
        expect([400, 401, 413, 415]).toContain(response.statusCode);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it(`POST and PATCH /api/users never answer 5xx, ${FUZZ_RUNS} cases`, async () => {
    const user = body({
      email,
      name: fc.string({ maxLength: 30 }),
      password: fc.string({ maxLength: 12 }),
      role: fc.constantFrom('admin', 'user', 'root', 1),
      is_enabled: fc.oneof(fc.boolean(), fc.constant('true')),
    });
    const authorization = `Bearer ${t().tokenFor(t().admin)}`;
    await fc.assert(
      fc.asyncProperty(user, fc.constantFrom('POST', 'PATCH'), async (payload, method) => {
        const url = method === 'POST' ? '/api/users' : `/api/users/${t().bob.id}`;
        const response = await t().app.inject({
          method,
          url,
          payload: JSON.stringify(payload),
          headers: { authorization, 'content-type': 'application/json' },
        });
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (response.statusCode < 300) {
          expect(Object.keys(response.json<object>()).sort()).toEqual([
            'created_at',
            'email',
            'id',
            'is_email_verified',
            'is_enabled',
            'name',
            'pending_invitation',
            'role',
            'updated_at',
          ]);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
