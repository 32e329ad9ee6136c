import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export const HOST_PASSWORD = 'correct horse battery staple';

/** Creates a user straight in the store (as `tessera user create` would). */
export async function createHostUser(
  app: FastifyInstance,
  email: string,
  role: string,
): Promise<number> {
  const { users, hasher } = app.tessera;
  const user = await users.create({
    email,
    name: email.split('@')[0] ?? email,
    role,
    isEnabled: true,
    passwordHash: await hasher.hash(HOST_PASSWORD),
  });
  return user.id;
}

/** Logs in through the plugin's own route and returns the access token and its scope. */
export async function loginOnHost(
  app: FastifyInstance,
  email: string,
): Promise<{ token: string; scope: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: HOST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  const body = response.json<{ access_token: string; scope: string }>();
  return { token: body.access_token, scope: body.scope };
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** `POST /api/notes` with a bearer token. */
export function postNote(
  app: FastifyInstance,
  token: string,
  body: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/notes',
    headers: bearer(token),
    payload: { body },
  });
}
