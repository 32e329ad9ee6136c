// What every scenario shares: a load run that must succeed, an expected status, the check that a
// server answers Tessera's JSON and refuses bad tokens, logins, and the interleaving order.
import { isDeepStrictEqual } from 'node:util';
import { load } from './load.mjs';
import { httpRequest } from './proc.mjs';

/** A load run that must succeed: any non-2xx answer or socket error means the harness broke. */
export async function checkedLoad(loader, name, options) {
  const result = await load(loader, options);
  if (result.requests === 0 || result.bad > 0 || result.errors > 0) {
    throw new Error(
      `${name}: ${result.requests} requests, ${result.bad} non-2xx, ${result.errors} socket errors`,
    );
  }
  return result;
}

export async function expectStatus(port, request, status, what) {
  const response = await httpRequest(port, request);
  if (response.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${response.status} ${response.body.slice(0, 200)}`,
    );
  }
  return response;
}

/**
 * Checks that a server answers the token with the exact JSON and (unless it is the no-auth
 * ceiling) refuses a missing or a forged token.
 */
export async function checkServer(server, { path: urlPath, token, payload, authenticates = true }) {
  const auth = { authorization: `Bearer ${token}` };
  const ok = await expectStatus(server.port, { path: urlPath, headers: auth }, 200, server.name);
  if (!isDeepStrictEqual(JSON.parse(ok.body), payload)) {
    throw new Error(
      `${server.name} does not serve the same JSON as Tessera on ${urlPath}:\n${ok.body.slice(0, 300)}\n${JSON.stringify(payload).slice(0, 300)}`,
    );
  }
  if (!authenticates) return;
  await expectStatus(server.port, { path: urlPath }, 401, `${server.name} without a token`);
  const forged = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
  await expectStatus(
    server.port,
    { path: urlPath, headers: { authorization: `Bearer ${forged}` } },
    401,
    `${server.name} with a forged signature`,
  );
}

/** `POST /api/login` on a server; resolves with the parsed 200 body. */
export async function logIn(server, credentials) {
  const response = await expectStatus(
    server.port,
    { method: 'POST', path: '/api/login', body: credentials, timeoutMs: 30_000 },
    200,
    `${server.name} login`,
  );
  return JSON.parse(response.body);
}

/** `POST /api/auth/refresh` with a body-transport refresh token; resolves with status and body. */
export async function refreshOnce(server, token) {
  const response = await httpRequest(server.port, {
    method: 'POST',
    path: '/api/auth/refresh',
    body: { refresh_token: token },
  });
  return {
    status: response.status,
    body: response.status === 200 ? JSON.parse(response.body) : {},
  };
}

/** Round r's order of the servers: rotated and, on odd rounds, reversed, so drift hits all alike. */
export function roundOrder(items, round) {
  const shift = round % items.length;
  const rotated = [...items.slice(shift), ...items.slice(0, shift)];
  return round % 2 === 1 ? rotated.reverse() : rotated;
}

export function log(message) {
  process.stdout.write(`${message}\n`);
}
