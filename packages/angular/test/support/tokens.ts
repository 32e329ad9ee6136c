/** An unsigned JWT-shaped token (the client decodes, never verifies, its payload). */
export function fakeToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown): string =>
    btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${encode({ alg: 'HS256', typ: 'at+jwt' })}.${encode(claims)}.c2lnbmF0dXJl`;
}

/** A token valid for an hour, for user `sub` with `scope`. */
export function validToken(sub = '1', scope = 'users:read users:write'): string {
  const now = Math.floor(Date.now() / 1000);
  return fakeToken({ sub, scope, iat: now, exp: now + 3600 });
}

/** A token that expired a minute ago. */
export function expiredToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return fakeToken({ sub: '1', scope: 'users:read', iat: now - 3600, exp: now - 60 });
}

/** A JSON `Response` as `fetch` would give it. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
