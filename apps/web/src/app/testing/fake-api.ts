/** An unsigned JWT-shaped token (the client decodes, never verifies, its payload). */
export function fakeToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown): string =>
    btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${encode({ alg: 'HS256', typ: 'at+jwt' })}.${encode(claims)}.c2ln`;
}

let issued = 0;

/** A token of user 1 in session `sid`, valid for `seconds`, different from every other one. */
export function sessionToken(sid = 's1', seconds = 900): string {
  const now = Math.floor(Date.now() / 1000);
  return fakeToken({
    sub: '1',
    sid,
    scope: 'profile:read',
    iat: now,
    exp: now + seconds,
    jti: `t${++issued}`,
  });
}

/** A JSON response as `fetch` gives it (`undefined` body: 204). */
export function jsonResponse(status: number, body?: unknown): Response {
  if (body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** One call the fake API received. */
export interface ApiCall {
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly body: unknown;
}

type Route = (call: ApiCall) => Response | Promise<Response>;

/**
 * A `fetch` for `TesseraClient` answering from `routes` (`'POST /api/auth/refresh'` → handler),
 * 404 otherwise, and recording every call.
 */
export function fakeApi(routes: Record<string, Route>) {
  const calls: ApiCall[] = [];
  const fetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input), document.baseURI);
    const method = (init.method ?? 'GET').toUpperCase();
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const call: ApiCall = { method, path: url.pathname, headers: new Headers(init.headers), body };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    return Promise.resolve(route ? route(call) : jsonResponse(404, { message: 'Not found' }));
  };
  return { fetch, calls };
}
