// Test helpers: hand-made tokens (encoded with Node's own base64url, independent of the code
// under test) and a fake `fetch`, the client's own seam, that records every call.
import { TesseraClient, type TesseraClientOptions } from '../src/index.js';

/** Pinned clock: 2023-11-14T22:13:20Z. */
export const NOW_MS = 1_700_000_000_000;
export const NOW_S = NOW_MS / 1000;
export const API = 'https://api.example.com';
/** The state of a client holding no token. */
export const SIGNED_OUT = {
  token: null,
  payload: null,
  expiresAt: null,
  scope: null,
  isAuthenticated: false,
} as const;

export function b64url(text: string | Uint8Array): string {
  return Buffer.from(text).toString('base64url');
}

/** A JWS-shaped token with this payload (the signature is not checked by the client). */
export function makeToken(
  payload: unknown,
  header: unknown = { alg: 'HS256', typ: 'at+jwt' },
): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.c2lnbmF0dXJl`;
}

/** A token valid for an hour after {@link NOW_S}. */
export function validToken(claims: Record<string, unknown> = {}): string {
  return makeToken({ sub: '1', iat: NOW_S, exp: NOW_S + 3600, scope: 'users:read', ...claims });
}

/** `location.href` under jsdom, `undefined` under node. */
export function pageHref(): string | undefined {
  const location: unknown = Reflect.get(globalThis, 'location');
  return typeof location === 'object' && location !== null
    ? String(Reflect.get(location, 'href'))
    : undefined;
}

export interface RecordedCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | null;
  readonly credentials: RequestCredentials | undefined;
}

export type Responder = (call: RecordedCall) => Response | Promise<Response>;

/** A `fetch` that records calls and answers with `responder` (200 `{}` by default). */
export function fakeFetch(responder: Responder = () => jsonResponse(200, {})): {
  fetch: typeof fetch;
  calls: RecordedCall[];
} {
  const calls: RecordedCall[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let request: Request;
    try {
      const target = typeof input === 'string' ? new URL(input, pageHref()).href : input;
      request = new Request(target, init);
    } catch (error) {
      // What fetch itself refuses (e.g. a URL with credentials) is recorded, then rejected.
      calls.push({
        url: String(input instanceof Request ? input.url : input),
        method: init?.method ?? 'GET',
        headers: new Headers(init?.headers),
        body: typeof init?.body === 'string' ? init.body : null,
        credentials: init?.credentials,
      });
      throw error;
    }
    const body = request.body === null ? null : await request.text();
    const call: RecordedCall = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body,
      credentials: init?.credentials,
    };
    calls.push(call);
    return responder(call);
  };
  return { fetch: fetchFn, calls };
}

export function jsonResponse(
  status: number,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
): Response {
  const payload = status === 204 ? null : JSON.stringify(body);
  return new Response(payload, { status, headers: { 'content-type': contentType } });
}

/** A problem+json body as the Tessera server sends it. */
export function problem(code: string, status: number, message: string): Response {
  return jsonResponse(
    status,
    { type: `urn:tessera:problem:${code}`, title: message, status, detail: message, message, code },
    'application/problem+json; charset=utf-8',
  );
}

/** A client on {@link API} with a pinned clock and a fake fetch. */
export function makeClient(options: TesseraClientOptions = {}, responder?: Responder) {
  const fake = fakeFetch(responder);
  const client = new TesseraClient({
    baseUrl: API,
    now: () => NOW_MS,
    fetch: fake.fetch,
    ...options,
  });
  return { client, calls: fake.calls };
}
