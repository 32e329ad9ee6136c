import { describe, expect, it } from 'vitest';
import { expectAnswer, expectProblem } from '../support/expect-problem.js';
import { tokenConfigurations, useForger } from '../support/forger.js';
import { claimsFor } from '../support/hostile.js';
import { PASSWORD, useTestApp } from '../support/test-app.js';
import { NOW } from '../token/support.js';

/**
 * API.md, first table: the tutorial's wire contract, kept exactly, for every token configuration
 * (HS256, EdDSA, ES256; signed, and signed then encrypted): only the token itself differs.
 */
describe.each(await tokenConfigurations())(
  'the tutorial contract on %s, %s, %s',
  (engine, alg, format) => {
    const t = useTestApp(engine, { config: { signingAlg: alg, tokenFormat: format } });
    const f = useForger(t, alg, format);
    const tokenShape =
      format === 'jws' ? /^[\w-]+\.[\w-]+\.[\w-]+$/ : /^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/;

    it('POST /api/login with email and password returns {"token"} usable on /api/users', async () => {
      const login = await t().app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { email: 'admin@example.com', password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const body = login.json<{
        token: string;
        access_token: string;
        token_type: string;
        expires_in: number;
        scope: string;
      }>();
      expect(body.token).toMatch(tokenShape);
      expect(body.access_token).toBe(body.token);
      expect(body.token_type).toBe('Bearer');
      expect(body.expires_in).toBe(900);
      expect(body.scope).toBe('users:read users:write profile:read profile:write');
      expect(login.headers['cache-control']).toBe('no-store');
      expect(login.headers['pragma']).toBe('no-cache');

      const list = await t().app.inject({
        url: '/api/users',
        headers: { authorization: `Bearer ${body.token}` },
      });
      expect(list.statusCode).toBe(200);
      const page = list.json<{ users: Record<string, unknown>[] }>();
      expect(page.users.map((user) => user['email'])).toEqual([
        'alice@example.com',
        'bob@example.com',
        'admin@example.com',
      ]);
      for (const user of page.users) {
        expect(Object.keys(user).sort()).toEqual(
          [
            'created_at',
            'email',
            'id',
            'is_email_verified',
            'is_enabled',
            'name',
            'pending_invitation',
            'role',
            'updated_at',
          ].sort(),
        );
      }
    });

    it('the canonical POST /api/auth/login answers like the alias', async () => {
      const login = await t().app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'alice@example.com', password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json<{ scope: string }>().scope).toBe('profile:read profile:write');
    });

    it('guard message 1: "Missing authorization header"', async () => {
      expectAnswer(await t().app.inject({ url: '/api/users' }), 'R401m');
    });

    it('guard message 2: "Token is invalid"', async () => {
      const response = await t().app.inject({
        url: '/api/users',
        headers: { authorization: 'Bearer abc.def.ghi' },
      });
      expectAnswer(response, 'R401i', 'abc.def.ghi');
    });

    it('guard message 3: "Token has expired"', async () => {
      const expired = f().wrap(
        f().token(claimsFor(t().admin, { iat: NOW - 4000, exp: NOW - 3100 })),
      );
      const response = await t().app.inject({
        url: '/api/users',
        headers: { authorization: `Bearer ${expired}` },
      });
      expectAnswer(response, 'R401e', expired);
    });

    it('login failure is one generic 401 for unknown email and wrong password', async () => {
      const unknown = await t().app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { email: 'nobody@example.com', password: PASSWORD },
      });
      const wrong = await t().app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { email: 'alice@example.com', password: 'not the password' },
      });
      for (const response of [unknown, wrong]) {
        expectProblem(response, 401, 'invalid_credentials');
        expect(response.json<{ message: string }>().message).toBe('Invalid email or password');
      }
      const strip = (body: string) => body.replace(/"request_id":"[^"]*"/, '');
      expect(strip(unknown.body)).toBe(strip(wrong.body));
    });
  },
);
