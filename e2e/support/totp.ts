import { generateSync } from 'otplib';
import type { Person } from './web-session.js';

const STEP_SECONDS = 30;

/**
 * The code an authenticator app shows `steps` time steps from now. The server takes one step of
 * drift and refuses a step already used, so a login after an enrolment uses the next step's
 * code (`steps = 1`): no test waits for the clock.
 */
export function totpCode(secret: string, steps = 0): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * STEP_SECONDS });
}

async function call(
  baseUrl: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

/** Logs in over the API (one step) and returns the access token. */
export async function apiLogin(baseUrl: string, person: Person): Promise<string> {
  const body = { email: person.email, password: person.password };
  return ((await call(baseUrl, '/api/auth/login', null, body)) as { access_token: string })
    .access_token;
}

/** `admin` creates `person` (with a password) over the API. */
export async function createUserOverApi(
  baseUrl: string,
  admin: Person,
  person: Person,
): Promise<void> {
  await call(baseUrl, '/api/users', await apiLogin(baseUrl, admin), { ...person, role: 'user' });
}

/** Turns on `person`'s authenticator app over the API; returns its secret. */
export async function enrolTotpOverApi(baseUrl: string, person: Person): Promise<string> {
  const token = await apiLogin(baseUrl, person);
  const { secret } = (await call(baseUrl, '/api/auth/mfa/totp', token, {
    current_password: person.password,
  })) as { secret: string };
  await call(baseUrl, '/api/auth/mfa/totp/confirm', token, { code: totpCode(secret) });
  return secret;
}
